"""Apply overlays to a rubric set: resolve `extends` chains, refuse cycles and conflicts, record provenance.

Two overlays may change the same thing only when one extends the other (the later in the chain
wins); otherwise a differing value is a conflict, reported with both files. The set passed in is
never changed: a new one comes back with every change recorded in its provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from pydantic import ValidationError

from checklist.loading.rubrics import Disabled, RubricSet
from checklist.loading.validate import first_message, require_visible, validate
from checklist.loading.yamlfile import Loc, YamlDoc
from checklist.models.overlay import Overlay, PolicyChange
from checklist.models.policy import Policy
from checklist.models.result import Provenance
from checklist.models.rubric import Rubric

ROOTS = ("policy", "context")


@dataclass
class OverlayFile:
    model: Overlay
    doc: YamlDoc

    @property
    def name(self) -> str:
        """The explicit id, or the file's path: unique either way."""
        return self.model.id or self.doc.stored


def order_overlays(overlays: list[OverlayFile], principle_ids: set[str]) -> tuple[list[OverlayFile], dict[str, set[str]]]:
    """Ancestors before descendants; also returns each overlay's ancestors (by name)."""
    by_name = named_overlays(overlays, principle_ids)
    ancestors: dict[str, set[str]] = {}
    for overlay in overlays:
        seen: list[str] = []
        current = overlay
        while current.model.extends in by_name:
            parent = by_name[current.model.extends]
            if parent.name == overlay.name or parent.name in seen:
                closer = current if current is not overlay else parent
                raise overlay.doc.error(
                    ("extends",), f"`extends` cycle: {' -> '.join([overlay.name, *seen, parent.name])}", closer.doc.path
                )
            seen.append(parent.name)
            current = parent
        root = current.model.extends
        if root not in principle_ids and root not in ROOTS:
            known = ", ".join(sorted(principle_ids))
            raise current.doc.error(("extends",), f"unknown principle {root!r} (known: {known}, policy, context)")
        ancestors[overlay.name] = set(seen)
    ordered = sorted(overlays, key=lambda o: len(ancestors[o.name]))
    return ordered, ancestors


def named_overlays(overlays: list[OverlayFile], principle_ids: set[str]) -> dict[str, OverlayFile]:
    """Overlays other overlays can extend: those with an explicit `id`, which must be unique."""
    by_name: dict[str, OverlayFile] = {}
    for overlay in overlays:
        if overlay.model.id is None:
            continue
        if overlay.name in by_name:
            raise overlay.doc.error(("id",), f"overlay id {overlay.name!r} is used twice", by_name[overlay.name].doc.path)
        if overlay.name in principle_ids or overlay.name in ROOTS:
            raise overlay.doc.error(("id",), f"overlay id {overlay.name!r} is already a principle id")
        by_name[overlay.name] = overlay
    return by_name


def root_of(overlay: OverlayFile, by_name: dict[str, OverlayFile]) -> str:
    current = overlay
    while current.model.extends in by_name:
        current = by_name[current.model.extends]
    return current.model.extends


class ConflictCheck:
    """Remembers who set what, so unrelated overlays cannot silently override each other."""

    def __init__(self, ancestors: dict[str, set[str]]) -> None:
        self.ancestors = ancestors
        self.setters: dict[tuple[str, ...], list[tuple[Any, OverlayFile, Loc]]] = {}

    def claim(self, key: tuple[str, ...], value: Any, overlay: OverlayFile, loc: Loc) -> None:
        for other_value, other, _ in self.setters.get(key, []):
            related = other.name in self.ancestors[overlay.name] or overlay.name in self.ancestors[other.name]
            if other_value != value and not related:
                raise overlay.doc.error(
                    loc, f"conflicts with overlay {other.name!r}, which sets {'.'.join(key)} to {other_value!r}", other.doc.path
                )
        self.setters.setdefault(key, []).append((value, overlay, loc))


def _provenance(doc: YamlDoc, overlay: str, action: str, target: str, why: str, field: str | None = None,
                before: Any = None, after: Any = None) -> Provenance:
    return Provenance.model_construct(
        file=doc.stored, sha256=doc.sha256, overlay=overlay, action=action, target=target,
        field=field, before=before, after=after, justification=" ".join(why.split()),
    )


def apply_policy(policy: Policy, change: PolicyChange, doc: YamlDoc, source: str, why: str) -> tuple[Policy, list[Provenance]]:
    """Merge a policy change (from an overlay or the config) and re-validate, so a floor above a
    bar is still caught; returns the new policy and one provenance entry per changed number."""
    data = policy.model_dump(mode="json", by_alias=True, exclude_none=True)
    record: list[tuple[str, Any, Any]] = []
    for name in ("default_pass_mark", "fail_below", "evidence_cap", "allow_blocker_waivers", "min_coverage"):
        value = getattr(change, name)
        if value is not None:
            record.append((name, data[name], value))
            data[name] = value
    if change.severity_weights is not None:
        for level, value in change.severity_weights.model_dump(exclude_none=True).items():
            record.append((f"severity_weights.{level}", data["severity_weights"][level], value))
            data["severity_weights"][level] = value
    tiers = {t["id"]: t for t in data["tiers"]}
    for tier_id, tier_change in change.tiers.items():
        if tier_id not in tiers:
            raise doc.error(("policy", "tiers", tier_id), f"unknown tier {tier_id!r} (tiers: {', '.join(tiers)})")
        for name, value in tier_change.model_dump(exclude_none=True).items():
            record.append((f"tiers.{tier_id}.{name}", tiers[tier_id][name], value))
            tiers[tier_id][name] = value
    try:
        new = Policy.model_validate(data)
    except ValidationError as exc:  # report against the file that broke it
        raise doc.error(("policy",), f"the policy after this change is invalid: {first_message(exc)}") from None
    return new, [_provenance(doc, source, "policy", "policy", why, f, b, a) for f, b, a in record]


@dataclass
class _Changes:
    """What the overlays have done so far; turned into a new RubricSet at the end."""

    base: RubricSet
    rubrics: dict[str, Rubric]
    policy: Policy
    facts: dict[str, Any]
    provenance: list[Provenance] = field(default_factory=list)
    disabled: dict[str, Disabled] = field(default_factory=dict)
    lifted: dict[str, str] = field(default_factory=dict)
    builtin: frozenset[str] = frozenset()  # files whose overlays ship with the tool: not recorded as changes
    origins: dict[str, str] = field(default_factory=dict)
    locations: dict[str, tuple[str, Loc]] = field(default_factory=dict)

    def shown(self, stored: str | None) -> str | None:
        """A recorded file name as errors name it."""
        return self.base.shown(stored) if stored else stored

    def note(self, overlay: OverlayFile, action: str, target: str, field: str | None = None,
             before: Any = None, after: Any = None, why: str | None = None) -> None:
        if overlay.doc.stored in self.builtin:
            return
        reason = why if why is not None else overlay.model.justification
        self.provenance.append(_provenance(overlay.doc, overlay.name, action, target, reason, field, before, after))


def apply_overlays(base: RubricSet, docs: list[YamlDoc], builtin: set[str] | frozenset[str] = frozenset()) -> RubricSet:
    """A new rubric set with the overlays' criteria added, changed or disabled and policy and profile extended."""
    overlays = [OverlayFile(validate(doc, Overlay), doc) for doc in docs]
    for overlay in overlays:
        _check_justified(overlay, base.policy.min_justification_chars)
    changes = _Changes(
        base, {r.id: r for r in base.rubrics}, base.policy, dict(base.profile.facts),
        origins=dict(base.origins), locations=dict(base.locations), disabled=dict(base.disabled), lifted=dict(base.lifted),
        builtin=frozenset(builtin),
    )
    ordered, ancestors = order_overlays(overlays, set(changes.rubrics))
    by_name = named_overlays(overlays, set(changes.rubrics))
    check = ConflictCheck(ancestors)
    for overlay in ordered:
        root = root_of(overlay, by_name)
        _apply_facts(changes, overlay, root)
        _apply_policy(changes, overlay, check)
        _add_prohibitions(changes, overlay, root)
        if root in ROOTS:
            model = overlay.model
            if model.add or model.change or model.disable or model.weight is not None or model.min_score is not None:
                raise overlay.doc.error(("extends",), f"an overlay of {root} can only change {'facts' if root == 'context' else 'policy'}")
            continue
        _apply_principle(changes, overlay, root, check)
    for overlay in ordered:  # lifted only once every red line is known, whichever file sorts first
        _lift_prohibitions(changes, overlay)
    return replace(
        base,
        profile=base.profile.model_copy(update={"facts": changes.facts}),
        policy=changes.policy,
        rubrics=tuple(changes.rubrics[r.id] for r in base.rubrics),
        origins=changes.origins,
        locations=changes.locations,
        provenance=base.provenance + tuple(changes.provenance),
        disabled=changes.disabled,
        lifted=changes.lifted,
    )


def _check_justified(overlay: OverlayFile, minimum: int) -> None:
    """A change to the rubrics says why, in visible words: a blank or a zero-width space is no reason."""
    model, doc = overlay.model, overlay.doc
    if model.change or model.policy or model.weight is not None or model.min_score is not None:
        require_visible(doc, ("justification",), model.justification, minimum, "the justification of an overlay that changes the rubrics")
    for criterion_id, why in model.disable.items():
        require_visible(doc, ("disable", criterion_id), why, minimum, f"the justification for disabling {criterion_id}")


def _apply_facts(changes: _Changes, overlay: OverlayFile, root: str) -> None:
    model, doc = overlay.model, overlay.doc
    if not model.facts:
        return
    if root != "context":
        raise doc.error(("facts",), "new facts go in an overlay with `extends: context`")
    for name, spec in model.facts.items():
        if name in changes.facts:
            raise doc.error(("facts", name), f"fact {name!r} already exists in the context profile")
        changes.facts[name] = spec
        changes.note(overlay, "fact", name, after=spec.type)


def _apply_policy(changes: _Changes, overlay: OverlayFile, check: ConflictCheck) -> None:
    if overlay.model.policy is None:
        return
    changes.policy, notes = apply_policy(changes.policy, overlay.model.policy, overlay.doc, overlay.name, overlay.model.justification)
    for entry in notes:
        check.claim(("policy", entry.field or ""), entry.after, overlay, ("policy",))
    changes.provenance += notes


def _add_prohibitions(changes: _Changes, overlay: OverlayFile, root: str) -> None:
    """Red lines added by legal packs, vendor policies or an organisation."""
    model, doc = overlay.model, overlay.doc
    if not model.prohibitions and not model.lift:
        return
    if root != "policy":
        raise doc.error(("prohibitions" if model.prohibitions else "lift",), "red lines go in an overlay with `extends: policy`")
    known = {p.id for p in changes.policy.prohibitions}
    for index, prohibition in enumerate(model.prohibitions):
        if prohibition.id in known:
            other = changes.origins.get(prohibition.id)
            raise doc.error(("prohibitions", index, "id"), f"red line {prohibition.id} is defined twice", other)
        known.add(prohibition.id)
        changes.origins[prohibition.id] = doc.stored
        changes.note(overlay, "prohibition", prohibition.id, why=prohibition.reason)
    changes.policy = changes.policy.model_copy(update={"prohibitions": [*changes.policy.prohibitions, *model.prohibitions]})


def _lift_prohibitions(changes: _Changes, overlay: OverlayFile) -> None:
    """A red line switched off only with a reason, which every output then names first."""
    doc = overlay.doc
    known = {p.id for p in changes.policy.prohibitions}
    for prohibition_id, why in overlay.model.lift.items():
        if prohibition_id not in known:
            raise doc.error(("lift", prohibition_id), f"unknown red line {prohibition_id!r}")
        reason = " ".join(why.split())
        changes.lifted[prohibition_id] = f"{doc.stored}: {reason}"
        changes.note(overlay, "lift", prohibition_id, why=reason)


def _apply_principle(changes: _Changes, overlay: OverlayFile, root: str, check: ConflictCheck) -> None:
    model = overlay.model
    rubric = changes.rubrics[root]
    updates: dict[str, Any] = {}
    for name in ("weight", "min_score"):
        value = getattr(model, name)
        if value is not None:
            check.claim((root, name), value, overlay, (name,))
            changes.note(overlay, "principle", root, name, getattr(rubric, name), value)
            updates[name] = value
    criteria = list(rubric.criteria)
    _change_criteria(changes, overlay, root, criteria, check)
    _disable_criteria(changes, overlay, root, {c.id for c in criteria})
    _add_criteria(changes, overlay, criteria)
    sources = _merged_sources(overlay, root, rubric)
    changes.rubrics[root] = rubric.model_copy(update={**updates, "sources": sources, "criteria": criteria})


def _merged_sources(overlay: OverlayFile, root: str, rubric: Rubric) -> list[Any]:
    sources = list(rubric.sources)
    known = {s.id: s for s in sources}
    for index, source in enumerate(overlay.model.sources):
        if source.id in known and known[source.id] != source:
            raise overlay.doc.error(("sources", index, "id"), f"source {source.id!r} already exists in principle {root} with other details")
        if source.id not in known:
            sources.append(source)
            known[source.id] = source
    return sources


def _change_criteria(changes: _Changes, overlay: OverlayFile, root: str, criteria: list[Any], check: ConflictCheck) -> None:
    index_of = {c.id: i for i, c in enumerate(criteria)}
    for criterion_id, change in overlay.model.change.items():
        if criterion_id not in index_of:
            message = f"unknown criterion {criterion_id!r} in principle {root}"
            raise overlay.doc.error(("change", criterion_id), message, changes.shown(changes.origins.get(root)))
        current = criteria[index_of[criterion_id]]
        fields = change.model_dump(exclude_unset=True)
        for name, value in fields.items():
            check.claim((criterion_id, name), value, overlay, ("change", criterion_id, name))
            changes.note(overlay, "change", criterion_id, name, getattr(current, name), value)
        if "weight" in fields:
            fields.setdefault("severity", None)
        if "severity" in fields and "weight" not in fields:
            fields["weight"] = None
        criteria[index_of[criterion_id]] = current.model_copy(update=fields)


def _disable_criteria(changes: _Changes, overlay: OverlayFile, root: str, known: set[str]) -> None:
    for criterion_id, why in overlay.model.disable.items():
        if criterion_id not in known:
            message = f"unknown criterion {criterion_id!r} in principle {root}"
            raise overlay.doc.error(("disable", criterion_id), message, changes.shown(changes.origins.get(root)))
        changes.disabled[criterion_id] = Disabled(overlay.doc.stored, overlay.name, " ".join(why.split()))
        changes.note(overlay, "disable", criterion_id, why=why)


def _add_criteria(changes: _Changes, overlay: OverlayFile, criteria: list[Any]) -> None:
    doc = overlay.doc
    for index, criterion in enumerate(overlay.model.add):
        if criterion.id in changes.locations:
            other = changes.shown(changes.locations[criterion.id][0])
            raise doc.error(("add", index, "id"), f"criterion {criterion.id} is defined twice", other)
        criteria.append(criterion)
        changes.locations[criterion.id] = (doc.stored, ("add", index))
        changes.origins[criterion.id] = doc.stored
        changes.note(overlay, "add", criterion.id)
