"""Every condition operator, on the condition models themselves, and the loader's operator checks."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import MINI, run
from pydantic import TypeAdapter

from checklist.models.conditions import Condition, holds

CONDITION: TypeAdapter[Condition] = TypeAdapter(Condition)
CONTEXT = {
    "sector": "private",
    "function": ["verification-1to1", "liveness"],
    "consequential": True,
    "retention_days": 30,
    "assessment_date": dt.date(2026, 6, 1),
    "nothing": None,
}


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ({"fact": "sector", "equals": "private"}, True),
        ({"fact": "sector", "equals": "law-enforcement"}, False),
        ({"fact": "sector", "in": ["public-agency", "private"]}, True),
        ({"fact": "sector", "in": ["public-agency"]}, False),
        ({"fact": "function", "contains": "liveness"}, True),
        ({"fact": "function", "contains": "identification-1toN"}, False),
        ({"fact": "function", "overlaps": ["redaction", "liveness"]}, True),
        ({"fact": "function", "overlaps": ["redaction"]}, False),
        ({"fact": "consequential", "equals": True}, True),
        ({"fact": "consequential", "equals": 1}, False),  # booleans match only booleans
        ({"fact": "sector", "exists": True}, True),
        ({"fact": "nothing", "exists": False}, True),
        ({"fact": "missing", "exists": False}, True),
        ({"fact": "missing", "equals": "x"}, False),  # a missing fact fails every other test
        ({"fact": "retention_days", "gt": 29}, True),
        ({"fact": "retention_days", "gt": 30}, False),
        ({"fact": "retention_days", "gte": 30}, True),
        ({"fact": "retention_days", "lt": 30}, False),
        ({"fact": "retention_days", "lte": 30}, True),
        ({"fact": "sector", "gt": 1}, False),  # text never compares with a number
        ({"fact": "assessment_date", "gte": dt.date(2026, 6, 1)}, True),
        ({"fact": "assessment_date", "lt": dt.date(2026, 6, 1)}, False),
        ({"fact": "retention_days", "gte": dt.date(2026, 1, 1)}, False),  # numbers never compare with dates
        ({"not": {"fact": "sector", "equals": "private"}}, False),
        ({"all": [{"fact": "sector", "equals": "private"}, {"fact": "consequential", "equals": True}]}, True),
        ({"all": [{"fact": "sector", "equals": "private"}, {"fact": "consequential", "equals": False}]}, False),
        ({"any": [{"fact": "sector", "equals": "x"}, {"fact": "function", "contains": "liveness"}]}, True),
        ({"any": [{"fact": "sector", "equals": "x"}, {"fact": "function", "contains": "x"}]}, False),
    ],
)
def test_operators(condition, expected):
    assert CONDITION.validate_python(condition).holds(CONTEXT) is expected


def test_no_condition_always_holds():
    assert holds(None, {}) is True


def test_a_fact_test_takes_exactly_one_operator():
    with pytest.raises(ValueError, match="exactly one"):
        CONDITION.validate_python({"fact": "sector", "equals": "x", "in": ["y"]})


def test_facts_tests_and_words_come_from_the_tree():
    condition = CONDITION.validate_python(
        {"all": [{"fact": "sector", "in": ["a", "b"]}, {"not": {"fact": "function", "contains": "liveness"}},
                 {"any": [{"fact": "retention_days", "gte": 7}, {"fact": "nothing", "exists": False}]}]}
    )
    assert list(condition.facts()) == ["sector", "function", "retention_days", "nothing"]
    assert [t.operator for t in condition.fact_tests()] == ["in", "contains", "gte", "exists"]
    assert condition.describe() == (
        "sector in [a, b] and not function includes liveness and (retention_days >= 7 or nothing is not set)"
    )


def _copy_mini(tmp_path, old, new):
    folder = tmp_path / "mini"
    folder.mkdir()
    for path in MINI.iterdir():
        text = path.read_text()
        (folder / path.name).write_text(text.replace(old, new) if path.name == "alpha.yaml" else text)
    return folder


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{fact: function, contains: identification-1toN}", "{fact: function, equals: identification-1toN}", "use `contains` instead of `equals`"),
        ("{fact: function, contains: identification-1toN}", "{fact: function, in: [identification-1toN]}", "use `overlaps` instead of `in`"),
        ("{fact: consequential, equals: true}", "{fact: consequential, contains: true}", "use `equals` instead of `contains`"),
        ("{fact: consequential, equals: true}", "{fact: consequential, gt: 1}", "not a number"),
        ("{fact: consequential, equals: true}", "{fact: colour, equals: red}", "unknown fact 'colour'"),
    ],
)
def test_the_loader_refuses_an_operator_the_fact_cannot_take(tmp_path, old, new, message):
    folder = _copy_mini(tmp_path, old, new)
    result = run("rubrics", "list", "--rubrics", folder, "--no-builtin")
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr and "alpha.yaml:" in result.stderr
