"""Shared model configuration: strict, typo-proof input models."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """Input model: unknown keys are errors, so a typo never silently drops a field."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, allow_inf_nan=False)


class OutputModel(BaseModel):
    """Output model: also strict, so a saved result that was hand-edited is caught on `render`.

    The engine builds these from validated inputs without re-validating them, so their schemas
    are built only when first needed (to write JSON or read a saved result), not at every start."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, allow_inf_nan=False, defer_build=True)
