"""Load a deployment file and check it against the rubric set: facts, ids, options, evidence files."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checklist.kinds import KINDS
from checklist.loading.rubrics import RubricSet, display_name
from checklist.loading.validate import require_visible, validate
from checklist.loading.yamlfile import YamlDoc, read_yaml
from checklist.models.deployment import Deployment
from checklist.models.profile import FactSpec


@dataclass
class LoadedDeployment:
    """A validated deployment, its resolved context and the hash of every evidence file."""

    doc: YamlDoc
    model: Deployment
    context: dict[str, Any]
    evidence_hashes: dict[str, str] = field(default_factory=dict)  # evidence path as written -> sha256
    answer_lines: dict[str, int] = field(default_factory=dict)  # criterion id -> line of its answer
    answers_line: int = 1  # line of `answers:` (where an unanswered question is reported)

    def line_of(self, criterion_id: str) -> int:
        return self.answer_lines.get(criterion_id, self.answers_line)


def load_deployment(path: Path, rubric_set: RubricSet) -> LoadedDeployment:
    doc = read_yaml(path, display_name(path))
    model = validate(doc, Deployment)
    context = resolve_context(doc, model.context, rubric_set.profile.facts)
    _check_answers(doc, model, rubric_set)
    hashes = _hash_evidence(doc, model, path.resolve().parent)
    lines, answers_line = answer_lines(doc)
    return LoadedDeployment(doc, model, context, hashes, lines, answers_line)


def answer_lines(doc: YamlDoc) -> tuple[dict[str, int], int]:
    """Each answer's line, read from the node tree in one pass (SARIF locates findings with them)."""
    import yaml

    root = doc.root
    if not isinstance(root, yaml.MappingNode):
        return {}, 1
    for key, value in root.value:
        if isinstance(key, yaml.ScalarNode) and key.value == "answers":
            lines = {}
            if isinstance(value, yaml.MappingNode):
                lines = {k.value: k.start_mark.line + 1 for k, _ in value.value if isinstance(k, yaml.ScalarNode)}
            return lines, key.start_mark.line + 1
    return {}, 1


def resolve_context(doc: YamlDoc, given: dict[str, Any], facts: dict[str, FactSpec]) -> dict[str, Any]:
    """Check each fact's type and values; fill defaults; refuse unknown facts and missing required ones."""
    resolved: dict[str, Any] = {}
    for name, value in given.items():
        loc = ("context", name)
        spec = facts.get(name)
        if spec is None:
            raise doc.error(loc, f"unknown fact (known: {', '.join(sorted(facts))})")
        resolved[name] = _check_fact(doc, loc, spec, value)
    for name, spec in facts.items():
        if name in resolved:
            continue
        if spec.default is not None or not spec.required:
            resolved[name] = spec.default
        else:
            raise doc.error(("context",), f"required fact {name!r} is missing ({spec.description})")
    return {name: resolved[name] for name in facts}


def _check_fact(doc: YamlDoc, loc: tuple[Any, ...], spec: FactSpec, value: Any) -> Any:
    allowed = spec.values or []
    if spec.type == "enum":
        if not isinstance(value, str) or value not in allowed:
            raise doc.error(loc, f"{value!r} is not one of: {', '.join(allowed)}")
        return value
    if spec.type == "set":
        items = value if isinstance(value, list) else [value]
        for index, item in enumerate(items):
            if not isinstance(item, str) or item not in allowed:
                raise doc.error(loc + (index,) if isinstance(value, list) else loc, f"{item!r} is not one of: {', '.join(allowed)}")
        return sorted(set(items), key=allowed.index)
    if spec.type == "bool":
        if not isinstance(value, bool):
            raise doc.error(loc, f"expected true or false, got {value!r}")
        return value
    if spec.type == "number":
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
            raise doc.error(loc, f"expected a number, got {value!r}")
        return value
    if not isinstance(value, str):
        raise doc.error(loc, f"expected text, got {value!r}")
    return value


def _check_answers(doc: YamlDoc, model: Deployment, rubric_set: RubricSet) -> None:
    """Every answer names a known criterion and is of that criterion's kind (or `unknown`)."""
    criteria = rubric_set.criteria
    for criterion_id, answer in model.answers.items():
        loc = ("answers", criterion_id)
        found = criteria.get(criterion_id)
        if found is None:
            raise doc.error(loc, f"unknown criterion id {criterion_id!r}")
        criterion = found[1]
        kind = KINDS[criterion.kind]
        for other in KINDS.values():
            if other is not kind and other.answer_field != "answer" and answer.given(other.answer_field) is not None:
                raise doc.error(loc + (other.answer_field,), f"{criterion_id} is a {kind.name} criterion; give `{kind.answer_field}:`")
        if answer.unknown:
            if kind.answer_field != "answer" and answer.given(kind.answer_field) is not None:
                raise doc.error(loc, "an answer of `unknown` takes no other answer")
            continue
        if answer.answer is not None and kind.answer_field != "answer":
            message = f"{criterion_id} is a {kind.name} criterion; give `{kind.answer_field}:` (or `answer: unknown`)"
            raise doc.error(loc + ("answer",), message)
        given = answer.given(kind.answer_field)
        if given is not None:
            for where, problem in kind.check(criterion.scoring, given, criterion_id):
                raise doc.error(loc + (kind.answer_field, *where), problem)
    _check_waivers(doc, model, rubric_set)


def _check_waivers(doc: YamlDoc, model: Deployment, rubric_set: RubricSet) -> None:
    """Every waiver names a known criterion, says why and who approved it in visible text."""
    policy = rubric_set.policy
    for index, waiver in enumerate(model.waivers):
        if waiver.criterion not in rubric_set.criteria:
            raise doc.error(("waivers", index, "criterion"), f"unknown criterion id {waiver.criterion!r}")
        where = ("waivers", index)
        require_visible(doc, where + ("justification",), waiver.justification, policy.min_justification_chars, "a waiver's justification")
        require_visible(doc, where + ("approver",), waiver.approver, policy.min_approver_chars, "a waiver's approver", "min_approver_chars")


def _hash_evidence(doc: YamlDoc, model: Deployment, base: Path) -> dict[str, str]:
    """Hash every evidence file; refuse paths that leave the deployment's folder, do not exist, are
    not regular files (a FIFO, a device), are too large, or cannot be resolved (a symlink loop,
    a name too long, a NUL byte)."""
    hashes: dict[str, str] = {}
    for criterion_id, answer in model.answers.items():
        for index, item in enumerate(answer.evidence):
            if item.path is None or item.path in hashes:
                continue
            loc = ("answers", criterion_id, "evidence", index, "path")
            hashes[item.path] = _hash_one(doc, loc, item.path, base)
    return hashes


def _hash_one(doc: YamlDoc, loc: tuple[Any, ...], written: str, base: Path) -> str:
    from checklist.errors import InputError
    from checklist.inputs import MAX_EVIDENCE_BYTES, os_problem, regular_file

    shown = repr(written if len(written) <= 80 else written[:80] + "...")
    if "\x00" in written:
        raise doc.error(loc, f"evidence path {shown} contains a NUL byte")
    relative = Path(written)
    if relative.is_absolute():
        raise doc.error(loc, f"evidence path {shown} must be relative to the deployment file")
    try:
        target = (base / relative).resolve()
    except OSError as exc:
        raise doc.error(loc, f"evidence path {shown}: {os_problem(exc)}") from None
    except RuntimeError:  # pathlib's symlink loop
        raise doc.error(loc, f"evidence path {shown}: too many levels of symbolic links (a symlink loop?)") from None
    if not target.is_relative_to(base):
        raise doc.error(loc, f"evidence path {shown} leaves the deployment's folder")
    try:
        info = regular_file(target, shown, "not found")
        if info.st_size > MAX_EVIDENCE_BYTES:
            raise InputError(shown, f"is {info.st_size:,} bytes; the limit for an evidence file is {MAX_EVIDENCE_BYTES:,}")
        return _sha256(target, info)
    except InputError as exc:
        raise doc.error(loc, f"evidence file {exc}") from None


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
