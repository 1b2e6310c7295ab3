"""Load a rubric set: the context profile, the policy, one rubric per principle, then overlays.

Each file says what it is in its header (`kind:` and `format: 2`). The set is built once and
then never changed: overlays and a config's policy produce a new set with their provenance.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from checklist.errors import InputError
from checklist.loading.validate import validate
from checklist.loading.yamlfile import Loc, YamlDoc, read_yaml
from checklist.models.base import FORMAT
from checklist.models.policy import Policy
from checklist.models.profile import ContextProfile
from checklist.models.result import InputFile, Provenance
from checklist.models.rubric import Criterion, Rubric

if TYPE_CHECKING:
    from checklist.loading.config import LoadedConfig

FILE_KINDS = ("rubric", "overlay", "policy", "profile")


class Disabled(NamedTuple):
    """A criterion an overlay switched off, and why."""

    file: str
    overlay: str
    justification: str


@dataclass(frozen=True, eq=False)
class RubricSet:
    """Everything an assessment is measured against, with where each piece came from. Never mutated."""

    profile: ContextProfile
    policy: Policy
    rubrics: tuple[Rubric, ...]
    inputs: tuple[InputFile, ...] = ()
    origins: Mapping[str, str] = field(default_factory=dict)  # criterion or principle id -> file it came from
    docs: Mapping[str, YamlDoc] = field(default_factory=dict)  # file -> parsed doc, for located errors
    locations: Mapping[str, tuple[str, Loc]] = field(default_factory=dict)  # criterion id -> (file, path in it)
    provenance: tuple[Provenance, ...] = ()
    disabled: Mapping[str, Disabled] = field(default_factory=dict)
    lifted: Mapping[str, str] = field(default_factory=dict)  # red line id -> "file: justification" of the overlay that lifted it

    @cached_property
    def criteria(self) -> dict[str, tuple[Rubric, Criterion]]:
        return {c.id: (r, c) for r in self.rubrics for c in r.criteria}

    def criterion(self, criterion_id: str) -> tuple[Rubric, Criterion] | None:
        return self.criteria.get(criterion_id)

    def weight(self, criterion: Criterion) -> float:
        if criterion.weight is not None:
            return criterion.weight
        severity = criterion.severity or self.policy.default_severity
        return float(getattr(self.policy.severity_weights, severity))

    def pass_mark(self, criterion: Criterion) -> float:
        return criterion.pass_mark if criterion.pass_mark is not None else self.policy.default_pass_mark

    def shown(self, name: str) -> str:
        """A recorded file name as messages show it (the path as given, where the file was read)."""
        doc = self.docs.get(name)
        return doc.path if doc is not None else name

    def doc_of(self, criterion_id: str) -> tuple[YamlDoc | None, Loc]:
        """The file a criterion is written in and where, for located findings."""
        name, loc = self.locations.get(criterion_id, ("", ()))
        return self.docs.get(name), loc

    def prohibition_doc(self, prohibition_id: str) -> tuple[YamlDoc | None, Loc]:
        """The file a red line is written in and where."""
        doc = self.docs.get(self.origins.get(prohibition_id, ""))
        entries = doc.data.get("prohibitions", []) if doc is not None and isinstance(doc.data, dict) else []
        index = next((i for i, p in enumerate(entries) if isinstance(p, dict) and p.get("id") == prohibition_id), None)
        return doc, ("prohibitions", index) if index is not None else ("prohibitions",)

    @property
    def policy_doc(self) -> YamlDoc | None:
        return next((self.docs[i.name] for i in self.inputs if i.role == "policy" and i.name in self.docs), None)


def file_kind(doc: YamlDoc) -> str:
    """A file's `kind:` header; a format-1 file (no header) gets a one-line note on what to change."""
    data = doc.data
    if not isinstance(data, dict):
        raise doc.error((), "expected a mapping at the top of the file")
    if "format" not in data and "kind" not in data:
        raise doc.error(
            (), "format 1 file: add `kind: rubric|overlay|policy|profile` and `format: 2` at the top, rename "
            "`applies_when` to `when` and a criterion's `answer:` to `scoring:` (principles/README.md, Format 2)",
        )
    kind = data.get("kind")
    if kind not in FILE_KINDS:
        raise doc.error(("kind",), f"`kind` must be one of {', '.join(FILE_KINDS)} (got {kind!r})")
    if data.get("format") != FORMAT:
        raise doc.error(("format",), f"this version reads rubric files of format {FORMAT} (got {data.get('format')!r})")
    return str(kind)


def yaml_files(folder: Path) -> list[Path]:
    """The file itself, or a folder's YAML files; anything else is refused (a FIFO, a name too long)."""
    import stat

    from checklist.inputs import kind_of, path_error, stat_of

    info = stat_of(folder)
    if info is None:
        raise InputError(str(folder), "rubric folder or file not found")
    if stat.S_ISREG(info.st_mode):
        return [folder]
    if not stat.S_ISDIR(info.st_mode):
        raise InputError(str(folder), f"is {kind_of(info.st_mode)}, not a rubric folder or file")
    try:
        return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and not p.is_dir())
    except OSError as exc:
        raise path_error(str(folder), exc) from None


def display_name(path: Path) -> str:
    """A short, machine-independent name for a file: relative to the current folder when inside it."""
    if not path.is_absolute() and ".." not in path.parts:
        return str(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError, RuntimeError):
        return str(path)


def rubric_file_name(path: Path, folder: Path) -> str:
    """Built-in files read as `principles/NAME`, wherever the package is installed."""
    from checklist.resources import data_dir

    root = data_dir("principles").resolve()
    if path.resolve().is_relative_to(root):
        return f"principles/{path.resolve().relative_to(root).as_posix()}"
    return display_name(path)


def recorded_name(path: Path, folder: Path, base: Path | None = None) -> str:
    """The name a rubric file is recorded under in results, provenance and reports: the same wherever
    the command runs. Built-ins: `principles/...`; files in the config file's folder tree: relative
    to that folder; any other: the name of the folder it was found in, then its own name."""
    from checklist.resources import data_dir

    real = path.resolve()
    root = data_dir("principles").resolve()
    if real.is_relative_to(root):
        return f"principles/{real.relative_to(root).as_posix()}"
    if base is not None and real.is_relative_to(base):
        return real.relative_to(base).as_posix()
    parent = folder.resolve() if folder != path else real.parent
    return f"{parent.name}/{path.name}" if parent.name else path.name


def is_builtin_name(name: str) -> bool:
    """Built-in files are recorded as `principles/...` (see rubric_file_name), wherever they were read
    from, so a report's carried copies count as built-in when `verify` re-loads them."""
    return name.startswith("principles/")


@dataclass
class _Files:
    """What the folders hold, sorted by kind, before anything is combined."""

    profile: ContextProfile | None = None
    policy: Policy | None = None
    rubrics: list[tuple[Rubric, YamlDoc]] = field(default_factory=list)
    overlays: list[YamlDoc] = field(default_factory=list)
    builtin: set[str] = field(default_factory=set)  # overlays shipped in principles/: part of the standard set, not changes to it
    inputs: list[InputFile] = field(default_factory=list)
    docs: dict[str, YamlDoc] = field(default_factory=dict)


class Listed(NamedTuple):
    """A rubric-set file to read: where it is, the name results record it under, the name errors give it."""

    path: Path
    name: str
    shown: str


def rubric_listing(folders: list[Path], base: Path | None = None) -> list[Listed]:
    """Every rubric-set file in the folders, in load order, each with its recorded and shown names."""
    listing = []
    for folder in folders:
        parent = folder if folder.is_dir() else folder.parent
        for path in yaml_files(folder):
            listing.append(Listed(path, recorded_name(path, parent, base), rubric_file_name(path, parent)))
    return listing


def _read_files(listing: list[Listed]) -> _Files:
    files = _Files()
    seen: set[str] = set()
    for path, name, shown in listing:
        real = os.path.realpath(path)
        if real in seen:
            continue  # the same file named twice (a folder and its config, say)
        seen.add(real)
        doc = read_yaml(path, shown)
        doc.stored = name
        if doc.stored in files.docs:
            raise doc.error((), f"two rubric files would both be recorded as {doc.stored!r}; rename one", files.docs[doc.stored].path)
        files.docs[doc.stored] = doc
        kind = file_kind(doc)
        if kind == "profile":
            if files.profile is not None:
                raise doc.error((), "a second context profile; add facts with an overlay (`extends: context`)")
            files.profile = validate(doc, ContextProfile)
        elif kind == "policy":
            if files.policy is not None:
                raise doc.error((), "a second policy; change numbers with an overlay (`extends: policy`)")
            files.policy = validate(doc, Policy)
        elif kind == "overlay":
            files.overlays.append(doc)
            if is_builtin_name(doc.stored):
                files.builtin.add(doc.stored)
        else:
            files.rubrics.append((validate(doc, Rubric), doc))
        files.inputs.append(InputFile.model_construct(role=kind, name=doc.stored, sha256=doc.sha256))
    return files


def load_rubric_set(folders: list[Path], config: LoadedConfig | None = None) -> RubricSet:
    """Read folders in order: later ones add principles and overlays; the config's policy comes last."""
    base = config.folder if config is not None else None
    return load_rubric_files(rubric_listing(folders, base), config, str(folders[0]) if folders else "(no rubric folder)")


def load_rubric_files(listing: list[Listed], config: LoadedConfig | None = None, first: str = "") -> RubricSet:
    """Read these files in this order, each recorded under the name given (`verify` re-loads the files
    a report carries this way, by the names and in the order its result lists them)."""
    files = _read_files(listing)
    first = first or (listing[0].shown if listing else "(no rubric file)")
    if files.profile is None:
        raise InputError(first, "no context profile (a file with `kind: profile`) in the rubric folders")
    if files.policy is None:
        raise InputError(first, "no policy (a file with `kind: policy`) in the rubric folders")
    if not files.rubrics:
        raise InputError(first, "no rubric (a file with `kind: rubric`) in the rubric folders")
    origins, locations = _base_locations(files.rubrics)
    policy_name = next(i.name for i in files.inputs if i.role == "policy")
    origins.update({p.id: policy_name for p in files.policy.prohibitions})
    rubric_set = RubricSet(
        profile=files.profile,
        policy=files.policy,
        rubrics=tuple(sorted((r for r, _ in files.rubrics), key=lambda r: (r.order, r.id))),
        inputs=tuple(files.inputs),
        origins=origins,
        docs=files.docs,
        locations=locations,
    )
    if files.overlays:
        from checklist.loading.overlays import apply_overlays

        rubric_set = apply_overlays(rubric_set, files.overlays, files.builtin)
    if config is not None:  # the config in force is always recorded, whether or not it changes the policy
        config_input = InputFile.model_construct(role="config", name=config.doc.stored, sha256=config.doc.sha256)
        docs = {**rubric_set.docs, config.doc.stored: config.doc}
        rubric_set = replace(rubric_set, inputs=rubric_set.inputs + (config_input,), docs=docs)
    if config is not None and config.model.policy is not None:
        from checklist.loading.overlays import apply_policy
        from checklist.loading.validate import require_visible

        minimum = rubric_set.policy.min_justification_chars
        why = config.model.justification
        require_visible(config.doc, ("justification",), why, minimum, "the justification of a config that changes the policy")

        policy, notes = apply_policy(
            rubric_set.policy, config.model.policy, config.doc, "config", config.model.justification
        )
        rubric_set = replace(rubric_set, policy=policy, provenance=rubric_set.provenance + tuple(notes))
    _check_set(rubric_set)
    return rubric_set


def _base_locations(rubrics: list[tuple[Rubric, YamlDoc]]) -> tuple[dict[str, str], dict[str, tuple[str, Loc]]]:
    """Unique principle and criterion ids across files; where each sits."""
    origins: dict[str, str] = {}
    locations: dict[str, tuple[str, Loc]] = {}
    principle_files: dict[str, str] = {}
    shown: dict[str, str] = {}  # criterion id -> the file as errors name it
    for rubric, doc in rubrics:
        if rubric.id in principle_files:
            raise doc.error(("id",), f"principle {rubric.id!r} is defined twice", principle_files[rubric.id])
        principle_files[rubric.id] = doc.path
        origins[rubric.id] = doc.stored
        for index, criterion in enumerate(rubric.criteria):
            if criterion.id in locations:
                raise doc.error(("criteria", index, "id"), f"criterion {criterion.id} is defined twice", shown[criterion.id])
            locations[criterion.id] = (doc.stored, ("criteria", index))
            shown[criterion.id] = doc.path
            origins[criterion.id] = doc.stored
    return origins, locations


def _check_set(rubric_set: RubricSet) -> None:
    """Facts named by conditions exist and are tested the way their type allows; cited sources exist."""
    from checklist.loading.facts import check_condition

    for rubric in rubric_set.rubrics:
        source_ids = {s.id for s in rubric.sources}
        for criterion in rubric.criteria:
            doc, loc = rubric_set.doc_of(criterion.id)
            if criterion.when is not None and doc is not None:
                check_condition(criterion.when, rubric_set.profile, doc, loc + ("when",))
            for r_index, ref in enumerate(criterion.references):
                if ref.source not in source_ids and doc is not None:
                    message = f"unknown source {ref.source!r} (not in the principle's sources)"
                    raise doc.error(loc + ("references", r_index, "source"), message)
    policy_doc = rubric_set.policy_doc
    for tier_index, tier in enumerate(rubric_set.policy.tiers):
        if tier.when is not None and policy_doc is not None:
            check_condition(tier.when, rubric_set.profile, policy_doc, ("tiers", tier_index, "when"))
    for prohibition in rubric_set.policy.prohibitions:
        doc, loc = rubric_set.prohibition_doc(prohibition.id)
        if doc is not None:
            check_condition(prohibition.when, rubric_set.profile, doc, loc + ("when",))
