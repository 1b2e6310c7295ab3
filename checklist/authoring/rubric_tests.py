"""`rubrics test`: run fixture deployments through the rubrics and compare with what was expected."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from checklist.errors import InputError
from checklist.loading.rubrics import RubricSet, display_name
from checklist.loading.validate import validate
from checklist.loading.yamlfile import read_yaml
from checklist.models.result import Result
from checklist.models.rubric_tests import Expect, Range, RubricTests


@dataclass
class CaseOutcome:
    name: str
    where: str
    differences: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.differences


def find_test_files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.rglob("*.yaml") if p.is_file())
        elif path.is_file():
            out.append(path)
        else:
            raise InputError(str(path), "test file or folder not found")
    if not out:
        raise InputError(", ".join(map(str, paths)), "no rubric test files (*.yaml with `cases:`) found")
    return out


def run_tests(paths: list[Path]) -> list[CaseOutcome]:
    from checklist.engine.assess import assess_file
    from checklist.loading.cache import load_cached
    from checklist.resources import builtin_rubric_folders

    outcomes = []
    sets: dict[tuple[Path, ...], RubricSet] = {}  # cases of a suite mostly share a rubric set: loaded once
    for path in find_test_files(paths):
        doc = read_yaml(path, display_name(path))
        if not isinstance(doc.data, dict) or "cases" not in doc.data:
            continue
        suite = validate(doc, RubricTests)
        for index, case in enumerate(suite.cases):
            folder = path.resolve().parent
            line = doc.position(("cases", index))[0]
            extra = []
            for r_index, name in enumerate(case.rubrics):
                extra_path = folder / name
                if not extra_path.exists():
                    raise doc.error(("cases", index, "rubrics", r_index), f"{name!r} not found")
                extra.append(extra_path)
            deployment = folder / case.deployment
            if not deployment.is_file():
                raise doc.error(("cases", index, "deployment"), f"deployment {case.deployment!r} not found")
            folders = tuple((builtin_rubric_folders() if case.builtin else []) + extra)
            if folders not in sets:
                sets[folders] = load_cached(list(folders), None)
            rubric_set = sets[folders]
            result = assess_file(deployment, rubric_set)
            outcomes.append(CaseOutcome(case.name, f"{doc.path}:{line}", compare(case.expect, result)))
    return outcomes


def compare(expect: Expect, result: Result) -> list[str]:
    """One readable line per difference: what was expected, what the rubrics gave."""
    diffs = []
    if expect.verdict is not None and expect.verdict != result.verdict.value:
        diffs.append(f"verdict: expected {expect.verdict}, got {result.verdict.value} ({'; '.join(result.verdict.reasons)})")
    if expect.tier is not None and expect.tier != result.tier.id:
        diffs.append(f"tier: expected {expect.tier}, got {result.tier.id}")
    statuses = {c.id: c for p in result.principles for c in p.criteria}
    for criterion_id, wanted in expect.statuses.items():
        got = statuses.get(criterion_id)
        if got is None:
            diffs.append(f"{criterion_id}: expected {wanted}, but no such criterion is loaded")
        elif got.status != wanted:
            diffs.append(f"{criterion_id}: expected {wanted}, got {got.status} (score {got.score:g})")
    diffs += _same_ids("red lines", expect.prohibitions, [p.id for p in result.prohibitions if p.binding])
    diffs += _same_ids("flagged principles", expect.flagged, [p.id for p in result.principles if p.flagged])
    if expect.top_action is not None:
        top = result.actions[0].criterion if result.actions else None
        if top != expect.top_action:
            diffs.append(f"top action: expected {expect.top_action}, got {top or 'none'}")
    return diffs + _ranges(expect, result)


def _same_ids(label: str, wanted: list[str] | None, got: list[str]) -> list[str]:
    if wanted is None or sorted(wanted) == sorted(got):
        return []
    return [f"{label}: expected {', '.join(sorted(wanted)) or 'none'}, got {', '.join(sorted(got)) or 'none'}"]


def _ranges(expect: Expect, result: Result) -> list[str]:
    diffs = []
    ranges: list[tuple[str, Range | None, float | None]] = [("overall", expect.overall, result.overall_score)]
    scores = {p.id: p.score for p in result.principles}
    ranges += [(f"principle {pid}", r, scores.get(pid)) for pid, r in expect.principles.items()]
    for label, wanted_range, got_score in ranges:
        if wanted_range is None:
            continue
        if got_score is None:
            diffs.append(f"{label}: expected a score, got none")
            continue
        low = wanted_range.min if wanted_range.min is not None else 0
        high = wanted_range.max if wanted_range.max is not None else 100
        if not low <= got_score <= high:
            diffs.append(f"{label} score: expected {low:g}..{high:g}, got {got_score:g}")
    return diffs
