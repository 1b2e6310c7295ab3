"""Load a deployment file and check it against the rubric set: facts, ids, options, evidence files."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from checklist.errors import InputError, raise_all
from checklist.kinds import KINDS
from checklist.loading.inputs import STDIN, STDIN_NAME, stdin_bytes
from checklist.loading.rubrics import RubricSet, display_name
from checklist.loading.validate import require_visible, validate_every
from checklist.loading.yamlfile import YamlDoc, parse_yaml, read_yaml
from checklist.models.conditions import DATE_FACT, UNSPECIFIED
from checklist.models.deployment import AnswerBase, Deployment
from checklist.models.profile import FactSpec
from checklist.models.rubric import Criterion


class LoadedDeployment(NamedTuple):
    """A validated deployment, its resolved context and the hash of every evidence file."""

    doc: YamlDoc
    model: Deployment
    context: dict[str, Any]
    facts: dict[str, Any]  # what conditions see: the context facts and the assessment date
    evidence_hashes: dict[str, str]  # evidence path as written -> sha256
    unhashed: list[str]  # evidence taken on its recorded hash (`verify` without the file)
    answer_lines: dict[str, int]  # criterion id -> line of its answer
    answers_line: int  # line of `answers:` (where an unanswered question is reported)
    context_line: int  # line of `context:` (where a red line is reported)

    def line_of(self, criterion_id: str) -> int:
        return self.answer_lines.get(criterion_id, self.answers_line)


def load_deployment(
    path: Path, rubric_set: RubricSet, name: str | None = None, recorded: dict[str, str] | None = None
) -> LoadedDeployment:
    """Every independent error in the file is reported at once (facts, answers, waivers, evidence).
    `-` reads standard input; its evidence paths are relative to the current folder. `name` is how
    errors and the result name the file; `recorded` gives evidence hashes to use for files that are
    not there (a report verified without its evidence), each listed in `unhashed`."""
    if str(path) == STDIN:
        doc = parse_yaml(stdin_bytes(), STDIN_NAME)
    else:
        doc = read_yaml(path, name or display_name(path))
    model = validate_every(doc, Deployment)
    given = dict(model.context)
    errors: list[InputError] = []
    if model.vendor_review is not None:  # the review names the vendor whose policy applies
        if given.get("vendor", model.vendor_review.vendor) != model.vendor_review.vendor:
            errors.append(doc.error(("context", "vendor"), f"differs from vendor_review.vendor ({model.vendor_review.vendor!r})"))
        given["vendor"] = model.vendor_review.vendor
    context: dict[str, Any] = {}
    hashes: dict[str, str] = {}
    unhashed: list[str] = []
    for step in (
        lambda: context.update(resolve_context(doc, given, rubric_set.profile.facts)),
        lambda: _check_answers(doc, model, rubric_set),
        lambda: hashes.update(_hash_evidence(doc, model, path.resolve().parent, recorded or {}, unhashed)),
    ):
        try:
            step()
        except InputError as exc:
            errors += exc.every()
    raise_all(errors)
    lines, answers_line, context_line = answer_lines(doc)
    facts = {**context, DATE_FACT: model.deployment.date}
    return LoadedDeployment(doc, model, context, facts, hashes, unhashed, lines, answers_line, context_line)


def answer_lines(doc: YamlDoc) -> tuple[dict[str, int], int, int]:
    """Each answer's line and those of `answers:` and `context:`, read from the node tree in one
    pass (SARIF locates findings with them)."""
    import yaml

    lines: dict[str, int] = {}
    tops: dict[str, int] = {}
    root = doc.root
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(key, yaml.ScalarNode):
                tops[key.value] = key.start_mark.line + 1
                if key.value == "answers" and isinstance(value, yaml.MappingNode):
                    lines = {k.value: k.start_mark.line + 1 for k, _ in value.value if isinstance(k, yaml.ScalarNode)}
    return lines, tops.get("answers", 1), tops.get("context", 1)


def resolve_context(doc: YamlDoc, given: dict[str, Any], facts: dict[str, FactSpec]) -> dict[str, Any]:
    """Check each fact's type and values; fill defaults; refuse unknown facts and missing required ones."""
    resolved: dict[str, Any] = {}
    errors: list[InputError] = []
    for name, value in given.items():
        loc = ("context", name)
        spec = facts.get(name)
        if spec is None:
            errors.append(doc.error(loc, f"unknown fact (known: {', '.join(sorted(facts))})"))
            continue
        try:
            resolved[name] = _check_fact(doc, loc, spec, value)
        except InputError as exc:
            errors.append(exc)
            resolved[name] = value  # given, if wrong: not also missing
    missing = []
    for name, spec in facts.items():
        if name in resolved:
            continue
        if spec.default is not None or not spec.required:
            resolved[name] = spec.default
        else:
            missing.append(name)
    if len(missing) == 1:
        errors.append(doc.error(("context",), f"required fact {missing[0]!r} is missing ({facts[missing[0]].description})"))
    elif missing:  # all at once, so a new file is fixed in one pass (write `unspecified` where unknown)
        errors.append(doc.error(("context",), f"required facts missing: {', '.join(missing)} (give each, or `unspecified`)"))
    raise_all(errors)
    return {name: resolved[name] for name in facts}


def _check_fact(doc: YamlDoc, loc: tuple[Any, ...], spec: FactSpec, value: Any) -> Any:
    """A fact's value, checked against its type; `unspecified` is accepted for every fact."""
    allowed = [*(spec.values or []), UNSPECIFIED]
    if value == UNSPECIFIED and spec.type != "set":
        return value
    if spec.type == "enum":
        if not isinstance(value, str) or value not in allowed:
            raise doc.error(loc, f"{value!r} is not one of: {', '.join(allowed)}")
        return value
    if spec.type == "set":
        return _check_set(doc, loc, spec, value, allowed)
    if spec.type == "bool":
        if not isinstance(value, bool):
            raise doc.error(loc, f"expected true or false (or unspecified), got {value!r}")
        return value
    if spec.type == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            raise doc.error(loc, f"expected a number or unspecified, got {value!r}")
        return value
    if not isinstance(value, str):
        raise doc.error(loc, f"expected text, got {value!r}")
    return value


def _check_set(doc: YamlDoc, loc: tuple[Any, ...], spec: FactSpec, value: Any, allowed: list[str]) -> list[str]:
    """A list of allowed values, with the values they imply (EU-SE brings EU), in profile order."""
    items = value if isinstance(value, list) else [value]
    for index, item in enumerate(items):
        if not isinstance(item, str) or item not in allowed:
            raise doc.error(loc + (index,) if isinstance(value, list) else loc, f"{item!r} is not one of: {', '.join(allowed)}")
    given = set(items)
    for item in list(given):
        given.update(spec.implies.get(item, []))
    return sorted(given, key=allowed.index)


def _check_answers(doc: YamlDoc, model: Deployment, rubric_set: RubricSet) -> None:
    """Every answer names a known criterion and is of that criterion's kind (or `unknown`)."""
    criteria = rubric_set.criteria
    errors: list[InputError] = []
    for criterion_id, answer in model.answers.items():
        found = criteria.get(criterion_id)
        if found is None:
            errors.append(doc.error(("answers", criterion_id), f"unknown criterion id {criterion_id!r}"))
            continue
        try:
            _check_answer(doc, criterion_id, found[1], answer)
        except InputError as exc:
            errors.append(exc)
    red_lines = {p.id for p in rubric_set.policy.prohibitions}
    for index, waiver in enumerate(model.waivers):
        if waiver.criterion in red_lines:
            errors.append(doc.error(("waivers", index, "criterion"), f"{waiver.criterion} is a red line: a waiver cannot accept it"))
        elif waiver.criterion not in criteria:
            errors.append(doc.error(("waivers", index, "criterion"), f"unknown criterion id {waiver.criterion!r}"))
        else:
            errors += _check_waiver_text(doc, index, waiver.justification, waiver.approver, rubric_set)
    raise_all(errors)


def _check_waiver_text(doc: YamlDoc, index: int, justification: str, approver: str, rubric_set: RubricSet) -> list[InputError]:
    """A waiver says why and who approved it in visible text (the policy sets how much)."""
    policy, where, errors = rubric_set.policy, ("waivers", index), []
    checks = (
        ("justification", justification, policy.min_justification_chars, "a waiver's justification", "min_justification_chars"),
        ("approver", approver, policy.min_approver_chars, "a waiver's approver", "min_approver_chars"),
    )
    for key, text, minimum, what, setting in checks:
        try:
            require_visible(doc, where + (key,), text, minimum, what, setting)
        except InputError as exc:
            errors.append(exc)
    return errors


def _check_answer(doc: YamlDoc, criterion_id: str, criterion: Criterion, answer: AnswerBase) -> None:
    loc = ("answers", criterion_id)
    kind = KINDS[criterion.kind]
    for other in KINDS.values():
        if other is not kind and other.answer_field != "answer" and answer.given(other.answer_field) is not None:
            raise doc.error(loc + (other.answer_field,), f"{criterion_id} is a {kind.name} criterion; give `{kind.answer_field}:`")
    if answer.unknown:
        if kind.answer_field != "answer" and answer.given(kind.answer_field) is not None:
            raise doc.error(loc, "an answer of `unknown` takes no other answer")
        return
    if answer.answer is not None and kind.answer_field != "answer":
        message = f"{criterion_id} is a {kind.name} criterion; give `{kind.answer_field}:` (or `answer: unknown`)"
        raise doc.error(loc + ("answer",), message)
    given = answer.given(kind.answer_field)
    if given is not None:
        for where, problem in kind.check(criterion.scoring, given, criterion_id):
            raise doc.error(loc + (kind.answer_field, *where), problem)


def _hash_evidence(doc: YamlDoc, model: Deployment, base: Path, recorded: dict[str, str], unhashed: list[str]) -> dict[str, str]:
    """Hash every evidence file; refuse paths that leave the deployment's folder, do not exist (unless
    a hash is recorded for them), are not regular files (a FIFO, a device), are too large, or cannot
    be resolved (a symlink loop, a name too long, a NUL byte)."""
    hashes: dict[str, str] = {}
    errors: list[InputError] = []
    for criterion_id, answer in model.answers.items():
        for index, item in enumerate(answer.evidence):
            if item.path is None or item.path in hashes:
                continue
            loc = ("answers", criterion_id, "evidence", index, "path")
            try:
                digest = _hash_one(doc, loc, item.path, base, recorded.get(item.path) is not None)
            except InputError as exc:
                errors.append(exc)
                continue
            if digest is None:  # not there, but a hash was recorded for it
                digest = recorded[item.path]
                unhashed.append(item.path)
            hashes[item.path] = digest
    raise_all(errors)
    return hashes


def _hash_one(doc: YamlDoc, loc: tuple[Any, ...], written: str, base: Path, has_record: bool = False) -> str | None:
    """The file's SHA-256; None when the file is not there but a hash was recorded for it."""
    from checklist.inputs import MAX_EVIDENCE_BYTES, regular_file

    shown = repr(written if len(written) <= 80 else written[:80] + "...")
    target = _locate(base, written)
    if isinstance(target, str):
        raise doc.error(loc, f"evidence path {shown}{target}")
    if has_record and not target.is_file():
        return None
    try:
        info = regular_file(target, shown, "not found")
        if info.st_size > MAX_EVIDENCE_BYTES:
            raise InputError(shown, f"is {info.st_size:,} bytes; the limit for an evidence file is {MAX_EVIDENCE_BYTES:,}")
        return _sha256(target, info)
    except InputError as exc:
        raise doc.error(loc, f"evidence file {exc}") from None


@lru_cache(maxsize=4096)
def _locate(base: Path, written: str) -> Path | str:
    """The file an evidence path leads to, or why it may not be read (worded to follow the path);
    worked out once per run, not for every deployment of a batch that cites it (resolving takes a
    system call per folder). Within a run the folder tree is taken as it was first seen (see `new_run`)."""
    from checklist.inputs import os_problem

    if "\x00" in written:
        return " contains a NUL byte"
    if Path(written).is_absolute():
        return " must be relative to the deployment file"
    try:
        target = (base / written).resolve()
    except OSError as exc:
        return f": {os_problem(exc)}"
    except RuntimeError:  # pathlib's symlink loop
        return ": too many levels of symbolic links (a symlink loop?)"
    if not target.is_relative_to(base):
        return " leaves the deployment's folder"
    return target


def new_run() -> None:
    """Look evidence paths up afresh: for a process that runs the tool more than once (tests, a
    program embedding it). File hashes stay, keyed by each file's identity, size and mtime."""
    _locate.cache_clear()


_HASHES: dict[tuple[int, int, int, int], str] = {}


def _sha256(path: Path, stat: Any) -> str:
    """Hash a file once per process: a batch often cites the same evidence many times."""
    key = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
    if key not in _HASHES:
        _HASHES[key] = _hash_file(path)
    return _HASHES[key]


def _hash_file(path: Path) -> str:
    import os

    from checklist.inputs import MAX_EVIDENCE_BYTES, open_regular, path_error

    digest = hashlib.sha256()
    fd = open_regular(path)
    try:
        total = 0
        while block := os.read(fd, 1 << 16):
            total += len(block)
            if total > MAX_EVIDENCE_BYTES:
                from checklist.errors import InputError

                raise InputError(str(path), f"grew past the limit for an evidence file ({MAX_EVIDENCE_BYTES:,} bytes)")
            digest.update(block)
    except OSError as exc:
        raise path_error(str(path), exc) from None
    finally:
        os.close(fd)
    return digest.hexdigest()
