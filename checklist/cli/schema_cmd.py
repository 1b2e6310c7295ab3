"""`rai-checklist schema`: JSON Schemas for editors and CI, generated from the models."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from checklist.authoring.schemas import SCHEMA_KINDS
from checklist.cli.common import choice_enum
from checklist.cli.guard import guarded

SchemaKind: Any = choice_enum("SchemaKind", SCHEMA_KINDS)


@guarded
def schema(kind: Annotated[SchemaKind, typer.Argument(help="Which file format.")]) -> None:
    """Print the JSON Schema of a file format."""
    import json

    from checklist.authoring.schemas import schema_for

    typer.echo(json.dumps(schema_for(kind.value), indent=2, ensure_ascii=False))
