"""`rai-checklist verify`: prove a report (or a saved result) follows from what it carries."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from checklist.cli.guard import EXIT_GATE, EXIT_OK, guarded

TRUST_HELP = "A trusted root certificate (PEM or DER) for the signature; repeatable. Without one, who signed is shown but not vouched for."


@guarded
def verify(
    report_file: Annotated[Path, typer.Argument(help="A report PDF, or a saved JSON result.", show_default=False, metavar="FILE")],
    trust: Annotated[list[Path] | None, typer.Option("--trust", help=TRUST_HELP)] = None,
) -> None:
    """Check a report PDF: its signature (if any), every attachment against its manifest, and a re-run
    of the assessment from the attached deployment, rubric set and evidence, compared with the
    result it records. For a JSON result: that its figures follow from its criteria.
    Exit 0: verified; 1: a difference (listed); 2: not a report."""
    from checklist.verify import verify_path

    outcome = verify_path(report_file, list(trust or []))
    lines = [f"verify {report_file}"]
    lines += [f"  ✔ {text}" for text in outcome.passed]
    lines += [f"  ✘ {text}" for text in outcome.failed]
    lines += [f"  – {text}" for text in outcome.notes]
    if outcome.ok:
        lines.append("verified: the report follows from the files it carries")
    else:
        lines.append(f"NOT VERIFIED: {len(outcome.failed)} difference(s)")
    typer.echo("\n".join(lines))
    raise typer.Exit(EXIT_OK if outcome.ok else EXIT_GATE)
