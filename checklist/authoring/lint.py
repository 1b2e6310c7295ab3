"""`rubrics validate`: every problem in a set of rubric files, not just the first."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

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
from checklist.models.result import Provenance
from checklist.models.rubric import Criterion, Rubric
from checklist.models.rubric_tests import RubricTests

if TYPE_CHECKING:
    from checklist.loading.config import LoadedConfig


@dataclass(frozen=True)
class Finding:
    level: str  # error | warning | note (a note is not counted: what a file is, and how it was checked)
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


@dataclass
class _Project:
    """What the paths hold, sorted by role before anything is combined."""

    rubric_paths: list[Path] = field(default_factory=list)  # folders (or files) of rubric-set files, in order
    checked: set[str] = field(default_factory=set)  # names of the rubric-set files asked about
    kinds: set[str] = field(default_factory=set)  # the `kind:` of each rubric-set file read
    deployments: list[Path] = field(default_factory=list)
    config: LoadedConfig | None = None


def lint(paths: list[Path], with_builtin: bool = True) -> list[Finding]:
    """Each file alone first (so every broken file is reported), then the set as a whole.

    A project folder may hold more than rubric files: deployments are checked against the set once
    it loads, the project config (`rai-checklist.yaml`) and rubric tests are validated as what they
    are, and the config's rubric and overlay folders join the set. A folder that holds its own
    context profile and policy is a complete set (with its subfolders, as the built-ins are), not
    an overlay on the built-ins. The answer does not depend on the current folder."""
    from checklist.resources import builtin_rubric_folders, data_dir

    root = data_dir("principles").resolve()
    project = _Project()
    findings: list[Finding] = []
    for path in paths:
        if not path.exists():
            findings.append(Finding("error", "missing", str(path), "rubric folder or file not found"))
        elif path.resolve() == root:
            for folder in builtin_rubric_folders():
                findings += _lint_folder(folder, project)
        else:
            kinds_before = set(project.kinds)
            findings += _lint_folder(path, project)
            if path.is_dir() and {"profile", "policy"} <= project.kinds - kinds_before:
                for sub in sorted(q for q in path.rglob("*") if q.is_dir() and not q.name.startswith((".", "_"))):
                    findings += _lint_folder(sub, project)
    findings += _config_folders(project)
    if any(f.level == "error" for f in findings) or not project.rubric_paths:
        why = "no rubric files here" if not project.rubric_paths else "the rubric files have errors"
        return findings + _skipped(project, f"not checked ({why}); check it with `rai-checklist assess`")
    complete = {"profile", "policy"} <= project.kinds
    use_builtin = with_builtin and (project.config.model.builtin if project.config else True)
    base = builtin_rubric_folders() if use_builtin and not complete else []
    try:
        rubric_set = load_rubric_set(base + project.rubric_paths, project.config)
    except InputError as exc:
        return findings + [Finding.from_error(exc, "set")] + _skipped(project, "not checked (the rubric set does not load)")
    findings += [f for f in _lint_set(rubric_set) if not f.file or f.file in project.checked]
    return findings + _skipped(project, "checked against this rubric set") + _lint_deployments(project.deployments, rubric_set)


def _skipped(project: _Project, what: str) -> list[Finding]:
    from checklist.loading.rubrics import display_name

    return [Finding("note", "deployment", display_name(p), f"a deployment: {what}") for p in project.deployments]


def _config_folders(project: _Project) -> list[Finding]:
    """The project config's rubric and overlay folders, checked like the folders named."""
    if project.config is None:
        return []
    try:
        folders = project.config.paths(project.config.model.rubrics, "rubrics")
        folders += project.config.paths(project.config.model.overlays, "overlays")
    except InputError as exc:
        return [Finding.from_error(exc, "config")]
    findings: list[Finding] = []
    for folder in folders:
        if folder not in project.rubric_paths:
            findings += _lint_folder(folder, project)
    return findings


def _lint_folder(path: Path, project: _Project) -> list[Finding]:
    """Sort a folder's YAML files (or one file) by role and check each alone."""
    from checklist.loading.inputs import file_role

    folder = path if path.is_dir() else path.parent
    findings: list[Finding] = []
    holds_rubrics = False
    for file in yaml_files(path):
        name = rubric_file_name(file, folder)
        role = file_role(file)
        if role == "deployment":
            project.deployments.append(file)
        elif role == "config":
            findings += _lint_config(file, name, project)
        elif role == "rubric-tests":
            findings += _lint_as(file, name, RubricTests, "rubric-tests")
            findings.append(Finding("note", "rubric-tests", name, "rubric tests: run them with `rai-checklist rubrics test`"))
        else:
            holds_rubrics = True
            project.checked.add(name)
            findings += _lint_file(file, name, project.kinds)
    if holds_rubrics and path not in project.rubric_paths:
        project.rubric_paths.append(path)
    return findings


def _lint_config(path: Path, name: str, project: _Project) -> list[Finding]:
    from checklist.loading.config import load_config

    try:
        loaded = load_config(path)
    except InputError as exc:
        return [Finding.from_error(exc, "config")]
    if project.config is not None:
        return [Finding("error", "config", name, f"a second project config (the first: {project.config.doc.path})")]
    project.config = loaded
    return [Finding("note", "config", name, "the project config: its rubric and overlay folders are checked with the rest")]


def _lint_as(path: Path, name: str, model: type[BaseModel], code: str) -> list[Finding]:
    try:
        validate(read_yaml(path, name), model)
    except InputError as exc:
        return [Finding.from_error(exc, code)]
    return []


def _lint_deployments(paths: list[Path], rubric_set: RubricSet) -> list[Finding]:
    from checklist.loading.deployment import load_deployment

    findings: list[Finding] = []
    for path in paths:
        try:
            load_deployment(path, rubric_set)
        except InputError as exc:
            findings += [Finding.from_error(one, "deployment") for one in exc.every()]
    return findings


def _lint_file(path: Path, name: str, kinds: set[str]) -> list[Finding]:
    try:
        doc = read_yaml(path, name)
        kind = file_kind(doc)
        kinds.add(kind)
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
    policy_file = rubric_set.shown(next((i.name for i in rubric_set.inputs if i.role == "policy"), ""))
    for tier in rubric_set.policy.tiers:
        for problem in _impossible_values(tier.when, rubric_set):
            out.append(Finding("error", "unreachable-condition", policy_file, f"tier {tier.id}: {problem}", None, f"tiers.{tier.id}.when"))
    return out + _lint_weakening(rubric_set)


# Policy numbers whose change in this direction makes `ready` easier to reach: (field, lower is weaker).
_POLICY_DIRECTION = {"default_pass_mark": True, "fail_below": True, "evidence_cap": False}


def _weakens(entry: Provenance, rubric_set: RubricSet, default_pass_mark: float) -> tuple[str, str] | None:
    """(code, message) when a recorded change makes a blocker, a tier, a pass mark or the evidence cap weaker."""
    target, field, before, after = entry.target, entry.field or "", entry.before, entry.after
    found = rubric_set.criteria.get(target)
    blocker = found is not None and found[1].blocker
    if entry.action == "disable" and blocker:
        return "weakens-blocker", f"disables blocker {target}"
    if entry.action == "change" and field == "blocker" and before is True and after is False:
        return "weakens-blocker", f"turns blocker {target} into an ordinary criterion"
    if entry.action == "change" and field == "pass_mark":
        was = before if before is not None else default_pass_mark
        if after is not None and after < was:
            what = "blocker" if blocker or _was_blocker(rubric_set, target) else "criterion"
            code = "weakens-blocker" if what == "blocker" else "weakens-pass-mark"
            return code, f"lowers the pass mark of {what} {target} from {was:g} to {after:g}"
    if entry.action == "principle" and field == "min_score" and before is not None and after is not None and after < before:
        return "weakens-tier", f"lowers principle {target}'s own bar from {before:g} to {after:g}"
    if entry.action != "policy":
        return None
    if field.startswith("tiers.") and isinstance(before, (int, float)) and isinstance(after, (int, float)) and after < before:
        tier, _, name = field[len("tiers."):].rpartition(".")
        return "weakens-tier", f"lowers tier {tier}'s {name} from {before:g} to {after:g}"
    if field == "allow_blocker_waivers" and after is True and before is not True:
        return "weakens-blocker", "allows blockers to be waived"
    lower_is_weaker = _POLICY_DIRECTION.get(field)
    if lower_is_weaker is not None and isinstance(before, (int, float)) and isinstance(after, (int, float)):
        if (after < before) if lower_is_weaker else (after > before):
            code = "weakens-evidence-cap" if field == "evidence_cap" else "weakens-pass-mark"
            return code, f"{'lowers' if lower_is_weaker else 'raises'} the policy's {field} from {before:g} to {after:g}"
    return None


def _was_blocker(rubric_set: RubricSet, criterion_id: str) -> bool:
    return any(
        p.action == "change" and p.target == criterion_id and p.field == "blocker" and p.before is True for p in rubric_set.provenance
    )


def _lint_weakening(rubric_set: RubricSet) -> list[Finding]:
    """A warning for every overlay change that makes the assessment easier to pass, so a reviewer
    sees each one (with --strict, each one fails the check)."""
    original = next((p.before for p in rubric_set.provenance if p.action == "policy" and p.field == "default_pass_mark"), None)
    default_pass_mark = original if isinstance(original, (int, float)) else rubric_set.policy.default_pass_mark
    out: list[Finding] = []
    for entry in rubric_set.provenance:
        weakening = _weakens(entry, rubric_set, default_pass_mark)
        if weakening is None:
            continue
        code, message = weakening
        doc = rubric_set.docs.get(entry.file)
        loc = _provenance_loc(entry)
        line = doc.position(loc)[0] if doc is not None else None
        why = f" (justification: {entry.justification})" if entry.justification else ""
        where = doc.path if doc else entry.file
        out.append(Finding("warning", code, where, f"overlay {entry.overlay!r} {message}{why}", line, entry.target))
    return out


def _provenance_loc(entry: Provenance) -> tuple[Any, ...]:
    if entry.action == "change":
        return ("change", entry.target, entry.field)
    if entry.action == "disable":
        return ("disable", entry.target)
    if entry.action == "principle":
        return (entry.field,)
    return ("policy", *(entry.field or "").split("."))


def _lint_criterion(rubric_set: RubricSet, c: Criterion) -> list[Finding]:
    out: list[Finding] = []
    policy = rubric_set.policy
    origin = rubric_set.shown(rubric_set.origins.get(c.id, ""))
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
    recorded = rubric_set.origins.get(rubric.id, "")
    origin = rubric_set.shown(recorded)
    best = round(100 * sum(rubric_set.weight(c) * _best(c) for c in active) / weight, 1)
    where = rubric_set.docs.get(recorded)
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
