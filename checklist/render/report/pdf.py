"""Render a Result to HTML and to a PDF/A-3 audit report with the inputs attached.

Locked down: Jinja2 autoescapes every value, the only resources WeasyPrint may load are the
report's own bundled files, and every date comes from the input (or SOURCE_DATE_EPOCH), never
from the clock, so the same result always gives the same bytes."""

from __future__ import annotations

import datetime as dt
import os
from functools import cache
from pathlib import Path
from typing import Any

from checklist.models.result import Result
from checklist.render.report.view import manifest_json, view
from checklist.resources import data_dir

PDF_VARIANT = "pdf/a-3u"  # PDF/A-3 is the PDF/A level that may carry the source files as attachments


@cache
def _environment() -> Any:
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("templates") / "report")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@cache
def _assets() -> dict[str, tuple[bytes, str]]:
    """Everything a report may load, by exact pseudo-URL."""
    folder = data_dir("templates") / "report"
    return {"asset:report.css": ((folder / "report.css").read_bytes(), "text/css")}


def render_html(result: Result) -> str:
    return _environment().get_template("report.html.j2").render(**view(result))


def _stamp(result: Result) -> dt.datetime:
    """The report's date: the deployment's date at midnight UTC, or SOURCE_DATE_EPOCH when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return dt.datetime.combine(result.deployment.date, dt.time(0, 0), tzinfo=dt.timezone.utc)


def render_pdf(result: Result, html: str | None = None) -> bytes:
    """The PDF as bytes; nothing is written here, so a failure leaves no file behind."""
    stamp = _stamp(result)
    # fontTools (used when HarfBuzz subsetting is missing) writes the clock into embedded fonts
    # unless SOURCE_DATE_EPOCH is set: pin it to the report's date for byte-identical output.
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(stamp.timestamp())))
    import logging

    from weasyprint import HTML, Attachment

    from checklist.render.report.fetcher import BundledAssetFetcher

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fetcher = BundledAssetFetcher(_assets())
    document = HTML(string=html if html is not None else render_html(result), base_url=None, url_fetcher=fetcher)
    attachments = [
        Attachment(
            string=result.source_text.encode("utf-8"), name=result.source_name, description="The deployment file assessed",
            created=stamp, modified=stamp, relationship="Source", url_fetcher=fetcher,
        ),
        Attachment(
            string=manifest_json(result).encode("utf-8"), name="manifest.json",
            description="SHA-256 of every input and of the canonical result", created=stamp, modified=stamp,
            relationship="Data", url_fetcher=fetcher,
        ),
    ]
    return document.write_pdf(
        attachments=attachments,
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        presentational_hints=False,
        uncompressed_pdf=False,
    )


def render_to(result: Result, pdf_path: Path | None, html_path: Path | None) -> None:
    """Render and write atomically: a failure leaves any earlier file untouched."""
    from checklist.outputs import write_atomic

    html = render_html(result)
    pdf = render_pdf(result, html) if pdf_path is not None else None
    if html_path is not None:
        write_atomic(html_path, html.encode("utf-8"))
    if pdf_path is not None and pdf is not None:
        write_atomic(pdf_path, pdf)
