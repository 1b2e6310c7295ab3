"""`rubrics validate`: every problem in a set of rubric files, not just the first."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Iterator

from checklist.loading.errors import InputError
from checklist.loading.rubrics import RubricSet, file_kind, load_rubric_set, rubric_file_name, yaml_files
from checklist.loading.validate import validate
from checklist.loading.yamlfile import read_yaml
from checklist.models.conditions import AllOf, AnyOf, Condition, FactTest, NotOf
from checklist.models.overlay import Overlay
from checklist.models.policy import Policy
from checklist.models.profile import ContextProfile
from checklist.models.rubric import ChoiceAnswer, Criterion, Rubric


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
    def from_error(cls, exc: InputError, code: str) -> "Finding":
        other = f" (see also {exc.other_file})" if exc.other_file else ""
        return cls("error", code, exc.file, exc.message + other, exc.line, exc.field)


def lint(paths: list[Path], with_builtin: bool = True) -> list[Finding]:
    """Each file alone first (so every broken file is reported), then the set as a whole."""
    from checklist.resources import data_dir

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
    builtin = data_dir("principles")
    targets = {p.resolve() for p in paths}
    base = [builtin] if with_builtin and builtin.resolve() not in targets else []
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
        model = {"profile": ContextProfile, "policy": Policy, "rubric": Rubric, "overlay": Overlay}[kind]
        validate(doc, model)
    except InputError as exc:
        return [Finding.from_error(exc, "schema")]
    return []


def _tests(condition: Condition) -> Iterator[FactTest]:
    if isinstance(condition, FactTest):
        yield condition
    elif isinstance(condition, (AllOf, AnyOf)):
        for part in condition.all if isinstance(condition, AllOf) else condition.any:
            yield from _tests(part)
    elif isinstance(condition, NotOf):
        yield from _tests(condition.not_)


def _impossible_values(condition: Condition | None, rubric_set: RubricSet) -> list[str]:
    """Values a condition tests for that the fact can never take."""
    problems = []
    for test in _tests(condition) if condition else []:
        spec = rubric_set.profile.facts.get(test.fact)
        if spec is None:
            continue
        wanted = [test.equals] if test.equals is not None else list(test.in_ or [])
        if spec.values:
            problems += [f"{test.fact} can never be {v!r}" for v in wanted if v not in spec.values]
        elif spec.type == "bool":
            problems += [f"{test.fact} is true or false, never {v!r}" for v in wanted if not isinstance(v, bool)]
        if spec.type in ("enum", "set", "bool", "string") and any(x is not None for x in (test.gt, test.gte, test.lt, test.lte)):
            problems.append(f"{test.fact} is not a number")
    return problems


def _best(criterion: Criterion) -> float:
    if isinstance(criterion.answer, ChoiceAnswer):
        return max(o.score for o in criterion.answer.options)
    return max(b.score for b in criterion.answer.bands)


def _lint_set(rubric_set: RubricSet) -> list[Finding]:
    out: list[Finding] = []
    policy = rubric_set.policy
    top_bar = max(t.bar for t in policy.tiers)
    low_bar = min(t.bar for t in policy.tiers)
    for rubric in rubric_set.rubrics:
        origin_of_rubric = rubric_set.origins.get(rubric.id, "")
        for c in rubric.criteria:
            origin = rubric_set.origins.get(c.id, "")
            doc = rubric_set.docs.get(origin)
            loc = rubric_set.added[c.id][1] if c.id in rubric_set.added else ("criteria", next(
                (i for i, x in enumerate(doc.data.get("criteria", [])) if isinstance(x, dict) and x.get("id") == c.id), 0
            )) if doc else ()
            line = doc.position(loc)[0] if doc else None

            def add(level: str, code: str, message: str, field: str = "") -> None:
                out.append(Finding(level, code, origin, message, line, f"{c.id}{'.' + field if field else ''}"))

            pass_mark = rubric_set.pass_mark(c)
            for problem in _impossible_values(c.applies_when, rubric_set):
                add("error", "unreachable-condition", f"{problem}; the test can never hold", "applies_when")
            if isinstance(c.answer, ChoiceAnswer):
                ids = [o.id for o in c.answer.options]
                for dup in sorted({i for i in ids if ids.count(i) > 1}):
                    add("error", "unreachable-option", f"option {dup!r} appears twice; the second can never be chosen", "answer.options")
                scores = [o.score for o in c.answer.options]
                for dup in sorted({s for s in scores if scores.count(s) > 1}):
                    add("warning", "same-score", f"several options score {dup:g}; are they really equivalent?", "answer.options")
                if max(scores) < 1:
                    add("warning", "no-full-marks", f"no option scores 1.0, so the criterion is always an action (best {max(scores):g})", "answer.options")
            else:
                bands = c.answer.bands
                for i, band in enumerate(bands):
                    wider = [
                        b for j, b in enumerate(bands)
                        if j != i and b.score >= band.score
                        and ((b.limit >= band.limit) if c.answer.better == "lower" else (b.limit <= band.limit))
                        and (b.score > band.score or b.limit != band.limit or j < i)
                    ]
                    if wider:
                        add("warning", "unreachable-band", f"band {band.limit:g} -> {band.score:g} never decides a score: a wider band scores as much", "answer.bands")
            if _best(c) < pass_mark:
                add("error", "unreachable-pass", f"the best answer scores {_best(c):g}, under the pass mark {pass_mark:g}", "answer")
            if c.blocker and pass_mark < policy.fail_below:
                add("error", "blocker-mark", f"pass mark {pass_mark:g} is below fail_below {policy.fail_below:g}", "pass_mark")
            if not c.remediation.strip():
                add("warning", "no-remediation", "no remediation: the action plan will have nothing to say", "remediation")
            if not c.references:
                add("warning", "no-references", "no references: the crosswalk cannot trace this criterion", "references")
        active = [c for c in rubric.criteria if c.id not in rubric_set.disabled]
        weight = sum(rubric_set.weight(c) for c in active)
        if weight:
            best = round(100 * sum(rubric_set.weight(c) * _best(c) for c in active) / weight, 1)
            where = rubric_set.docs.get(origin_of_rubric)
            line = where.position(("criteria",))[0] if where else None
            if best < low_bar:
                out.append(Finding("error", "impossible-bar", origin_of_rubric, f"the best possible score is {best:g}, under every tier's bar: `ready` is impossible", line, rubric.id))
            elif best < top_bar:
                tiers = ", ".join(t.id for t in policy.tiers if t.bar > best)
                out.append(Finding("warning", "impossible-bar", origin_of_rubric, f"the best possible score is {best:g}, under the bar of tier {tiers}", line, rubric.id))
            if rubric.min_score is not None and best < rubric.min_score:
                out.append(Finding("error", "impossible-bar", origin_of_rubric, f"min_score {rubric.min_score:g} is above the best possible score {best:g}", line, rubric.id))
    policy_file = next((i.name for i in rubric_set.inputs if i.role == "policy"), "")
    for tier in policy.tiers:
        for problem in _impossible_values(tier.when, rubric_set):
            out.append(Finding("error", "unreachable-condition", policy_file, f"tier {tier.id}: {problem}", None, f"tiers.{tier.id}.when"))
    return out
