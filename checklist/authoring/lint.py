"""`rubrics validate`: every problem in a set of rubric files, not just the first."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from checklist.errors import InputError
from checklist.kinds import KINDS
from checklist.loading.rubrics import RubricSet, file_kind, load_rubric_set, rubric_file_name, yaml_files
from checklist.loading.validate import validate
from checklist.loading.yamlfile import read_yaml
from checklist.models.conditions import Condition
from checklist.models.overlay import Overlay
from checklist.models.policy import Policy
from checklist.models.profile import ContextProfile
from checklist.models.rubric import Criterion, Rubric


@dataclass(frozen=True)
class Finding:
    level: str  # error | warning
    code: str
    file: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        field = f" {self.field}:" if self.field else ""
        return f"{where}: {self.level} [{self.code}]{field} {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_error(cls, exc: InputError, code: str) -> Finding:
        other = f" (see also {exc.other_file})" if exc.other_file else ""
        return cls("error", code, exc.file, exc.message + other, exc.line, exc.field)


def lint(paths: list[Path], with_builtin: bool = True) -> list[Finding]:
    """Each file alone first (so every broken file is reported), then the set as a whole."""
    from checklist.resources import builtin_rubric_folders, data_dir

    root = data_dir("principles").resolve()
    paths = [q for p in paths for q in (builtin_rubric_folders() if p.resolve() == root else [p])]
    findings: list[Finding] = []
    for folder in paths:
        try:
            files = yaml_files(folder)
        except InputError as exc:
            findings.append(Finding.from_error(exc, "missing"))
            continue
        for path in files:
            findings += _lint_file(path, rubric_file_name(path, folder if folder.is_dir() else folder.parent))
    if any(f.level == "error" for f in findings):
        return findings
    targets = {p.resolve() for p in paths}
    base = builtin_rubric_folders() if with_builtin and root not in targets else []
    try:
        rubric_set = load_rubric_set(base + list(paths))
    except InputError as exc:
        return findings + [Finding.from_error(exc, "set")]
    checked = {str(p.resolve()) for p in paths}
    return findings + [f for f in _lint_set(rubric_set) if _in_scope(f.file, checked)]


def _in_scope(file: str, checked: set[str]) -> bool:
    """Report on the files asked about, not on the built-ins they sit on."""
    from checklist.resources import data_dir

    return not file.startswith("principles/") or str(data_dir("principles").resolve()) in checked


def _lint_file(path: Path, name: str) -> list[Finding]:
    try:
        doc = read_yaml(path, name)
        kind = file_kind(doc)
        models: dict[str, type[BaseModel]] = {"profile": ContextProfile, "policy": Policy, "rubric": Rubric, "overlay": Overlay}
        model = models[kind]
        validate(doc, model)
    except InputError as exc:
        return [Finding.from_error(exc, "schema")]
    return []


def _impossible_values(condition: Condition | None, rubric_set: RubricSet) -> list[str]:
    """Values a condition tests for that the fact can never take."""
    problems = []
    for test in condition.fact_tests() if condition else []:
        spec = rubric_set.profile.facts.get(test.fact)
        if spec is None:
            continue
        wanted = test.wanted
        if spec.values:
            problems += [f"{test.fact} can never be {v!r}" for v in wanted if v not in spec.values]
        elif spec.type == "bool":
            problems += [f"{test.fact} is true or false, never {v!r}" for v in wanted if not isinstance(v, bool)]
        if spec.type in ("enum", "set", "bool", "string") and any(x is not None for x in (test.gt, test.gte, test.lt, test.lte)):
            problems.append(f"{test.fact} is not a number")
    return problems


def _best(criterion: Criterion) -> float:
    return KINDS[criterion.kind].best(criterion.scoring)


def _lint_set(rubric_set: RubricSet) -> list[Finding]:
    out: list[Finding] = []
    for rubric in rubric_set.rubrics:
        for c in rubric.criteria:
            out += _lint_criterion(rubric_set, c)
        out += _lint_bars(rubric_set, rubric)
    out += _lint_prohibitions(rubric_set)
    policy_file = next((i.name for i in rubric_set.inputs if i.role == "policy"), "")
    for tier in rubric_set.policy.tiers:
        for problem in _impossible_values(tier.when, rubric_set):
            out.append(Finding("error", "unreachable-condition", policy_file, f"tier {tier.id}: {problem}", None, f"tiers.{tier.id}.when"))
    return out


def _lint_criterion(rubric_set: RubricSet, c: Criterion) -> list[Finding]:
    out: list[Finding] = []
    policy = rubric_set.policy
    origin = rubric_set.origins.get(c.id, "")
    doc, loc = rubric_set.doc_of(c.id)
    line = doc.position(loc)[0] if doc else None

    def add(level: str, code: str, message: str, field: str = "") -> None:
        out.append(Finding(level, code, origin, message, line, f"{c.id}{'.' + field if field else ''}"))

    pass_mark = rubric_set.pass_mark(c)
    for problem in _impossible_values(c.when, rubric_set):
        add("error", "unreachable-condition", f"{problem}; the test can never hold", "when")
    for note in KINDS[c.kind].lint(c.scoring):
        add(note.level, note.code, note.message, note.field)
    if _best(c) < pass_mark:
        add("error", "unreachable-pass", f"the best answer scores {_best(c):g}, under the pass mark {pass_mark:g}", "scoring")
    if c.blocker and pass_mark < policy.fail_below:
        add("error", "blocker-mark", f"pass mark {pass_mark:g} is below fail_below {policy.fail_below:g}", "pass_mark")
    if not c.remediation.strip():
        add("warning", "no-remediation", "no remediation: the action plan will have nothing to say", "remediation")
    if not c.references:
        add("warning", "no-references", "no references: the crosswalk cannot trace this criterion", "references")
    return out


def _lint_bars(rubric_set: RubricSet, rubric: Rubric) -> list[Finding]:
    """A principle whose best possible score is under a bar can never be `ready`."""
    policy = rubric_set.policy
    active = [c for c in rubric.criteria if c.id not in rubric_set.disabled]
    weight = sum(rubric_set.weight(c) for c in active)
    if not weight:
        return []
    origin = rubric_set.origins.get(rubric.id, "")
    best = round(100 * sum(rubric_set.weight(c) * _best(c) for c in active) / weight, 1)
    where = rubric_set.docs.get(origin)
    line = where.position(("criteria",))[0] if where else None
    out: list[Finding] = []

    def add(level: str, message: str) -> None:
        out.append(Finding(level, "impossible-bar", origin, message, line, rubric.id))

    if best < min(t.bar for t in policy.tiers):
        add("error", f"the best possible score is {best:g}, under every tier's bar: `ready` is impossible")
    elif best < max(t.bar for t in policy.tiers):
        tiers = ", ".join(t.id for t in policy.tiers if t.bar > best)
        add("warning", f"the best possible score is {best:g}, under the bar of tier {tiers}")
    if rubric.min_score is not None and best < rubric.min_score:
        add("error", f"min_score {rubric.min_score:g} is above the best possible score {best:g}")
    return out


def _lint_prohibitions(rubric_set: RubricSet) -> list[Finding]:
    """Red lines whose condition can never hold, and two that say the same with different sources."""
    out: list[Finding] = []
    seen: dict[tuple[str, object, object], tuple[str, str]] = {}
    for p in rubric_set.policy.prohibitions:
        doc, loc = rubric_set.prohibition_doc(p.id)
        file, line = (doc.path, doc.position(loc)[0]) if doc else ("", None)
        for problem in _impossible_values(p.when, rubric_set):
            out.append(Finding("error", "unreachable-condition", file, f"{problem}; the red line can never hold", line, f"{p.id}.when"))
        key = (p.when.describe(), p.effective_from, p.effective_until)
        cited = f"{p.source.title} {p.source.section or ''}".strip()
        if key in seen and seen[key][1] != cited:
            message = f"the same condition as red line {seen[key][0]} but a different source ({cited} / {seen[key][1]})"
            out.append(Finding("warning", "overlapping-red-line", file, message, line, p.id))
        seen.setdefault(key, (p.id, cited))
    return out
