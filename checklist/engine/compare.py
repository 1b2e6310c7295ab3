"""Compare two assessments: what improved, what regressed, and whether the rubrics changed between
them. Reads results only (nothing is rescored); `diff` renders it and `assess --baseline` gates on
its regressions."""

from __future__ import annotations

from collections.abc import Sequence

from checklist.models.diff import (
    STATUS_RANK,
    Change,
    CriterionChange,
    CriterionChangeKind,
    DiffReport,
    EvidenceChange,
    FactChange,
    InputChange,
    PrincipleChange,
    RedLineChange,
    ResultDiff,
    Side,
)
from checklist.models.result import CriterionResult, ProhibitionResult, Result, severity

RUBRIC_ROLES = ("rubric", "profile", "policy", "overlay", "config")
CHANGE_ORDER = {"regressed": 0, "appeared": 1, "disappeared": 2, "changed": 3, "improved": 4}


def _change(old: float | None, new: float | None, digits: int = 1) -> Change:
    delta = None if old is None or new is None else round(new - old, digits)
    return Change(old=old, new=new, delta=delta)


def _side(r: Result) -> Side:
    return Side(name=r.deployment.name, source_path=r.source_path or r.source_name, version=r.deployment.version,
                date=r.deployment.date, verdict=r.verdict.value, tool_version=r.tool.version)


def answer_text(c: CriterionResult) -> str | None:
    """What the team answered, in a word: the option, the figure, the controls, or `unknown`."""
    if c.unknown:
        return "unknown"
    if c.answer is not None:
        return c.answer
    if c.figure_text is not None or c.figure is not None:
        return c.figure_text or f"{c.figure:g}"
    if c.items is not None:
        return ", ".join(c.items) if c.items else "(none)"
    return None


def _evidence(old: CriterionResult, new: CriterionResult) -> list[EvidenceChange]:
    def keyed(c: CriterionResult) -> dict[tuple[str, str], tuple[str | None, str | None]]:
        return {(e.title, e.path or e.url or ""): (e.sha256, e.date.isoformat() if e.date else None) for e in c.evidence}

    before, after = keyed(old), keyed(new)
    out = []
    for key in after:
        if key not in before:
            out.append(EvidenceChange(title=key[0], change="added", where=key[1] or None, new_sha256=after[key][0]))
        elif before[key] != after[key]:
            out.append(EvidenceChange(title=key[0], change="changed", where=key[1] or None, old_sha256=before[key][0],
                                      new_sha256=after[key][0]))
    out += [EvidenceChange(title=k[0], change="removed", where=k[1] or None, old_sha256=before[k][0]) for k in before if k not in after]
    return out


def _criterion(old: CriterionResult | None, new: CriterionResult | None) -> CriterionChange | None:
    some = new or old
    assert some is not None
    if old is None:
        assert new is not None
        return CriterionChange(id=some.id, principle=some.principle, title=some.title, change="appeared",
                               new_status=new.status, new_score=new.score, new_answer=answer_text(new))
    if new is None:
        return CriterionChange(id=some.id, principle=some.principle, title=some.title, change="disappeared",
                               old_status=old.status, old_score=old.score, old_answer=answer_text(old))
    rank_old, rank_new = STATUS_RANK[old.status], STATUS_RANK[new.status]
    evidence = _evidence(old, new)
    answers = (answer_text(old), answer_text(new))
    notes_changed = old.notes.strip() != new.notes.strip()
    kind: CriterionChangeKind
    if rank_new > rank_old or (old.status == new.status and new.score < old.score):
        kind = "regressed"
    elif rank_new < rank_old or (old.status == new.status and new.score > old.score):
        kind = "improved"
    elif old.status != new.status or answers[0] != answers[1] or evidence or notes_changed or old.score != new.score:
        kind = "changed"
    else:
        return None
    return CriterionChange(
        id=some.id, principle=some.principle, title=some.title, change=kind,
        old_status=old.status, new_status=new.status, old_score=old.score, new_score=new.score,
        old_answer=answers[0], new_answer=answers[1], notes_changed=notes_changed, evidence=evidence,
    )


def _state(p: ProhibitionResult | None) -> str | None:
    if p is None:
        return None
    return "lifted" if p.lifted is not None else "possible" if p.possible else "holds"


def _inputs(old: Result, new: Result) -> list[InputChange]:
    before = {(i.role, i.name): i.sha256 for i in old.inputs if i.role in RUBRIC_ROLES}
    after = {(i.role, i.name): i.sha256 for i in new.inputs if i.role in RUBRIC_ROLES}
    out = []
    for (role, name), digest in after.items():
        if (role, name) not in before:
            out.append(InputChange(role=role, name=name, change="added", new_sha256=digest))
        elif before[(role, name)] != digest:
            out.append(InputChange(role=role, name=name, change="changed", old_sha256=before[(role, name)], new_sha256=digest))
    out += [InputChange(role=r, name=n, change="removed", old_sha256=d) for (r, n), d in before.items() if (r, n) not in after]
    return out


def _warnings(old: Result, new: Result, inputs: list[InputChange], versions: list[FactChange]) -> list[str]:
    warnings = []
    if inputs:
        by_change = {kind: [i.name for i in inputs if i.change == kind] for kind in ("changed", "added", "removed")}
        named = "; ".join(f"{kind}: {', '.join(names)}" for kind, names in by_change.items() if names)
        policy = " (the policy is among them: bars, floors and tiers may differ)" if any(i.role == "policy" for i in inputs) else ""
        warnings.append(f"The rubric set differs between the two assessments{policy}: {named}. "
                        "Score changes may come from the rubrics rather than from the deployment.")
    if versions:
        warnings.append("Rubric versions differ: " + ", ".join(f"{v.fact} {v.old} -> {v.new}" for v in versions) + ".")
    if old.tool.version != new.tool.version:
        warnings.append(f"Assessed by rai-checklist {old.tool.version} and {new.tool.version}.")
    if (old.tier.bar, old.tier.floor) != (new.tier.bar, new.tier.floor) and old.tier.id == new.tier.id:
        warnings.append(f"Tier {new.tier.id} has other numbers: bar {old.tier.bar:g} -> {new.tier.bar:g}, "
                        f"floor {old.tier.floor:g} -> {new.tier.floor:g}.")
    return warnings


def compare(old: Result, new: Result) -> ResultDiff:
    old_p = {p.id: p for p in old.principles}
    new_p = {p.id: p for p in new.principles}
    principles = []
    for pid in [*new_p, *(k for k in old_p if k not in new_p)]:
        a, b = old_p.get(pid), new_p.get(pid)
        some = b or a
        assert some is not None
        principles.append(PrincipleChange(
            id=pid, title=some.title,
            score=_change(a.score if a else None, b.score if b else None),
            answered_score=_change(a.answered_score if a else None, b.answered_score if b else None),
            coverage=_change(a.coverage if a else None, b.coverage if b else None, 4),
            flagged=(a.flagged if a else None, b.flagged if b else None),
            presence="both" if a and b else "appeared" if b else "disappeared",
        ))
    old_c = {c.id: c for p in old.principles for c in p.criteria}
    new_c = {c.id: c for p in new.principles for c in p.criteria}
    criteria = [ch for cid in [*new_c, *(k for k in old_c if k not in new_c)]
                if (ch := _criterion(old_c.get(cid), new_c.get(cid))) is not None]
    criteria.sort(key=lambda ch: CHANGE_ORDER[ch.change])
    old_r = {p.id: p for p in old.prohibitions}
    new_r = {p.id: p for p in new.prohibitions}
    red_lines = []
    for rid in [*new_r, *(k for k in old_r if k not in new_r)]:
        a_state, b_state = _state(old_r.get(rid)), _state(new_r.get(rid))
        if a_state != b_state:
            title = (new_r.get(rid) or old_r[rid]).title
            red_lines.append(RedLineChange(id=rid, title=title, old=a_state, new=b_state))  # type: ignore[arg-type]
    context = [FactChange(fact=k, old=old.context.get(k), new=new.context.get(k))
               for k in [*new.context, *(k for k in old.context if k not in new.context)]
               if old.context.get(k) != new.context.get(k)]
    versions = [FactChange(fact=pid, old=old_p[pid].version, new=new_p[pid].version)
                for pid in new_p if pid in old_p and old_p[pid].version != new_p[pid].version]
    inputs = _inputs(old, new)
    change = severity(new.verdict.value) - severity(old.verdict.value)
    diff = ResultDiff(
        old=_side(old), new=_side(new), verdict="worse" if change > 0 else "better" if change < 0 else "same",
        overall=_change(old.overall_score, new.overall_score),
        answered=_change(old.overall_answered_score, new.overall_answered_score),
        coverage=_change(old.overall_coverage, new.overall_coverage, 4),
        tier=(old.tier.id, new.tier.id), principles=principles, criteria=criteria, red_lines=red_lines, context=context,
        rubric_changes=inputs, principle_versions=versions, warnings=_warnings(old, new, inputs, versions), regressions=[],
    )
    diff.regressions = regressions(diff)
    return diff


def regressions(diff: ResultDiff) -> list[str]:
    """What a baseline gate fails on: a verdict that got worse, a red line that now holds, a
    criterion whose status ranks worse. A lower score with the same status, and criteria that
    appeared (a new rubric version), are shown by `diff` but do not fail the gate."""
    out = []
    if diff.verdict == "worse":
        out.append(f"verdict {diff.old.verdict} -> {diff.new.verdict}")
    out += [f"red line {r.id} now holds ({r.title})" for r in diff.red_lines if r.new == "holds"]
    for c in diff.criteria:
        if c.change == "regressed" and c.old_status and c.new_status and STATUS_RANK[c.new_status] > STATUS_RANK[c.old_status]:
            out.append(f"{c.id} {c.old_status} -> {c.new_status}")
    return out


def match(old: Sequence[Result], new: Sequence[Result]) -> tuple[list[tuple[Result, Result]], list[Result], list[Result]]:
    """Pair the deployments of two files: by path, then by name; one each always pairs."""
    if len(old) == 1 and len(new) == 1:
        return [(old[0], new[0])], [], []
    left = list(old)
    pairs: list[tuple[Result, Result]] = []
    unmatched_new: list[Result] = []
    for r in new:
        found = next((o for o in left if r.source_path and o.source_path == r.source_path), None)
        if found is None:
            found = next((o for o in left if o.deployment.name == r.deployment.name), None)
        if found is None:
            unmatched_new.append(r)
        else:
            left.remove(found)
            pairs.append((found, r))
    return pairs, left, unmatched_new


def diff_results(old: Sequence[Result], new: Sequence[Result]) -> DiffReport:
    pairs, only_old, only_new = match(old, new)
    return DiffReport(
        diffs=[compare(a, b) for a, b in pairs],
        only_old=[r.source_path or r.deployment.name for r in only_old],
        only_new=[r.source_path or r.deployment.name for r in only_new],
    )
