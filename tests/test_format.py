"""Rubric format 2 and the small defects fixed with it: each a regression test."""

from __future__ import annotations

import shutil

import pytest
from conftest import GOOD, MINI, REPO, run

from checklist.cli.reports import slug


def _mini(tmp_path, name, old, new):
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    path = folder / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))
    return folder


def test_a_format_1_file_says_what_to_change(tmp_path):
    folder = _mini(tmp_path, "beta.yaml", "kind: rubric\nformat: 2\n", "")
    result = run("rubrics", "list", "--rubrics", folder, "--no-builtin")
    assert result.exit_code == 2
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1
    assert "beta.yaml:" in line and "format 1 file" in line and "format: 2" in line and "`when`" in line


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("kind: rubric\n", "kind: rubrik\n", "`kind` must be one of rubric, overlay, policy, profile"),
        ("format: 2\n", "format: 3\n", "format 2 (got 3)"),
    ],
)
def test_a_wrong_header_is_named(tmp_path, old, new, message):
    folder = _mini(tmp_path, "beta.yaml", old, new)
    result = run("rubrics", "list", "--rubrics", folder, "--no-builtin")
    assert result.exit_code == 2 and message in result.stderr, result.stderr


def test_every_shipped_rubric_file_has_the_header():
    for path in sorted((REPO / "principles").glob("*.yaml")):
        head = path.read_text().split("\nformat: 2\n")[0]
        assert "\nkind: " in "\n" + head, path


def test_a_typo_in_default_severity_is_bad_input_not_a_bug(tmp_path, deploy_dir):
    folder = _mini(tmp_path, "policy.yaml", "default_severity: medium", "default_severity: meduim")
    for args in (("assess", GOOD, "--rubrics", folder, "--no-builtin"), ("rubrics", "validate", folder, "--no-builtin")):
        result = run(*args)
        assert result.exit_code == 2, result.stdout + result.stderr
        assert "policy.yaml" in result.stderr or "policy.yaml" in result.stdout
        assert "internal error" not in result.stderr


def test_validate_refuses_an_unknown_format():
    result = run("rubrics", "validate", MINI, "--no-builtin", "-f", "yaml")
    assert result.exit_code == 2 and "yaml" in result.stderr


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Café Zürich", "cafe-zurich"), ("Harbourview Tower face entry", "harbourview-tower-face-entry"), ("顔認証ゲート", "report")],
)
def test_report_file_names_keep_accented_letters(name, expected):
    assert slug(name) == expected


def test_option_ids_are_kebab_case(tmp_path):
    folder = _mini(tmp_path, "beta.yaml", "{id: half, label: Half", "{id: half_way, label: Half")
    result = run("rubrics", "list", "--rubrics", folder, "--no-builtin")
    assert result.exit_code == 2 and "half_way" in result.stderr
