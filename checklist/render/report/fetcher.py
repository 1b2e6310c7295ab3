"""A URL fetcher that serves only the report's own bundled files and refuses everything else.

Text in a deployment or rubric is escaped by the template, but this is the second wall: even if
markup got through, WeasyPrint could not read a local file or reach the network with it."""

from __future__ import annotations

from weasyprint.urls import URLFetcher, URLFetcherResponse


class BundledAssetFetcher(URLFetcher):
    def __init__(self, assets: dict[str, tuple[bytes, str]]) -> None:
        # Even if the parent's fetch were ever reached: no protocol and no redirect is allowed.
        super().__init__(allowed_protocols=(), allow_redirects=False, timeout=1, fail_on_errors=False)
        self._assets = dict(assets)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        try:
            body, mime = self._assets[url]
        except KeyError:
            self.refused.append(url)
            raise PermissionError(f"resource not allowed in a report: {url}") from None
        return URLFetcherResponse(url, body=body, headers={"Content-Type": mime})
