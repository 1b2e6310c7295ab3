"""`rubrics validate`: every problem in a set of rubric files, not just the first."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checklist.loading.errors import InputError
from checklist.loading.rubrics import RubricSet, file_kind, load_rubric_set, rubric_file_name, yaml_files
from checklist.loading.validate import validate
from checklist.loading.yamlfile import read_yaml
from checklist.models.policy import Policy
from checklist.models.profile import ContextProfile
from checklist.models.rubric import ChoiceAnswer, Rubric


@dataclass(frozen=True)
class Finding:
    level: str  # error | warning
    file: str
    message: str
    line: int | None = None
    field: str | None = None
    code: str = ""

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        field = f" {self.field}:" if self.field else ""
        return f"{where}: {self.level} {self.code}:{field} {self.message}"

    @classmethod
    def from_error(cls, exc: InputError, code: str) -> "Finding":
        return cls("error", exc.file, exc.message + (f" (see also {exc.other_file})" if exc.other_file else ""), exc.line, exc.field, code)


def lint(paths: list[Path], with_builtin: bool = True) -> list[Finding]:
    from checklist.resources import data_dir

    findings: list[Finding] = []
    folders = [p for p in paths]
    builtin = data_dir("principles").resolve()
    targets = {p.resolve() for p in folders}
    # Each file alone first, so every broken file is reported.
    for folder in folders:
        try:
            files = yaml_files(folder)
        except InputError as exc:
            findings.append(Finding.from_error(exc, "missing"))
            continue
        for path in files:
            findings += _lint_file(path, rubric_file_name(path, folder if folder.is_dir() else folder.parent))
    if any(f.level == "error" for f in findings):
        return findings
    # Then the set as a whole: ids unique across files, facts known, sources cited.
    base = [data_dir("principles")] if with_builtin and builtin not in targets else []
    try:
        rubric_set = load_rubric_set(base + folders)
    except InputError as exc:
        return findings + [Finding.from_error(exc, "set")]
    findings += _lint_set(rubric_set)
    return findings


def _lint_file(path: Path, name: str) -> list[Finding]:
    try:
        doc = read_yaml(path, name)
        kind = file_kind(doc)
        model = {"profile": ContextProfile, "policy": Policy, "rubric": Rubric}.get(kind)
        if model is not None:
            validate(doc, model)
    except InputError as exc:
        return [Finding.from_error(exc, "schema")]
    return []


def _lint_set(rubric_set: RubricSet) -> list[Finding]:
    out: list[Finding] = []
    policy = rubric_set.policy
    for rubric in rubric_set.rubrics:
        for index, c in enumerate(rubric.criteria):
            origin = rubric_set.origins.get(c.id, "")
            doc = rubric_set.docs.get(origin)
            loc = ("criteria", index)
            line = doc.position(loc)[0] if doc else None

            def add(level: str, code: str, message: str, field: str = "") -> None:
                out.append(Finding(level, origin, message, line, f"{c.id}{'.' + field if field else ''}", code))

            pass_mark = rubric_set.pass_mark(c)
            if isinstance(c.answer, ChoiceAnswer):
                ids = [o.id for o in c.answer.options]
                for dup in sorted({i for i in ids if ids.count(i) > 1}):
                    add("error", "duplicate-option", f"option id {dup!r} appears twice", "answer.options")
                best = max(o.score for o in c.answer.options)
                if best < pass_mark:
                    add("error", "unreachable-pass", f"no option reaches the pass mark {pass_mark:g} (best {best:g})", "answer.options")
                elif best < 1:
                    add("warning", "no-full-marks", f"no option scores 1.0, so the criterion is always an action (best {best:g})", "answer.options")
                scores = [o.score for o in c.answer.options]
                for dup in sorted({s for s in scores if scores.count(s) > 1}):
                    add("warning", "same-score", f"several options score {dup:g}; are they really equivalent?", "answer.options")
            else:
                best = max(b.score for b in c.answer.bands)
                if best < pass_mark:
                    add("error", "unreachable-pass", f"no band reaches the pass mark {pass_mark:g}", "answer.bands")
            if c.evidence.requirement == "required" and pass_mark > policy.evidence_cap and False:
                pass
            if not c.remediation.strip():
                add("warning", "no-remediation", "no remediation: the action plan will have nothing to say", "remediation")
            if not c.references:
                add("warning", "no-references", "no references: the crosswalk cannot trace this criterion", "references")
            if c.blocker and pass_mark < policy.fail_below:
                add("error", "blocker-mark", f"pass mark {pass_mark:g} is below fail_below {policy.fail_below:g}", "pass_mark")
    return out
