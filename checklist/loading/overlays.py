"""Apply overlays to a rubric set: resolve `extends` chains, refuse cycles and conflicts, record provenance.

Two overlays may change the same thing only when one extends the other (the later in the chain
wins); otherwise a differing value is a conflict, reported with both files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from checklist.loading.errors import InputError
from checklist.loading.validate import validate
from checklist.loading.yamlfile import YamlDoc
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
        return self.model.id or self.doc.path


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
        self.setters: dict[tuple[str, ...], list[tuple[Any, OverlayFile, tuple[Any, ...]]]] = {}

    def claim(self, key: tuple[str, ...], value: Any, overlay: OverlayFile, loc: tuple[Any, ...]) -> None:
        for other_value, other, _ in self.setters.get(key, []):
            related = other.name in self.ancestors[overlay.name] or overlay.name in self.ancestors[other.name]
            if other_value != value and not related:
                raise overlay.doc.error(
                    loc, f"conflicts with overlay {other.name!r}, which sets {'.'.join(key)} to {other_value!r}", other.doc.path
                )
        self.setters.setdefault(key, []).append((value, overlay, loc))


def apply_policy_change(
    policy: Policy, change: PolicyChange, doc: YamlDoc, loc: tuple[Any, ...], record: list[tuple[str, Any, Any]]
) -> Policy:
    """Merge a policy change and re-validate, so a floor above a bar is still caught."""
    data = policy.model_dump(mode="json", by_alias=True, exclude_none=True)
    for field in ("default_pass_mark", "fail_below", "evidence_cap", "allow_blocker_waivers"):
        value = getattr(change, field)
        if value is not None:
            record.append((field, data[field], value))
            data[field] = value
    if change.severity_weights is not None:
        for level, value in change.severity_weights.model_dump(exclude_none=True).items():
            record.append((f"severity_weights.{level}", data["severity_weights"][level], value))
            data["severity_weights"][level] = value
    tiers = {t["id"]: t for t in data["tiers"]}
    for tier_id, tier_change in change.tiers.items():
        if tier_id not in tiers:
            raise doc.error(loc + ("tiers", tier_id), f"unknown tier {tier_id!r} (tiers: {', '.join(tiers)})")
        for field, value in tier_change.model_dump(exclude_none=True).items():
            record.append((f"tiers.{tier_id}.{field}", tiers[tier_id][field], value))
            tiers[tier_id][field] = value
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:  # report against the overlay that broke it
        first = exc.errors(include_url=False)[0]
        message = first["msg"].removeprefix("Value error, ")
        raise doc.error(loc, f"the policy after this change is invalid: {message}") from None


def apply_overlays(rubric_set: Any, overlays: list[OverlayFile]) -> None:
    """Mutates the rubric set: criteria added, changed or disabled; policy and profile extended."""
    rubrics: dict[str, Rubric] = {r.id: r for r in rubric_set.rubrics}
    ordered, ancestors = order_overlays(overlays, set(rubrics))
    by_name = named_overlays(overlays, set(rubrics))
    check = ConflictCheck(ancestors)
    provenance: list[Provenance] = rubric_set.provenance

    def note(overlay: OverlayFile, action: str, target: str, field: str | None = None, before: Any = None, after: Any = None, why: str | None = None) -> None:
        provenance.append(
            Provenance.model_construct(
                file=overlay.doc.path, sha256=overlay.doc.sha256, overlay=overlay.name, action=action, target=target,
                field=field, before=before, after=after, justification=" ".join((why if why is not None else overlay.model.justification).split()),
            )
        )

    for overlay in ordered:
        model, doc = overlay.model, overlay.doc
        root = root_of(overlay, by_name)
        if model.facts:
            if root != "context":
                raise doc.error(("facts",), "new facts go in an overlay with `extends: context`")
            facts = dict(rubric_set.profile.facts)
            for name, spec in model.facts.items():
                if name in facts:
                    raise doc.error(("facts", name), f"fact {name!r} already exists in the context profile")
                facts[name] = spec
                note(overlay, "fact", name, after=spec.type)
            rubric_set.profile = rubric_set.profile.model_copy(update={"facts": facts})
        if model.policy is not None:
            record: list[tuple[str, Any, Any]] = []
            rubric_set.policy = apply_policy_change(rubric_set.policy, model.policy, doc, ("policy",), record)
            for field, before, after in record:
                check.claim(("policy", field), after, overlay, ("policy",))
                note(overlay, "policy", "policy", field, before, after)
        if root in ROOTS:
            if model.add or model.change or model.disable or model.weight is not None or model.min_score is not None:
                raise doc.error(("extends",), f"an overlay of {root} can only change {'facts' if root == 'context' else 'policy'}")
            continue
        rubric = rubrics[root]
        updates: dict[str, Any] = {}
        for field in ("weight", "min_score"):
            value = getattr(model, field)
            if value is not None:
                check.claim((root, field), value, overlay, (field,))
                note(overlay, "principle", root, field, getattr(rubric, field), value)
                updates[field] = value
        sources = list(rubric.sources)
        known_sources = {s.id: s for s in sources}
        for index, source in enumerate(model.sources):
            if source.id in known_sources and known_sources[source.id] != source:
                raise doc.error(("sources", index, "id"), f"source {source.id!r} already exists in principle {root} with other details")
            if source.id not in known_sources:
                sources.append(source)
                known_sources[source.id] = source
        criteria = list(rubric.criteria)
        index_of = {c.id: i for i, c in enumerate(criteria)}
        for criterion_id, change in model.change.items():
            loc = ("change", criterion_id)
            if criterion_id not in index_of:
                raise doc.error(loc, f"unknown criterion {criterion_id!r} in principle {root}", rubric_set.origins.get(root))
            current = criteria[index_of[criterion_id]]
            fields = change.model_dump(exclude_unset=True)
            for field, value in fields.items():
                check.claim((criterion_id, field), value, overlay, loc + (field,))
                note(overlay, "change", criterion_id, field, getattr(current, field), value)
            if "weight" in fields:
                fields.setdefault("severity", None)
            if "severity" in fields and "weight" not in fields:
                fields["weight"] = None
            criteria[index_of[criterion_id]] = current.model_copy(update=fields)
        for criterion_id, why in model.disable.items():
            if criterion_id not in index_of:
                raise doc.error(("disable", criterion_id), f"unknown criterion {criterion_id!r} in principle {root}", rubric_set.origins.get(root))
            rubric_set.disabled[criterion_id] = {"file": doc.path, "overlay": overlay.name, "justification": " ".join(why.split())}
            note(overlay, "disable", criterion_id, why=why)
        for index, criterion in enumerate(model.add):
            criteria.append(criterion)
            index_of[criterion.id] = len(criteria) - 1
            rubric_set.added[criterion.id] = (doc, ("add", index))
            note(overlay, "add", criterion.id, why=model.justification)
        updates.update(sources=sources, criteria=criteria)
        rubrics[root] = rubric.model_copy(update=updates)
    rubric_set.rubrics = [rubrics[r.id] for r in rubric_set.rubrics]


def load_overlay(doc: YamlDoc) -> OverlayFile:
    return OverlayFile(validate(doc, Overlay), doc)


def check_config_policy(rubric_set: Any, change: PolicyChange, doc: YamlDoc, justification: str) -> None:
    record: list[tuple[str, Any, Any]] = []
    rubric_set.policy = apply_policy_change(rubric_set.policy, change, doc, ("policy",), record)
    for field, before, after in record:
        rubric_set.provenance.append(
            Provenance.model_construct(file=doc.path, sha256=doc.sha256, overlay="config", action="policy", target="policy",
                       field=field, before=before, after=after, justification=" ".join(justification.split()))
        )


__all__ = ["InputError", "OverlayFile", "apply_overlays", "load_overlay", "check_config_policy"]
