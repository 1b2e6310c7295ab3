"""Load a rubric set: the context profile, the policy, one rubric per principle, then overlays."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checklist.loading.errors import InputError
from checklist.loading.validate import validate
from checklist.loading.yamlfile import YamlDoc, read_yaml
from checklist.models.conditions import facts_named
from checklist.models.policy import Policy
from checklist.models.profile import ContextProfile
from checklist.models.result import InputFile, Provenance
from checklist.models.rubric import Criterion, Rubric


@dataclass
class RubricSet:
    """Everything an assessment is measured against, with where each piece came from."""

    profile: ContextProfile
    policy: Policy
    rubrics: list[Rubric]
    inputs: list[InputFile] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)  # criterion or principle id -> file it came from
    docs: dict[str, YamlDoc] = field(default_factory=dict)  # file -> parsed doc, for located errors
    provenance: list[Provenance] = field(default_factory=list)
    disabled: dict[str, dict[str, str]] = field(default_factory=dict)  # criterion id -> file, overlay, justification
    added: dict[str, tuple[YamlDoc, tuple[Any, ...]]] = field(default_factory=dict)  # criterion id -> overlay doc, loc
    static_fields: dict[str, dict[str, Any]] = field(default_factory=dict)  # per-criterion result fields, built once

    def criterion(self, criterion_id: str) -> tuple[Rubric, Criterion] | None:
        index = {c.id: (r, c) for r in self.rubrics for c in r.criteria}
        return index.get(criterion_id)

    def weight(self, criterion: Criterion) -> float:
        if criterion.weight is not None:
            return criterion.weight
        severity = criterion.severity or self.policy.default_severity
        return float(getattr(self.policy.severity_weights, severity))

    def pass_mark(self, criterion: Criterion) -> float:
        return criterion.pass_mark if criterion.pass_mark is not None else self.policy.default_pass_mark


def file_kind(doc: YamlDoc) -> str:
    """Tell a profile, policy, overlay and rubric apart by their top-level keys."""
    data = doc.data
    if not isinstance(data, dict):
        raise doc.error((), "expected a mapping at the top of the file")
    if "extends" in data:
        return "overlay"
    if "facts" in data:
        return "profile"
    if "tiers" in data:
        return "policy"
    return "rubric"


def yaml_files(folder: Path) -> list[Path]:
    if not folder.exists():
        raise InputError(str(folder), "rubric folder or file not found")
    if folder.is_file():
        return [folder]
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def display_name(path: Path) -> str:
    """A short, machine-independent name for a file: relative to the current folder when inside it."""
    if not path.is_absolute() and ".." not in path.parts:
        return str(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def rubric_file_name(path: Path, folder: Path) -> str:
    """Built-in files read as `principles/NAME`, wherever the package is installed."""
    from checklist.resources import data_dir

    if folder.resolve() == data_dir("principles").resolve():
        return f"principles/{path.name}"
    return display_name(path)


def load_rubric_set(folders: list[Path], config: Any = None) -> RubricSet:
    """Read folders in order: later ones add principles and overlays. `config` is a LoadedConfig."""
    profile: ContextProfile | None = None
    policy: Policy | None = None
    rubrics: list[tuple[Rubric, YamlDoc]] = []
    overlays = []
    inputs: list[InputFile] = []
    docs: dict[str, YamlDoc] = {}
    for folder in folders:
        for path in yaml_files(folder):
            doc = read_yaml(path, rubric_file_name(path, folder if folder.is_dir() else folder.parent))
            if doc.path in docs:
                continue  # the same file named twice (a folder and its config, say)
            docs[doc.path] = doc
            kind = file_kind(doc)
            if kind == "profile":
                if profile is not None:
                    raise doc.error((), "a second context profile; add facts with an overlay (`extends: context`)")
                profile = validate(doc, ContextProfile)
            elif kind == "policy":
                if policy is not None:
                    raise doc.error((), "a second policy; change numbers with an overlay (`extends: policy`)")
                policy = validate(doc, Policy)
            elif kind == "overlay":
                from checklist.loading.overlays import load_overlay

                overlays.append(load_overlay(doc))
            else:
                rubrics.append((validate(doc, Rubric), doc))
            inputs.append(InputFile.model_construct(role=kind, name=doc.path, sha256=doc.sha256))
    first = str(folders[0]) if folders else "(no rubric folder)"
    if profile is None:
        raise InputError(first, "no context profile (a YAML file with `facts:`) in the rubric folders")
    if policy is None:
        raise InputError(first, "no policy (a YAML file with `tiers:`) in the rubric folders")
    if not rubrics:
        raise InputError(first, "no rubric (a YAML file with `criteria:`) in the rubric folders")
    rubric_set = RubricSet(profile, policy, [], inputs, {}, docs)
    locations = _base_locations(rubric_set, rubrics)
    rubric_set.rubrics = sorted((r for r, _ in rubrics), key=lambda r: (r.order, r.id))
    if overlays:
        from checklist.loading.overlays import apply_overlays

        apply_overlays(rubric_set, overlays)
    if config is not None and config.model.policy is not None:
        from checklist.loading.overlays import check_config_policy

        inputs.append(InputFile.model_construct(role="config", name=config.doc.path, sha256=config.doc.sha256))
        check_config_policy(rubric_set, config.model.policy, config.doc, config.model.justification)
    for criterion_id, (doc, loc) in rubric_set.added.items():
        if criterion_id in locations:
            raise doc.error(loc + ("id",), f"criterion {criterion_id} is defined twice", locations[criterion_id][0].path)
        locations[criterion_id] = (doc, loc)
        rubric_set.origins[criterion_id] = doc.path
    _check_set(rubric_set, locations)
    return rubric_set


def _base_locations(rubric_set: RubricSet, rubrics: list[tuple[Rubric, YamlDoc]]) -> dict[str, tuple[YamlDoc, tuple[Any, ...]]]:
    """Unique principle and criterion ids across files; where each criterion sits."""
    principle_files: dict[str, str] = {}
    locations: dict[str, tuple[YamlDoc, tuple[Any, ...]]] = {}
    for rubric, doc in rubrics:
        if rubric.id in principle_files:
            raise doc.error(("id",), f"principle {rubric.id!r} is defined twice", principle_files[rubric.id])
        principle_files[rubric.id] = doc.path
        rubric_set.origins[rubric.id] = doc.path
        for index, criterion in enumerate(rubric.criteria):
            if criterion.id in locations:
                raise doc.error(("criteria", index, "id"), f"criterion {criterion.id} is defined twice", locations[criterion.id][0].path)
            locations[criterion.id] = (doc, ("criteria", index))
            rubric_set.origins[criterion.id] = doc.path
    return locations


def _check_set(rubric_set: RubricSet, locations: dict[str, tuple[YamlDoc, tuple[Any, ...]]]) -> None:
    """Facts named by conditions exist; sources cited exist in the criterion's principle."""
    facts = rubric_set.profile.facts
    for rubric in rubric_set.rubrics:
        source_ids = {s.id for s in rubric.sources}
        for criterion in rubric.criteria:
            doc, loc = locations[criterion.id]
            for fact in facts_named(criterion.applies_when) if criterion.applies_when else []:
                if fact not in facts:
                    raise doc.error(loc + ("applies_when",), f"unknown fact {fact!r} (not in the context profile)")
            for r_index, ref in enumerate(criterion.references):
                if ref.source not in source_ids:
                    raise doc.error(loc + ("references", r_index, "source"), f"unknown source {ref.source!r} (not in the principle's sources)")
    policy_doc = next((rubric_set.docs[i.name] for i in rubric_set.inputs if i.role == "policy"), None)
    for tier_index, tier in enumerate(rubric_set.policy.tiers):
        for fact in facts_named(tier.when) if tier.when else []:
            if fact not in facts and policy_doc is not None:
                raise policy_doc.error(("tiers", tier_index, "when"), f"unknown fact {fact!r}")
