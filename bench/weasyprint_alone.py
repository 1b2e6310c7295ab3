"""The report floor: WeasyPrint alone rendering a report's HTML with the options `report` uses
(PDF/A-3u, tagged, the same attachments and a fetcher that serves only the stylesheet).

    python bench/weasyprint_alone.py REPORT.html report.css DEPLOYMENT.yaml OUT.pdf [HTML DEPLOYMENT OUT]...

Nothing from rai-checklist is imported: this is what any program rendering that HTML pays.
More (HTML, deployment, PDF) triples are rendered one after another in the same process.
"""

import datetime as dt
import logging
import os
import sys

STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def render(html_path: str, css_path: str, source_path: str, out_path: str) -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(int(STAMP.timestamp())))
    from weasyprint import HTML, Attachment
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    with open(css_path, "rb") as handle:
        css = handle.read()

    class OnlyTheStylesheet(URLFetcher):
        def __init__(self) -> None:
            super().__init__(allowed_protocols=(), allow_redirects=False, timeout=1, fail_on_errors=False)

        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            if url != "asset:report.css":
                raise PermissionError(url)
            return URLFetcherResponse(url, body=css, headers={"Content-Type": "text/css"})

    fetcher = OnlyTheStylesheet()
    with open(html_path, encoding="utf-8") as handle:
        html = handle.read()
    with open(source_path, "rb") as handle:
        source = handle.read()
    attachments = [
        Attachment(string=source, name=os.path.basename(source_path), description="The deployment file assessed",
                   created=STAMP, modified=STAMP, relationship="Source", url_fetcher=fetcher),
        Attachment(string=b'{"inputs": []}\n', name="manifest.json", description="SHA-256 of every input",
                   created=STAMP, modified=STAMP, relationship="Data", url_fetcher=fetcher),
    ]
    pdf = HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf(
        attachments=attachments, pdf_variant="pdf/a-3u", pdf_tags=True, presentational_hints=False, uncompressed_pdf=False
    )
    with open(out_path, "wb") as handle:
        handle.write(pdf)


if __name__ == "__main__":
    first_html, css_file, first_source, first_out, *more = sys.argv[1:]
    render(first_html, css_file, first_source, first_out)
    for i in range(0, len(more) - 2, 3):
        render(more[i], css_file, more[i + 1], more[i + 2])
