"""What the report says: who assessed, why the verdict, every modification, how it was scored, and a
standalone HTML page that needs nothing else."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import REPO, one_result, run

from checklist.loading.result import parse_results
from checklist.render.report.view import chart

ORG = REPO / "examples" / "extensions" / "org-overlay"
RETAIL = REPO / "examples" / "retail-watchlist" / "deployment.yaml"
BUILDING = REPO / "examples" / "building-access" / "deployment.yaml"


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def org(tmp_path_factory) -> dict:
    """The org-overlay example: overlays that change numbers, add and disable criteria, and a waiver."""
    folder = tmp_path_factory.mktemp("org")
    result = folder / "result.json"
    done = run("assess", ORG / "deployment.yaml", "--config", ORG / "rai-checklist.yaml", "-f", "json", "-o", result)
    assert done.exit_code in (0, 1), done.stderr
    html = folder / "org.html"
    assert run("render", result, "-o", html).exit_code == 0
    return {"json": result, "data": one_result(result.read_text()), "html": html.read_text(), "folder": folder}


def test_a_waived_criterion_is_counted_as_waived(org):
    data, page = org["data"], org["html"]
    ndis = next(p for p in data["principles"] if p["id"] == "non-discrimination")
    assert ndis["counts"]["waived"] == 1
    table = page[page.index('<table class="scores">'):page.index("</table>", page.index('<table class="scores">'))]
    headers = re.findall(r'<th scope="col"[^>]*>([^<]+)</th>', table)
    assert headers == ["Principle", "Score", "Answered", "Coverage", "Pass", "Partial", "Fail", "Invalid", "Unanswered", "Waived", "N/A"]
    row = table[table.index("<td>Non-discrimination"):]
    cells = re.findall(r'<td class="num">([^<]*)</td>', row)[:10]
    assert cells[8] == "1" and cells[9] == str(ndis["counts"]["not-applicable"])
    assert all('class="num"' in th for th in re.findall(r"<th[^>]*>(?:Score|Waived|N/A)</th>", table))


def test_the_methodology_carries_the_numbers_in_force_and_every_tier(org):
    page = _words(re.sub(r"<[^>]+>", " ", org["html"]))
    assert "at most 0.4 (the evidence cap)" in page  # the board overlay lowered it from 0.5
    tiers = org["data"]["tiers"]
    assert [t["id"] for t in tiers] == ["IV", "III", "II", "I"]
    for tier in tiers:
        assert _words(tier["title"]) in page
    assert "I in force" in page and org["data"]["tier"]["bar"] == 80
    for limitation in ("Answers are declared, not observed.", "Evidence is hashed, not read.", "URLs are not fetched.", "Unspecified facts."):
        assert limitation in page


def test_measurements_show_as_a_table(org):
    page = org["html"]
    fair02 = page[page.index('id="criterion-FAIR-02"'):]
    fair02 = fair02[:fair02.index("</article>")]
    assert '<table class="measures">' in fair02 and "false match rate" in fair02 and " of 183,000)" in fair02
    criterion = next(c for p in org["data"]["principles"] for c in p["criteria"] if c["id"] == "FAIR-02")
    for group in criterion["measurements"]["groups"]:
        assert f"<td>{group}</td>" in fair02


def test_the_remediation_plan_states_each_gain_once_with_owners_and_dates(tmp_path):
    result = tmp_path / "retail.json"
    run("assess", RETAIL, "-f", "json", "-o", result)
    html = tmp_path / "retail.html"
    assert run("render", result, "-o", html).exit_code == 0
    plan = html.read_text()
    plan = plan[plan.index('id="plan"'):plan.index('id="crosswalk"')]
    assert "full marks add" not in plan
    data = one_result(result.read_text())
    notc = next(a for a in data["actions"] if a["criterion"] == "NOTC-01")
    assert notc["owner"] == "Store Operations" and notc["due"] == "2026-11-30"
    assert plan.count(f"+{notc['gain']:.2f} points") == 1
    assert "Owner: Store Operations · due 2026-11-30" in plan
    assert "due 2026-09-30 <span class=\"flag\">overdue</span>" in plan  # NDIS-04 was due before the assessment date


def test_the_crosswalk_shows_one_framework_when_asked(org, tmp_path):
    html = tmp_path / "one.html"
    assert run("render", org["json"], "-o", html, "--framework", "nistir 8280").exit_code == 0
    page = html.read_text()
    section = page[page.index('id="crosswalk"'):page.index('id="appendix"')]
    assert re.findall(r'<h3 class="xfw">([^<]+)</h3>', section) == ["NISTIR 8280"]
    assert "Crosswalk: NISTIR 8280" in page
    full = org["html"][org["html"].index('id="crosswalk"'):org["html"].index('id="appendix"')]
    assert len(re.findall(r'class="xfw"', full)) > 3


def test_the_chart_is_chosen_per_report(tmp_path):
    out = tmp_path / "two.json"
    run("assess", BUILDING, RETAIL, "-f", "json", "-o", out)
    building, retail = parse_results(out.read_bytes(), "two.json")
    assert chart(building)[0] == "radar" and ">25</text>" in chart(building)[1] and ">bar 70</text>" in chart(building)[1]
    kind, svg = chart(retail)
    assert kind == "bars" and "floor 60" in svg and "bar 80" in svg and svg.count("<rect") == len(retail.principles)
    many = building.model_copy(update={"principles": [
        p.model_copy(update={"id": f"{p.id}-{n}", "title": f"{p.title} {n}"}) for n in range(2) for p in building.principles
    ]})
    assert chart(many)[0] == "bars"  # twelve principles: a radar would be unreadable


def test_the_html_report_is_standalone_and_locked_down(org):
    page = org["html"]
    assert "<link" not in page.lower()
    assert "url(" not in page.lower()
    assert "@import" not in page.lower()
    assert re.search(r"<style>\s*/\* The audit report's stylesheet", page)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["'](?!#)""", page)  # only in-page links


@pytest.mark.pdf
def test_the_html_report_renders_with_its_styles_from_another_folder(org, tmp_path):
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    class Refuse(URLFetcher):
        asked: list[str] = []

        def fetch(self, url, headers=None):
            Refuse.asked.append(url)
            raise PermissionError(url)

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    copy = elsewhere / "report.html"
    shutil.copy(org["folder"] / "org.html", copy)
    pdf = HTML(filename=str(copy), url_fetcher=Refuse()).write_pdf()
    assert Refuse.asked == []
    from io import BytesIO

    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf))
    first = reader.pages[0]
    assert "Page 1 of" in first.extract_text()  # the page footer comes from the stylesheet's @page rules
    assert abs(float(first.mediabox.width) - 595.3) < 1  # A4, from the stylesheet
    assert len(reader.pages) > 10


@pytest.mark.pdf
def test_page_one_names_the_assessor_the_reasons_and_every_modification(tmp_path, monkeypatch):
    from pypdf import PdfReader

    monkeypatch.chdir(ORG)
    pdf, saved = tmp_path / "org.pdf", tmp_path / "org.json"
    assert run("report", "deployment.yaml", "-o", pdf, "--json", saved).exit_code == 0
    data = one_result(saved.read_text())
    page1 = _words(PdfReader(pdf).pages[0].extract_text())
    assessment = data["assessment"]
    assert assessment["assessors"][0]["name"] in page1 and "Internal audit" in page1
    for reason in data["verdict"]["reasons"]:
        assert _words(reason) in page1, reason
    assert "Modifications to the standard rubrics (8 in force)" in page1
    for change in data["provenance"]:
        assert change["target"] in page1, change
        assert change["file"] in page1, change
    assert "NDIS-04" in page1 and "waived until 2027-03-31" in page1 and "Chris Yamada" in page1
    assert "evidence cap 0.5 → 0.4" in page1 and "tier I bar 70 → 80" in page1 and "NOTC-07" in page1
    assert "WEAKENS" in page1.upper()
