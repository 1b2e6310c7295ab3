"""The EU legal packs (principles/legal/eu-ai-act, principles/legal/gdpr): their rubric tests, and
the red lines and dated criteria checked both ways on variants of the example deployments."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import REPO, criterion, one_result, run

PACK = REPO / "examples" / "packs" / "eu"
ALLOWED_PURPOSES = {"rbi-victim-search", "missing-persons", "rbi-imminent-threat", "rbi-serious-crime-suspect"}


def test_eu_pack_rubric_tests_pass() -> None:
    result = run("rubrics", "test", PACK)
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().endswith(" passed, 0 failed"), result.stdout


def assess(path: Path) -> dict[str, Any]:
    result = run("assess", path, "-f", "json")
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    return one_result(result.stdout)


def variant(tmp_path: Path, name: str, date: str | None = None, **facts: Any) -> dict[str, Any]:
    """Assess a copy of an example with some facts changed (None removes a fact)."""
    data = yaml.safe_load((PACK / name).read_text(encoding="utf-8"))
    for fact, value in facts.items():
        if value is None:
            data["context"].pop(fact, None)
        else:
            data["context"][fact] = value
    if date is not None:
        data["deployment"]["date"] = date
    if not (tmp_path / "evidence").exists():
        shutil.copytree(PACK / "evidence", tmp_path / "evidence")
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return assess(path)


def red_lines(result: dict[str, Any]) -> dict[str, bool]:
    """Red line id -> True if it holds, False if it only may hold (a gap)."""
    return {p["id"]: not p["possible"] for p in result["prohibitions"] if not p.get("lifted")}


def test_unknown_national_law_is_a_gap_naming_the_fact() -> None:
    result = assess(PACK / "police-live-law-unspecified.yaml")
    assert result["verdict"]["value"] == "incomplete"
    line = next(p for p in result["prohibitions"] if p["id"] == "EU-AIA-5-1-H")
    assert line["possible"] is True and line["open_facts"] == ["eu_rbi_national_law"]
    assert any("EU-AIA-5-1-H" in reason and "eu_rbi_national_law" in reason for reason in result["verdict"]["reasons"])


def test_national_law_written_as_unspecified_is_the_same_gap(tmp_path: Path) -> None:
    result = variant(tmp_path, "police-live-victim-search.yaml", eu_rbi_national_law="unspecified")
    assert result["verdict"]["value"] == "incomplete"
    assert red_lines(result) == {"EU-AIA-5-1-H": False}


@pytest.mark.parametrize("extra", ["public-order-monitoring", "loss-prevention", "investigation-specific-offence", "other"])
def test_any_purpose_outside_the_three_objectives_is_prohibited_even_with_the_law(tmp_path: Path, extra: str) -> None:
    result = variant(tmp_path, "police-live-victim-search.yaml", purpose=["rbi-victim-search", extra])
    assert result["verdict"]["value"] == "prohibited"
    assert red_lines(result) == {"EU-AIA-5-1-H": True}


def test_every_allowed_objective_with_the_law_is_not_prohibited(tmp_path: Path) -> None:
    result = variant(tmp_path, "police-live-victim-search.yaml", purpose=sorted(ALLOWED_PURPOSES))
    assert red_lines(result) == {}


@pytest.mark.parametrize(
    "change",
    [
        {"jurisdiction": ["UK"]},  # outside the EU
        {"timing": "retrospective"},  # not real-time (post-remote: Art. 26(10) instead)
        {"operator": "private", "on_behalf_of": "none"},  # not law enforcement
        {"setting": ["workplace"]},  # not a publicly accessible space
    ],
    ids=["non-eu", "retrospective", "private", "not-public"],
)
def test_shoplifting_red_line_needs_every_element(tmp_path: Path, change: dict[str, Any]) -> None:
    result = variant(tmp_path, "police-live-shoplifting.yaml", **change)
    assert "EU-AIA-5-1-H" not in red_lines(result)


def test_red_lines_start_on_2_february_2025(tmp_path: Path) -> None:
    assert red_lines(variant(tmp_path, "police-live-shoplifting.yaml", date="2025-02-01")) == {}
    assert red_lines(variant(tmp_path, "police-live-shoplifting.yaml", date="2025-02-02")) == {"EU-AIA-5-1-H": True}


def test_scraped_cctv_and_non_eu(tmp_path: Path) -> None:
    assert red_lines(variant(tmp_path, "scraped-gallery.yaml", gallery_source=["harvested-cctv"])) == {"EU-AIA-5-1-E": True}
    assert red_lines(variant(tmp_path, "scraped-gallery.yaml", gallery_source=["own-incident-records"])) == {}
    assert red_lines(variant(tmp_path, "scraped-gallery.yaml", jurisdiction=["US-TX"])) == {}


def test_emotion_medical_or_safety_exception(tmp_path: Path) -> None:
    assert red_lines(variant(tmp_path, "emotion-at-work.yaml", emotion_purpose_medical_or_safety=True)) == {}
    assert red_lines(variant(tmp_path, "emotion-at-work.yaml", emotion_purpose_medical_or_safety="unspecified")) == {"EU-AIA-5-1-F": False}
    school = variant(tmp_path, "emotion-at-work.yaml", setting=["school"], population=["minors"])
    assert red_lines(school) == {"EU-AIA-5-1-F": True}
    assert red_lines(variant(tmp_path, "emotion-at-work.yaml", setting=["retail"], population=["customers"])) == {}


def test_sensitive_categorisation_outside_law_enforcement(tmp_path: Path) -> None:
    categorise = {"function": ["detection", "sensitive-categorisation"], "gallery_source": ["none"]}
    assert red_lines(variant(tmp_path, "scraped-gallery.yaml", **categorise)) == {"EU-AIA-5-1-G": True}
    police = variant(tmp_path, "scraped-gallery.yaml", operator="law-enforcement", on_behalf_of="none", **categorise)
    assert red_lines(police) == {}
    for_police = variant(tmp_path, "scraped-gallery.yaml", on_behalf_of="law-enforcement", **categorise)
    assert red_lines(for_police) == {}


def test_high_risk_duties_start_on_2_december_2027(tmp_path: Path) -> None:
    dated = ("EUAI-06", "EUAI-07", "EUAI-08")
    before = variant(tmp_path, "police-live-victim-search.yaml", date="2027-12-01")
    assert all(criterion(before, c)["status"] == "not-applicable" for c in dated)
    after = variant(tmp_path, "police-live-victim-search.yaml", date="2027-12-02")
    assert all(criterion(after, c)["status"] == "unanswered" for c in dated)
    assert criterion(after, "EUAI-05")["status"] == "not-applicable"  # live, not retrospective
    post = variant(tmp_path, "police-live-victim-search.yaml", date="2027-12-02", timing="retrospective")
    assert criterion(post, "EUAI-05")["status"] == "unanswered"
    assert all(criterion(post, c)["status"] == "not-applicable" for c in ("EUAI-01", "EUAI-02", "EUAI-03", "EUAI-04"))


def test_logs_checklist_needs_all_five_items(tmp_path: Path) -> None:
    data = yaml.safe_load((PACK / "police-live-victim-search.yaml").read_text(encoding="utf-8"))
    data["deployment"]["date"] = "2027-12-02"
    shutil.copytree(PACK / "evidence", tmp_path / "evidence")
    statuses = {}
    for items in (["period-of-use", "reference-database", "matched-input", "verifiers"],
                  ["period-of-use", "reference-database", "matched-input", "verifiers", "kept-six-months"]):
        data["answers"]["EUAI-07"] = {"items": items}
        path = tmp_path / "d.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        statuses[len(items)] = criterion(assess(path), "EUAI-07")["status"]
    assert statuses == {4: "partial", 5: "pass"}


def test_us_examples_are_untouched_by_the_eu_packs() -> None:
    for path in sorted((REPO / "examples").glob("*/deployment.yaml")):
        result = assess(path)
        assert not [p for p in result["prohibitions"] if p["id"].startswith("EU-")], path
        in_scope = [c["id"] for p in result["principles"] for c in p["criteria"] if c["status"] != "not-applicable"]
        assert not [c for c in in_scope if c.startswith(("EUAI-", "GDPR-"))], path


def test_every_purpose_value_is_sorted_for_art_5_1_h() -> None:
    """A purpose added to the context profile must be added to the red line's list, unless it
    is one of the Art. 5(1)(h) objectives; otherwise the red line would miss it."""
    from checklist.loading.rubrics import load_rubric_set
    from checklist.resources import builtin_rubric_folders

    rubric_set = load_rubric_set(builtin_rubric_folders())
    line = next(p for p in rubric_set.policy.prohibitions if p.id == "EU-AIA-5-1-H")
    listed = {v for t in line.when.fact_tests() if t.fact == "purpose" for v in t.wanted}
    values = set(rubric_set.profile.facts["purpose"].values or [])
    assert ALLOWED_PURPOSES <= values
    assert listed == values - ALLOWED_PURPOSES
