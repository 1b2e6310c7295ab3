"""`rai-checklist schema`: JSON Schemas for editors and CI, generated from the models."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from checklist.cli.guard import guarded


class SchemaKind(str, Enum):
    rubric = "rubric"
    deployment = "deployment"
    result = "result"


@guarded
def schema(kind: Annotated[SchemaKind, typer.Argument(help="Which file format.")]) -> None:
    """Print the JSON Schema of a rubric, deployment or result file."""
    import json

    from checklist.schemas import schema_for

    typer.echo(json.dumps(schema_for(kind.value), indent=2, ensure_ascii=False))
