"""Render a Result to HTML and to a PDF/A-3 audit report with the inputs attached.

Locked down: Jinja2 autoescapes every value, the only resources WeasyPrint may load are the
report's own bundled files, and every date comes from the input (or SOURCE_DATE_EPOCH), never
from the clock, so the same result always gives the same bytes."""

from __future__ import annotations

import datetime as dt
import os
from functools import cache

from checklist.models.result import Result
from checklist.render.report.html import render_html
from checklist.render.report.view import manifest_json
from checklist.resources import data_dir

PDF_VARIANT = "pdf/a-3u"  # PDF/A-3 is the PDF/A level that may carry the source files as attachments


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
    """Everything a report may load, by exact pseudo-URL."""
    folder = data_dir("templates") / "report"
    return {"asset:report.css": ((folder / "report.css").read_bytes(), "text/css")}


def report(result: Result) -> bytes:
    return render_pdf(result)


def render_pdf(result: Result, html: str | None = None) -> bytes:
    """The PDF as bytes; nothing is written here, so a failure leaves no file behind."""
    stamp = _stamp(result)
    # fontTools (used when HarfBuzz subsetting is missing) writes the clock into embedded fonts
    # unless SOURCE_DATE_EPOCH is set: pin it to this report's date while it renders, then put the
    # environment back, so the next report in a batch (or a worker's next job) gets its own date.
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp.timestamp()))
    try:
        return _write_pdf(result, html, stamp)
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def _write_pdf(result: Result, html: str | None, stamp: dt.datetime) -> bytes:
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
