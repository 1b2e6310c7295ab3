"""Render a Result to a PDF/A-3 audit report that carries what a re-run needs.

Attached: the deployment file, every rubric-set file the command could hand over (the built-ins,
overlays, policy, profile and config, by the names in the result's `inputs`), the evidence files
when asked, the canonical JSON result, and `manifest.json` with the SHA-256 of each. `rai-checklist
verify` reads them back.

Locked down: Jinja2 autoescapes every value, WeasyPrint may load nothing (the stylesheet is inline
and the fetcher refuses every URL), and every date comes from the input (or SOURCE_DATE_EPOCH),
never from the clock, so the same result and files always give the same bytes."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Sequence
from functools import cache

from checklist.models.result import Result
from checklist.render.report.html import render_html
from checklist.render.report.view import Attached, Carried, manifest_json, original_bytes

PDF_VARIANT = "pdf/a-3u"  # PDF/A-3 is the PDF/A level that may carry the source files as attachments
MANIFEST, RESULT = "manifest.json", "result.json"
RELATIONSHIP = {"deployment": "Source", "evidence": "Supplement", "result": "Data"}
DESCRIPTION = {
    "deployment": "The deployment file assessed",
    "evidence": "An evidence file the deployment cites",
    "result": "The canonical JSON result",
}


def _stamp(result: Result) -> dt.datetime:
    """The report's date: the deployment's date at midnight UTC, or SOURCE_DATE_EPOCH when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except (ValueError, OverflowError, OSError):
            from checklist.errors import InputError

            raise InputError("SOURCE_DATE_EPOCH", f"{epoch[:30]!r} is not a usable date (seconds since 1970)") from None
    return dt.datetime.combine(result.deployment.date, dt.time(0, 0), tzinfo=dt.UTC)


@cache
def _assets() -> dict[str, tuple[bytes, str]]:
    """Everything a report may load, by exact pseudo-URL: nothing since the stylesheet is inline, but
    the fetcher keeps its list so a later asset has one place to go."""
    return {}


@cache
def _fonts() -> object:
    """One font configuration for every report this process renders: fonts are loaded once."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def prepare() -> None:
    """Import WeasyPrint and compile the template now. Called before workers are forked, so that
    N reports cost one import (0.4-0.8 s) and one compilation, not one per worker."""
    import weasyprint  # noqa: F401

    from checklist.render.report.html import template

    template()


def report(result: Result, framework: str | None = None) -> bytes:
    return render_pdf(result, framework=framework)


def enclosures(result: Result, carried: Sequence[Carried] = ()) -> list[tuple[Attached, bytes]]:
    """What the PDF attaches besides the manifest, each with a unique attachment name: the
    deployment, the canonical result, then the carried files in the result's input order."""
    deployment = next(i for i in result.inputs if i.role == "deployment")
    files: list[tuple[str, str, bytes]] = [
        ("deployment", deployment.name, original_bytes(result.source_text, deployment.sha256)),
        ("result", "", (result.model_dump_json(indent=2) + "\n").encode("utf-8")),
    ]
    by_input = {(c.role, c.name): c for c in carried}
    for item in result.inputs:
        found = by_input.get((item.role, item.name))
        if found is not None and item.role != "deployment":
            files.append((item.role, item.name, found.data))
    taken = {MANIFEST}
    out = []
    for role, name, data in files:
        attachment = RESULT if role == "result" else name
        if attachment in taken:
            attachment = f"{role}/{name}"
        n = 2
        while attachment in taken:
            attachment = f"{role}/{name}~{n}"
            n += 1
        taken.add(attachment)
        out.append((Attached(attachment, role, len(data), hashlib.sha256(data).hexdigest(), name), data))
    return out


def render_pdf(
    result: Result, carried: Sequence[Carried] = (), framework: str | None = None, html: str | None = None
) -> bytes:
    """The PDF as bytes; nothing is written here, so a failure leaves no file behind. `html` is the
    page to render if already made (it must have been made with the same attachments)."""
    stamp = _stamp(result)
    # fontTools (used when HarfBuzz subsetting is missing) writes the clock into embedded fonts
    # unless SOURCE_DATE_EPOCH is set: pin it to this report's date while it renders, then put the
    # environment back, so the next report in a batch (or a worker's next job) gets its own date.
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    try:
        return _write_pdf(result, carried, framework, html, stamp)
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _write_pdf(result: Result, carried: Sequence[Carried], framework: str | None, html: str | None, stamp: dt.datetime) -> bytes:
    import logging

    from weasyprint import HTML, Attachment

    from checklist.render.report.fetcher import BundledAssetFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fetcher = BundledAssetFetcher(_assets())
    files = enclosures(result, carried)
    listed = [a for a, _ in files]
    attached_inputs = {(a.role, a.input) for a in listed}
    missing = [
        {"role": i.role, "name": i.name, "sha256": i.sha256} for i in result.inputs if (i.role, i.name) not in attached_inputs
    ]
    manifest = manifest_json(result, [_entry(a) for a in listed], missing).encode("utf-8")
    manifest_sha256 = hashlib.sha256(manifest).hexdigest()
    if html is None:
        shown = [*listed, Attached(MANIFEST, "manifest", len(manifest), manifest_sha256)]
        html = render_html(result, framework, shown, manifest_sha256)
    document = HTML(string=html, base_url=None, url_fetcher=fetcher)
    attachments = [
        Attachment(
            string=data, name=a.name, description=DESCRIPTION.get(a.role, f"Rubric-set file ({a.role}) in force"),
            created=stamp, modified=stamp, relationship=RELATIONSHIP.get(a.role, "Source"), url_fetcher=fetcher,
        )
        for a, data in files
    ]
    attachments.append(
        Attachment(
            string=manifest, name=MANIFEST, description="SHA-256 of every attachment, every input and the canonical result",
            created=stamp, modified=stamp, relationship="Data", url_fetcher=fetcher,
        )
    )
    return document.write_pdf(
        attachments=attachments,
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        presentational_hints=False,
        uncompressed_pdf=False,
        font_config=_fonts(),
    )


def _entry(a: Attached) -> dict[str, object]:
    entry: dict[str, object] = {"name": a.name, "role": a.role, "sha256": a.sha256, "size": a.size}
    if a.input:
        entry["input"] = a.input
    return entry
