"""The context profile (principles/context.yaml): typed facts that describe a deployment's setting."""

from typing import Any, Literal, Self

from pydantic import Field, model_validator

from checklist.models.base import Code, StrictModel


class FactSpec(StrictModel):
    """One fact. `enum` takes one of `values`; `set` takes a list of them; a fact with no default is required."""

    type: Literal["enum", "set", "bool", "number", "string"]
    description: str
    values: list[Code] | None = None
    value_help: dict[str, str] = Field(default_factory=dict, description="One line per allowed value.")
    implies: dict[str, list[str]] = Field(
        default_factory=dict, description="A set fact's value that brings others with it (EU-SE brings EU), so rules can test the group."
    )
    source: str = Field(default="", description="The text that makes this fact decisive (a law, a vendor's terms), with its section.")
    default: Any = None
    required: bool = True

    @model_validator(mode="after")
    def _values_for_enums(self) -> Self:
        if self.type in ("enum", "set") and not self.values:
            raise ValueError(f"a fact of type {self.type} needs `values`")
        if self.type not in ("enum", "set") and self.values:
            raise ValueError(f"a fact of type {self.type} takes no `values`")
        if self.implies and self.type != "set":
            raise ValueError("only a set fact can have `implies`")
        for value, implied in self.implies.items():
            for name in [value, *implied]:
                if name not in (self.values or []):
                    raise ValueError(f"`implies` names {name!r}, which is not one of the values")
        return self


class ContextProfile(StrictModel):
    kind: Literal["profile"]
    format: Literal[2]
    version: str
    facts: dict[str, FactSpec]
