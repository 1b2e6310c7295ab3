"""The PDF audit report, rendered for real with WeasyPrint and read back with pypdf."""

from __future__ import annotations

import hashlib
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import FIXTURES, MINI, REPO, one_result, run
from pypdf import PdfReader

from checklist.loading.result import parse_results

pytestmark = pytest.mark.pdf  # every test here renders with WeasyPrint

EXAMPLE = REPO / "examples" / "police-investigative-leads" / "deployment.yaml"
EXE = str(Path(sys.executable).parent / "rai-checklist")


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture(scope="session")
def example_report(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("report")
    pdf, html, result = folder / "report.pdf", folder / "report.html", folder / "result.json"
    outcome = run("report", EXAMPLE, "-o", pdf, "--html", html, "--json", result)
    assert outcome.exit_code in (0, 1), outcome.stderr  # the police example is not-ready: the gate fails
    return {"pdf": pdf, "html": html, "json": result, "data": one_result(result.read_text()), "folder": folder}


def test_pdf_shows_the_scores_and_verdict_of_the_json_result(example_report):
    data, text = example_report["data"], pdf_text(example_report["pdf"])
    assert data["deployment"]["name"] in text
    assert "Not ready" in text and data["verdict"]["value"] == "not-ready"
    assert f"Overall score {data['overall_score']:.1f} / 100" in text
    for principle in data["principles"]:
        assert re.search(rf"{principle['title']}( flagged)? {principle['score']:.1f}", text), principle["title"]
    for criterion in (c for p in data["principles"] for c in p["criteria"]):
        assert criterion["id"] in text
    assert f"1. {data['actions'][0]['criterion']}" in text  # the remediation plan leads with the top action


def test_pages_are_numbered_and_bookmarked(example_report):
    reader = PdfReader(example_report["pdf"])
    pages = len(reader.pages)
    assert f"Page 1 of {pages}" in reader.pages[0].extract_text()
    assert f"Page {pages} of {pages}" in reader.pages[-1].extract_text()
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Executive summary" in titles and "Remediation plan" in titles and "Sign-off" in titles


def test_metadata_tags_and_pdfa(example_report):
    reader = PdfReader(example_report["pdf"])
    meta, data = reader.metadata, example_report["data"]
    assert meta.title == f"Responsible-AI audit report: {data['deployment']['name']}"
    assert meta.author == data["deployment"]["owner"]
    assert "verdict not-ready" in meta.subject
    assert "facial recognition" in meta["/Keywords"]
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) and "/StructTreeRoot" in root
    assert root["/Lang"] == "en"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfaid:part" in xmp and "3" in xmp


def test_attachments_are_the_deployment_the_rubric_set_the_result_and_a_manifest(example_report):
    attachments = PdfReader(example_report["pdf"]).attachments
    data = example_report["data"]
    rubric_files = [i["name"] for i in data["inputs"] if i["role"] in ("profile", "policy", "rubric", "overlay", "config")]
    assert rubric_files and all(name.startswith("principles/") for name in rubric_files)
    assert sorted(attachments) == sorted(["deployment.yaml", "manifest.json", "result.json", *rubric_files])
    assert attachments["deployment.yaml"][0] == EXAMPLE.read_bytes()
    for name in rubric_files:
        assert attachments[name][0] == (REPO / name).read_bytes(), name
    manifest = json.loads(attachments["manifest.json"][0])
    assert manifest["inputs"] == data["inputs"]
    assert manifest["verdict"] == data["verdict"]["value"]
    deployment_hash = next(i["sha256"] for i in manifest["inputs"] if i["role"] == "deployment")
    assert deployment_hash == hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    evidence = [i for i in manifest["inputs"] if i["role"] == "evidence"]
    assert evidence and all(
        i["sha256"] == hashlib.sha256((EXAMPLE.parent / i["name"]).read_bytes()).hexdigest() for i in evidence
    )
    assert {e["name"] for e in manifest["not_attached"]} == {i["name"] for i in evidence}  # no --embed-evidence
    for entry in manifest["attachments"]:
        assert hashlib.sha256(attachments[entry["name"]][0]).hexdigest() == entry["sha256"]
    assert json.loads(attachments["result.json"][0]) == data
    result_hash = hashlib.sha256(parse_results(attachments["result.json"][0], "r")[0].model_dump_json().encode()).hexdigest()
    assert manifest["result_sha256"] == result_hash


def test_renders_are_byte_identical_across_processes_and_from_saved_json(example_report, tmp_path):
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for out in (first, second):
        done = subprocess.run([EXE, "render", str(example_report["json"]), "-o", str(out)], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() == example_report["pdf"].read_bytes()


def test_render_rebuilds_other_formats_from_saved_json(example_report, tmp_path):
    md = tmp_path / "r.md"
    assert run("render", example_report["json"], "-o", md).exit_code == 0
    assert md.read_text().startswith(f"## {example_report['data']['deployment']['name']}: **not-ready**")
    html = tmp_path / "r.html"
    assert run("render", example_report["json"], "-o", html).exit_code == 0
    assert html.read_text() == example_report["html"].read_text()
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": "1.0"}')
    result = run("render", broken, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2 and "broken.json" in result.stderr and "not a rai-checklist result" in result.stderr
    assert not (tmp_path / "x.pdf").exists()


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"body { background: red }")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def loopback_server():
    """A local HTTP server that records any request; it stops when the test ends."""
    _Recorder.hits = []
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    server.timeout = 0.2
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_hostile_text_is_inert(tmp_path, loopback_server):
    folder = tmp_path / "hostile"
    shutil.copytree(FIXTURES / "hostile", folder)
    deployment = folder / "deployment.yaml"
    deployment.write_text(deployment.read_text().replace("PORT", str(loopback_server)))
    pdf, html = tmp_path / "h.pdf", tmp_path / "h.html"
    result = run("report", deployment, "--rubrics", MINI, "--no-builtin", "-o", pdf, "--html", html)
    assert result.exit_code == 0, result.stderr
    assert _Recorder.hits == []  # nothing was fetched
    reader = PdfReader(pdf)
    manifest = json.loads(reader.attachments["manifest.json"][0])
    rubric_names = {i["name"] for i in manifest["inputs"] if i["role"] not in ("deployment", "evidence")}
    assert set(reader.attachments) == {"deployment.yaml", "manifest.json", "result.json", *rubric_names}  # nothing else got in
    for page in reader.pages:  # no page draws an image: nothing was loaded
        xobjects = page["/Resources"].get("/XObject", {})
        assert all(xobjects[name].get_object()["/Subtype"] != "/Image" for name in xobjects)
    text = pdf_text(pdf)
    for literal in ("{{ 7*7 }}", "<script>alert(1)</script>", "{{ 6*7 }}", "{% raw %}", "@import url(http://127.0.0.1",
                    "{{ 8*8 }}", "<iframe src=\"file:///etc/passwd\"></iframe>", "<svg onload=alert(3)>"):
        assert literal in text.replace("\n", " "), literal
    assert reader.metadata.title.endswith('<img src="file:///etc/hostname"> {{ 7*7 }} <script>alert(1)</script>')
    page_html = html.read_text()
    assert "&lt;img src=&#34;file:///etc/hostname&#34;&gt;" in page_html and "<script>" not in page_html
    assert "<iframe" not in page_html and "<svg onload" not in page_html and "&lt;svg onload=alert(3)&gt;" in page_html
    assert reader.metadata.author.startswith('<link rel=attachment href="file:///etc/passwd">')


def test_the_fetcher_refuses_everything_but_bundled_assets(loopback_server):
    """The second wall: even markup that reached WeasyPrint could not read a file or the network."""
    from weasyprint import CSS, HTML, Attachment

    from checklist.render.report.fetcher import BundledAssetFetcher
    from checklist.render.report.pdf import _assets

    fetcher = BundledAssetFetcher(_assets())
    url = f"http://127.0.0.1:{loopback_server}"
    markup = (
        f'<link rel="stylesheet" href="{url}/a.css"><img src="file:///etc/hostname"><img src="{url}/i.png">'
        '<link rel="attachment" href="file:///etc/passwd"><a rel="attachment" href="file:///etc/os-release">x</a>'
        f'<object data="file:///etc/hosts"></object><div style="background: url({url}/bg.png)">x</div>'
    )
    css = CSS(string=f"@import url({url}/imported.css); p {{ background: url(file:///etc/hostname) }}", url_fetcher=fetcher)
    pdf = HTML(string=markup, base_url=None, url_fetcher=fetcher).write_pdf(
        stylesheets=[css], attachments=[Attachment(url=f"{url}/att.txt", url_fetcher=fetcher)]
    )
    assert _Recorder.hits == []
    assert {"file:///etc/hostname", "file:///etc/passwd", f"{url}/a.css"} <= set(fetcher.refused)
    from io import BytesIO

    assert PdfReader(BytesIO(pdf)).attachments == {}


def test_failed_render_keeps_the_earlier_report(example_report, tmp_path):
    target = tmp_path / "report.pdf"
    shutil.copy(example_report["pdf"], target)
    before = target.read_bytes()
    bad = tmp_path / "bad.yaml"
    bad.write_text("deployment: {name: x\n")
    result = run("report", EXAMPLE, bad, "-o", tmp_path)
    assert result.exit_code == 2 and "bad.yaml:" in result.stderr
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "report.pdf"]
    missing = run("report", EXAMPLE, "-o", tmp_path / "no" / "r.pdf")
    assert missing.exit_code == 2 and "output folder does not exist" in missing.stderr


def test_several_reports_render_in_parallel_into_a_folder(tmp_path):
    examples = [REPO / "examples" / name / "deployment.yaml" for name in ("building-access", "retail-watchlist")]
    result = run("report", *examples, "-o", tmp_path / "out")
    assert result.exit_code == 1  # the retail watchlist is not-ready: the gate fails
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["brightmart-loss-prevention-watchlist.pdf", "harbourview-tower-face-entry.pdf"]
    for path in (tmp_path / "out").iterdir():
        assert PdfReader(path).attachments["deployment.yaml"][0] in {e.read_bytes() for e in examples}


def test_overlay_provenance_appears_in_the_pdf(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO / "examples" / "extensions" / "org-overlay")
    pdf = tmp_path / "overlay.pdf"
    result = run("report", "deployment.yaml", "-o", pdf)
    assert result.exit_code == 0, result.stderr
    text = " ".join(pdf_text(pdf).split())
    assert "Changes to the built-in rubrics" in text
    for fragment in ("overlays/model-risk.yaml", "overlays/notice.yaml", "overlays/board-policy.yaml",
                     "Model Risk Management Policy (MRM-2026", "group signage standard SG-12", "evidence_cap"):
        assert fragment in text, fragment
    assert "NWB-MRM-02" in text and "disabled by overlays/notice.yaml" in text
    manifest = json.loads(PdfReader(pdf).attachments["manifest.json"][0])
    assert {p["file"] for p in manifest["provenance"]} == {"overlays/model-risk.yaml", "overlays/notice.yaml", "overlays/board-policy.yaml"}


def test_a_seventh_principle_reaches_the_radar_and_its_section(tmp_path, monkeypatch):
    monkeypatch.chdir(REPO / "examples" / "extensions" / "seventh-principle")
    pdf, html = tmp_path / "seven.pdf", tmp_path / "seven.html"
    assert run("report", "deployment.yaml", "--rubrics", "rubrics", "-o", pdf, "--html", html).exit_code == 0
    page = html.read_text()
    radar = page[page.index("<svg"):page.index("</svg>")]
    assert radar.count("<circle") == 7 and ">Privacy</text>" in radar and ">88.8</text>" in radar
    text = " ".join(pdf_text(pdf).split())
    assert "Privacy 88.8" in text and "PRIV-01" in text and "90 days" in text


def test_single_report_into_an_existing_folder(example_report, tmp_path):
    saved = example_report["json"]
    assert run("render", saved, "-o", tmp_path, "-f", "html").exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["investigative-facial-recognition-search.html"]
