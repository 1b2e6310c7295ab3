"""JSON Schemas from the models; the deployment schema also spells out the built-in context facts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import BaseModel

    from checklist.models.profile import ContextProfile

SCHEMA_KINDS = ("rubric", "overlay", "policy", "profile", "deployment", "result", "config", "rubric-tests")


def _model(kind: str) -> type[BaseModel]:
    from checklist.models.deployment import Deployment
    from checklist.models.overlay import Config, Overlay
    from checklist.models.policy import Policy
    from checklist.models.profile import ContextProfile
    from checklist.models.result import Result
    from checklist.models.rubric import Rubric
    from checklist.models.rubric_tests import RubricTests

    models: dict[str, type[BaseModel]] = {
        "rubric": Rubric, "overlay": Overlay, "policy": Policy, "profile": ContextProfile,
        "deployment": Deployment, "result": Result, "config": Config, "rubric-tests": RubricTests,
    }
    return models[kind]


def schema_for(kind: str, profile: ContextProfile | None = None) -> dict[str, Any]:
    schema = _model(kind).model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://rai-checklist.invalid/schemas/{kind}.schema.json"
    if kind == "deployment":
        schema["properties"]["context"] = context_schema(profile)
    return schema


def context_schema(profile: ContextProfile | None = None) -> dict[str, Any]:
    """The context profile (the built-in set's, with the facts its legal packs add, unless given) as
    JSON Schema, so editors complete fact names and values."""
    if profile is None:
        from checklist.loading.rubrics import load_rubric_set
        from checklist.resources import builtin_rubric_folders

        profile = load_rubric_set(builtin_rubric_folders()).profile
    properties: dict[str, Any] = {}
    required = []
    for name, spec in profile.facts.items():
        prop: dict[str, Any] = {"description": spec.description}
        values = [*(spec.values or []), "unspecified"]  # every fact may be left open, explicitly
        if spec.type == "enum":
            prop["enum"] = values
        elif spec.type == "set":
            prop["type"] = "array"
            prop["items"] = {"enum": values}
            prop["uniqueItems"] = True
        else:
            prop["anyOf"] = [{"type": {"bool": "boolean", "number": "number", "string": "string"}[spec.type]}, {"const": "unspecified"}]
        properties[name] = prop
        if spec.required and spec.default is None:
            required.append(name)
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
