"""Shared model configuration and the small types every format uses."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT = 2  # the rubric-file format this version reads
Fraction = Annotated[float, Field(ge=0, le=1)]
# Ids and enumerated values are kebab-case; codes from a standard (US-WA, FAIR-01) keep their capitals.
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Code = Annotated[str, Field(pattern=r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$")]
Severity = Literal["low", "medium", "high", "critical"]


class StrictModel(BaseModel):
    """Input model: unknown keys are errors, so a typo never silently drops a field.

    Validators are built on first use (`defer_build`): a run that reads its rubric set from the
    cache never validates a rubric file, so it never pays for building those validators."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False, defer_build=True)


class OutputModel(BaseModel):
    """Output model: also strict, so a saved result that was hand-edited is caught on `render`.

    The engine builds these from validated inputs without re-validating them, so their schemas
    are built only when first needed (to write JSON or read a saved result), not at every start."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False, defer_build=True)
