"""The scoring rules, each pinned against small fixture rubrics."""

from __future__ import annotations

import pytest
from conftest import criterion, principle


def test_all_good_is_ready(mini):
    result = mini()
    assert result["verdict"]["value"] == "ready"
    assert result["overall_score"] == 100.0
    assert result["actions"] == []


def test_failed_blocker_forces_not_ready_whatever_the_score(mini):
    def change(d):
        d["answers"]["ALP-01"] = {"answer": "none"}

    result = mini(change, expect_exit=1)
    assert criterion(result, "ALP-01")["status"] == "fail"
    # Alpha: (3*0 + 2*1) / 5 = 40; Beta 100; overall 70 — above tier II's floor of 50, still not-ready.
    assert principle(result, "alpha")["score"] == 40.0
    assert result["overall_score"] == 70.0
    assert result["verdict"]["value"] == "not-ready"
    assert any("ALP-01" in r for r in result["verdict"]["reasons"])


def test_partial_blocker_caps_verdict_at_conditional(mini):
    def change(d):
        d["answers"]["ALP-01"] = {"answer": "some"}

    result = mini(change)
    assert criterion(result, "ALP-01")["status"] == "partial"
    assert result["verdict"]["value"] == "conditional"


def test_unanswered_scores_zero_and_lowers_coverage(mini):
    def change(d):
        del d["answers"]["BET-02"]

    result = mini(change)
    beta = principle(result, "beta")
    assert criterion(result, "BET-02")["status"] == "unanswered"
    # Beta: BET-01 high (3) at 1.0, BET-02 low (1) unanswered at 0 -> 75.0
    assert beta["score"] == 75.0
    assert beta["coverage"] == 0.5
    assert result["overall_coverage"] == 0.75


def test_unanswered_blocker_is_a_gap_not_a_finding(mini):
    """Nobody said whether the blocker is met: the tool cannot conclude, and the gate still fails."""

    def change(d):
        del d["answers"]["ALP-01"]

    result = mini(change, expect_exit=1)
    assert result["verdict"]["value"] == "incomplete"
    assert result["verdict"]["findings"] == []
    assert any("ALP-01" in g and "unanswered" in g for g in result["verdict"]["gaps"])
    assert principle(result, "alpha")["flagged"] is False


def test_not_applicable_is_excluded(mini):
    result = mini()
    # ALP-03 applies only to 1:N identification; the fixture is 1:1.
    assert criterion(result, "ALP-03")["status"] == "not-applicable"
    assert principle(result, "alpha")["counts"]["not-applicable"] == 1
    assert principle(result, "alpha")["score"] == 100.0

    def identification(d):
        d["context"]["function"] = ["identification-1toN"]

    result = mini(identification)
    assert criterion(result, "ALP-03")["status"] == "unanswered"
    # Now in scope and unanswered: alpha = (3 + 2) / (3 + 2 + 4) = 55.6
    assert principle(result, "alpha")["score"] == 55.6


def test_not_applicable_blocker_does_not_block(mini):
    def change(d):
        d["context"]["consequential"] = False
        d["answers"]["ALP-01"] = {"answer": "none"}

    result = mini(change)
    assert criterion(result, "ALP-01")["status"] == "not-applicable"
    assert result["verdict"]["value"] == "ready"


def test_missing_required_evidence_caps_the_score(mini):
    def change(d):
        d["answers"]["ALP-02"]["evidence"] = []

    result = mini(change)
    c = criterion(result, "ALP-02")
    assert c["score"] == 0.5
    assert c["unevidenced"] is True
    assert c["status"] == "partial"
    assert any("evidence missing" in f for f in c["flags"])


def test_stale_evidence_caps_the_score(mini):
    def change(d):
        d["answers"]["ALP-02"]["evidence"][0]["date"] = "2024-01-01"  # > 365 days before 2026-06-01

    result = mini(change)
    c = criterion(result, "ALP-02")
    assert c["evidence"][0]["stale"] is True
    assert c["score"] == 0.5
    assert any("stale" in f for f in c["flags"])


def test_evidence_exactly_at_max_age_is_fresh(mini):
    def change(d):
        d["answers"]["ALP-02"]["evidence"][0]["date"] = "2025-06-01"  # 365 days

    assert criterion(mini(change), "ALP-02")["score"] == 1.0


def test_evidence_file_is_hashed(mini):
    import hashlib

    from conftest import FIXTURES

    expected = hashlib.sha256((FIXTURES / "deploy" / "evidence" / "doc.md").read_bytes()).hexdigest()
    result = mini()
    assert criterion(result, "ALP-02")["evidence"][0]["sha256"] == expected
    assert {"role": "evidence", "name": "evidence/doc.md", "sha256": expected} in result["inputs"]


@pytest.mark.parametrize(
    ("fmr", "fnmr", "figure", "score"),
    [
        ((0.0010, 0.0015, 0.0012), (0.02, 0.02, 0.02), 1.5, 1.0),  # exactly at the first limit
        ((0.0010, 0.0016, 0.0012), (0.02, 0.02, 0.02), 1.6, 0.6),
        ((0.0010, 0.0010, 0.0010), (0.02, 0.08, 0.02), 4.0, 0.3),  # FNMR drives the figure
        ((0.0010, 0.0200, 0.0010), (0.02, 0.02, 0.02), 20.0, 0.0),  # beyond every band
    ],
)
def test_metric_thresholds(mini, fmr, fnmr, figure, score):
    def change(d):
        d["answers"]["BET-01"]["measurements"]["groups"] = {
            g: {"false_match_rate": fmr[i], "false_non_match_rate": fnmr[i]} for i, g in enumerate("abc")
        }

    c = criterion(mini(change), "BET-01")
    assert c["figure"] == pytest.approx(figure)
    assert c["score"] == score


def test_metric_with_too_few_groups_is_invalid(mini):
    def change(d):
        del d["answers"]["BET-01"]["measurements"]["groups"]["c"]

    c = criterion(mini(change), "BET-01")
    assert c["status"] == "invalid"
    assert c["score"] == 0.0


@pytest.mark.parametrize(
    ("context", "tier"),
    [
        ({}, "II"),
        ({"consequential": False}, "I"),
        ({"sector": "law-enforcement", "function": ["identification-1toN"], "timing": "real-time"}, "IV"),
        ({"sector": "law-enforcement", "function": ["identification-1toN"], "timing": "retrospective"}, "II"),
    ],
)
def test_tier_selection(mini, context, tier):
    def change(d):
        d["context"].update(context)

    assert mini(change)["tier"]["id"] == tier


@pytest.mark.parametrize(
    ("bet02", "consequential", "verdict"),
    [
        # Tier II (bar 75, floor 50). BET-02 weight 1 of Beta's 4: 'half' -> Beta 87.5, overall 93.8: ready.
        ("half", True, "ready"),
        # 'no' -> Beta 75.0 exactly at the bar: still ready (the bar is inclusive).
        ("no", True, "ready"),
    ],
)
def test_verdict_at_the_bar(mini, bet02, consequential, verdict):
    def change(d):
        d["answers"]["BET-02"] = {"answer": bet02}
        d["context"]["consequential"] = consequential

    result = mini(change)
    assert result["verdict"]["value"] == verdict


def test_verdict_just_under_the_bar_is_conditional(mini):
    def change(d):
        # Beta: BET-01 at 0.6 (ratio 2) with BET-02 full -> (3*0.6 + 1) / 4 = 70.0 < 75 bar, > 50 floor.
        d["answers"]["BET-01"]["measurements"]["groups"]["b"]["false_match_rate"] = 0.002
    result = mini(change)
    assert principle(result, "beta")["score"] == 70.0
    assert result["verdict"]["value"] == "conditional"
    assert any("under tier II's bar" in r for r in result["verdict"]["reasons"])


def test_principle_under_the_floor_is_not_ready(mini):
    def change(d):
        d["answers"]["BET-01"]["measurements"]["groups"]["b"]["false_match_rate"] = 0.1  # ratio 100 -> 0
        d["answers"]["BET-02"] = {"answer": "half"}

    result = mini(change, expect_exit=1)
    assert principle(result, "beta")["score"] == 12.5
    assert result["verdict"]["value"] == "not-ready"
    assert any("floor" in r for r in result["verdict"]["reasons"])


def test_ranked_actions_blockers_first_then_gain(mini):
    def change(d):
        d["answers"]["ALP-01"] = {"answer": "some"}  # blocker, partial: gain 3*0.4/5*50 = 12
        d["answers"]["ALP-02"] = {"answer": "no"}  # gain 2/5*50 = 20
        d["answers"]["BET-02"] = {"answer": "half"}  # gain 1*0.5/4*50 = 6.25

    actions = mini(change)["actions"]
    assert [a["criterion"] for a in actions] == ["ALP-01", "ALP-02", "BET-02"]
    assert [a["gain"] for a in actions] == [12.0, 20.0, 6.25]
    assert actions[0]["blocker"] is True
    assert [a["rank"] for a in actions] == [1, 2, 3]


def test_failing_blocker_outranks_partial_blocker():
    from checklist.engine.score import rank_actions
    from checklist.models.result import CriterionResult, PrincipleResult

    def crit(cid, status, score, blocker):
        return CriterionResult(
            id=cid, principle="p", title=cid, question="", why="", guidance="", kind="choice", weight=1,
            blocker=blocker, pass_mark=0.8, status=status, score=score, evidence_requirement="none", remediation="",
        )

    p = PrincipleResult(
        id="p", title="P", statement="", version="1", weight=1, score=50, coverage=1, counts={},
        criteria=[crit("A-01", "partial", 0.5, True), crit("A-02", "fail", 0.2, True), crit("A-03", "fail", 0.0, False)],
    )
    assert [a.criterion for a in rank_actions([p], [])] == ["A-02", "A-01", "A-03"]


def test_waiver_excludes_a_criterion_until_it_expires(mini):
    def waived(d):
        d["answers"]["BET-02"] = {"answer": "no"}
        d["waivers"] = [{"criterion": "BET-02", "justification": "Replaced by X", "approver": "CISO", "expires": "2026-12-31"}]

    result = mini(waived)
    assert criterion(result, "BET-02")["status"] == "waived"
    assert principle(result, "beta")["score"] == 100.0

    def expired(d):
        waived(d)
        d["waivers"][0]["expires"] = "2026-01-01"

    result = mini(expired)
    assert criterion(result, "BET-02")["status"] == "fail"
    assert any("expired" in f for f in criterion(result, "BET-02")["flags"])


def test_blocker_cannot_be_waived_by_default(mini):
    def change(d):
        d["answers"]["ALP-01"] = {"answer": "none"}
        d["waivers"] = [{"criterion": "ALP-01", "justification": "Accepted by the board", "approver": "CISO", "expires": "2027-01-01"}]

    result = mini(change, expect_exit=1)
    assert criterion(result, "ALP-01")["status"] == "fail"
    assert result["verdict"]["value"] == "not-ready"


def test_low_answer_without_required_evidence_is_still_flagged(mini):
    def change(d):
        d["answers"]["ALP-02"] = {"answer": "no"}

    c = criterion(mini(change), "ALP-02")
    assert c["score"] == 0.0 and c["unevidenced"] is True
    assert "required evidence missing" in c["flags"]


def test_evidence_dated_after_the_assessment_is_flagged(mini):
    def change(d):
        d["answers"]["ALP-02"]["evidence"][0]["date"] = "2026-07-01"  # the deployment is dated 2026-06-01

    c = criterion(mini(change), "ALP-02")
    assert any("after the assessment date 2026-06-01" in f for f in c["flags"])
