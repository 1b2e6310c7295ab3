"""`rai-checklist init`: scaffold a deployment file for a given context."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from checklist.cli.common import BuiltinOption, ConfigOption, NoConfigOption, RubricsOption, load_rubrics
from checklist.cli.guard import guarded, note

if TYPE_CHECKING:
    from checklist.loading.rubrics import RubricSet


def parse_facts(pairs: list[str], rubric_set: RubricSet) -> dict[str, Any]:
    """`--set function=verification_1to1,liveness --set consequential=false`, checked against the profile."""
    from checklist.errors import InputError
    from checklist.loading.deployment import resolve_context
    from checklist.loading.yamlfile import YamlDoc

    given: dict[str, Any] = {}
    facts = rubric_set.profile.facts
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep:
            raise InputError("--set", f"expected FACT=VALUE, got {pair!r}")
        spec = facts.get(name)
        if spec is None:
            raise InputError("--set", f"unknown fact {name!r} (known: {', '.join(facts)})")
        value: Any = raw
        if spec.type == "set":
            value = [v.strip() for v in raw.split(",") if v.strip()]
        elif spec.type == "bool":
            value = {"true": True, "false": False}.get(raw.lower(), raw)
        elif spec.type == "number":
            try:
                value = float(raw)
            except ValueError:
                pass
        given[name] = value
    doc = YamlDoc("--set", {"context": given}, "", "")
    partial = {name: spec for name, spec in facts.items() if name in given}
    return resolve_context(doc, given, partial)


@guarded
def init(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the deployment file.")] = Path("deployment.yaml"),
    facts: Annotated[list[str] | None, typer.Option("--set", help="A context fact, FACT=VALUE (lists with commas); repeatable.")] = None,
    date: Annotated[str | None, typer.Option(help="The deployment date (YYYY-MM-DD); default today.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file (with --interactive: start over).")] = False,
    interactive: Annotated[
        bool,
        typer.Option("--interactive", "-i", help="Ask the facts, then the questions that apply; stop any time and run again to resume."),
    ] = False,
    schema: Annotated[bool, typer.Option("--schema/--no-schema", help="Also write deployment.schema.json beside it, for editors.")] = True,
    rubrics: RubricsOption = None,
    builtin: BuiltinOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Write a deployment file with every applicable question as commented YAML, options and scores included."""
    import json
    import os

    from checklist.authoring.scaffold import SCHEMA_FILE, scaffold
    from checklist.authoring.schemas import schema_for
    from checklist.errors import InputError
    from checklist.outputs import check_outputs, write_all

    schema_path = output.parent / SCHEMA_FILE
    if os.path.lexists(output) and not force and not interactive:
        raise InputError(str(output), "already exists; use --force to overwrite (or --interactive to resume a guided session)")
    check_outputs([output, schema_path] if schema else [output])  # both refused before either is written
    rubric_set = load_rubrics(rubrics, builtin, config, no_config)
    context = parse_facts(facts or [], rubric_set)
    try:
        day = dt.date.fromisoformat(date) if date else dt.date.today()
    except ValueError:
        raise InputError("--date", f"not a date: {date!r}") from None
    items: list[tuple[Path, bytes]] = []
    if schema:
        items.append((schema_path, (json.dumps(schema_for("deployment", rubric_set.profile), indent=2) + "\n").encode()))
    if interactive:
        write_all(items)
        _interactive(rubric_set, output, day, SCHEMA_FILE if schema else None, context, resume_file=output.exists() and not force)
        return
    text = scaffold(rubric_set, context, day, SCHEMA_FILE if schema else None)
    write_all([(output, text.encode("utf-8")), *items])
    note(f"wrote {output}" + (f" and {schema_path}" if schema else ""))


def _interactive(
    rubric_set: RubricSet, output: Path, day: dt.date, schema_ref: str | None, given: dict[str, Any], resume_file: bool
) -> None:
    from checklist.authoring.questionnaire import Questionnaire, State, TerminalPrompts, resume

    state = resume(output) if resume_file else State()
    state.facts.update(given)  # --set wins over what the file says
    done = Questionnaire(rubric_set, TerminalPrompts(), output, day, schema_ref).run(state)
    if done:
        note(f"wrote {output}: every question that applies has been put. Next: `rai-checklist assess {output}`")
    else:
        note(f"saved {output} so far; run the same command again to resume")
