"""`rai-checklist report`: assess deployments and render a PDF/A-3 audit report for each."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from checklist.cli.common import BuiltinOption, ConfigOption, NoConfigOption, RubricsOption, rubric_sources
from checklist.cli.gate import DEFAULT_FAIL_ON, FailOn, gate
from checklist.cli.guard import guarded, note
from checklist.cli.reports import EVIDENCE_LIMIT_MB, Job, evidence_files, output_paths, pick_framework, rubric_files, write_reports

FRAMEWORK_HELP = "Show only this framework in the crosswalk (e.g. 'EU AI Act')."
HTML_HELP = "Also write the report as a standalone HTML page: a file (one deployment) or folder."
OUTPUT_HELP = "PDF file (one deployment) or folder (several). Default: the deployment's name, in this folder."
EMBED_HELP = "Attach the evidence files to the PDF, so `verify` can re-run with them (default: the config's embed_evidence)."
SIGN_HELP = (
    "Sign the PDF (PAdES) with this private key: a PEM key with --cert, or a PKCS#12 (.p12/.pfx) file. "
    "A passphrase is read from RAI_CHECKLIST_KEY_PASSPHRASE."
)


@guarded
def report(
    deployments: Annotated[list[Path], typer.Argument(help="Deployment YAML files.", show_default=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o", help=OUTPUT_HELP)] = None,
    html: Annotated[Path | None, typer.Option("--html", help=HTML_HELP)] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the canonical JSON result(s) here.")] = None,
    framework: Annotated[str | None, typer.Option("--framework", help=FRAMEWORK_HELP)] = None,
    embed_evidence: Annotated[bool | None, typer.Option("--embed-evidence/--no-embed-evidence", help=EMBED_HELP, show_default=False)] = (
        None
    ),
    sign: Annotated[Path | None, typer.Option("--sign", help=SIGN_HELP, metavar="KEY")] = None,
    cert: Annotated[Path | None, typer.Option("--cert", help="The signer's certificate (PEM), with a PEM key for --sign.")] = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Reports rendered at once (default: one per core).")] = None,
    fail_on: Annotated[FailOn, typer.Option(help="The gate fails on this verdict or a worse one.")] = DEFAULT_FAIL_ON,
    rubrics: RubricsOption = None,
    builtin: BuiltinOption = None,
    config: ConfigOption = None,
    no_config: NoConfigOption = False,
) -> None:
    """Assess deployments and render a PDF/A-3 audit report for each, carrying the deployment file, the
    rubric set in force, the canonical result and a hash manifest (and the evidence with
    --embed-evidence), optionally signed. Every output is written, or none.
    Exit 0: gate passed; 1: gate failed (see --fail-on); 2: bad input."""
    from checklist.engine.assess import assess_file
    from checklist.loading.rubrics import load_rubric_set
    from checklist.models.result import Summary

    signer = None
    if sign is not None:
        from checklist.signing import load_signer

        signer = load_signer(sign, cert)  # a bad key fails before any work
    elif cert is not None:
        from checklist.errors import InputError

        raise InputError("--cert", "a certificate is used only with --sign KEY")
    folders, loaded_config = rubric_sources(rubrics, builtin, config, no_config)
    rubric_set = load_rubric_set(folders, loaded_config)
    results = [assess_file(path, rubric_set) for path in deployments]  # all input checked before any output
    for result in results:  # a report names its file by name alone, so it is the same from any folder
        result.source_path = ""
    chosen = pick_framework(results, framework)
    embed = embed_evidence if embed_evidence is not None else bool(loaded_config and loaded_config.model.embed_evidence)
    limit = loaded_config.model.evidence_limit_mb if loaded_config is not None else EVIDENCE_LIMIT_MB
    report_jobs = []
    for result, path in zip(results, deployments, strict=True):
        carried = rubric_files(result, rubric_set) + (evidence_files(result, path, limit) if embed else [])
        report_jobs.append(Job(result, tuple(carried), chosen, html is not None))
    pdf_paths, create = output_paths(results, output, ".pdf")
    html_paths = None
    if html is not None:
        html_paths, html_create = output_paths(results, html, ".html")
        create += [f for f in html_create if f not in create]
    also: list[tuple[Path, bytes]] = []
    if json_out is not None:
        from checklist.render.json import render_json

        also.append((json_out, render_json(results).encode("utf-8")))
    sign_pdf = signer.sign if signer is not None else None
    write_reports(report_jobs, pdf_paths, html_paths, jobs, sign_pdf, also=also, inputs=deployments, create=create)
    for path in pdf_paths:
        note(f"wrote {path}")
    raise typer.Exit(gate([Summary.of(r) for r in results], fail_on, None))
