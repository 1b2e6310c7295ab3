"""Bad and hostile input: exit 2, one line naming the file (and line), no traceback, no output file."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import MINI, base_deployment, run

BOMB = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
        "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
        "h: [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
    ]
)


def good_text(change: Callable[[dict], None] | None = None) -> str:
    data = copy.deepcopy(base_deployment())
    if change:
        change(data)
    return yaml.safe_dump(data, sort_keys=False)


def set_in(*path_and_value):
    *path, value = path_and_value

    def change(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def delete(*path):
    def change(d):
        target = d
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


# (id, file bytes or builder, text the message must contain, line expected in the message)
CASES: list[tuple[str, object, str, int | None]] = [
    ("empty", b"", "empty", None),
    ("only-comments", b"# nothing here\n", "empty", None),
    ("syntax", b"deployment: {name: x\ncontext: [\n", "YAML syntax error", 2),
    ("python-tag", b"deployment: !!python/object/apply:os.system ['touch PWNED']\n", "is not allowed", 1),
    ("python-name", b"x: !!python/name:os.system\n", "is not allowed", 1),
    ("binary", bytes(range(256)) * 4, "binary data", None),
    ("alias-bomb", BOMB.encode(), "alias bomb", None),
    ("duplicate-key", b"deployment: {name: a, owner: b, date: 2026-01-01}\ndeployment: {}\n", "duplicate key", 2),
    ("non-utf8", "deployment:\n  name: caf\xe9\n".encode("latin-1"), "not valid UTF-8", 2),
    ("top-level-list", b"- a\n- b\n", "valid dictionary", 1),
    ("wrong-type", lambda: good_text(set_in("context", "consequential", "maybe")), "expected true or false", 12),
    ("wrong-type-answer", lambda: good_text(set_in("answers", "BET-02", "answer", 3)), "valid string", None),
    ("unknown-criterion", lambda: good_text(set_in("answers", "FAIR-99", {"answer": "x"})), "unknown criterion id 'FAIR-99'", None),
    ("unknown-option", lambda: good_text(set_in("answers", "BET-02", "answer", "maybe")), "is not an option of BET-02", None),
    ("answer-to-metric", lambda: good_text(set_in("answers", "BET-01", {"answer": "yes"})), "metric criterion", None),
    ("evidence-outside", lambda: good_text(set_in("answers", "ALP-02", "evidence", 0, "path", "../../etc/passwd")), "leaves the deployment's folder", None),
    ("evidence-absolute", lambda: good_text(set_in("answers", "ALP-02", "evidence", 0, "path", "/etc/passwd")), "must be relative", None),
    ("evidence-missing", lambda: good_text(set_in("answers", "ALP-02", "evidence", 0, "path", "evidence/nope.pdf")), "not found", None),
    ("evidence-url-and-path", lambda: good_text(set_in("answers", "ALP-02", "evidence", 0, "url", "https://example.org")), "exactly one of url or path", None),
    ("invalid-date", lambda: good_text(set_in("deployment", "date", "2026-02-30")), "day value is outside expected range", 5),
    ("invalid-date-unquoted", lambda: good_text().replace("date: 2026-06-01", "date: 2026-13-01"), "invalid value '2026-13-01'", 5),
    ("not-a-date", lambda: good_text(set_in("deployment", "date", "next week")), "valid date", 5),
    ("nan", lambda: good_text().replace("false_match_rate: 0.001\n", "false_match_rate: .nan\n", 1), "finite number", None),
    ("negative", lambda: good_text(set_in("answers", "BET-01", "measurements", "groups", "a", "false_match_rate", -0.1)), "greater than or equal to 0", None),
    ("unknown-fact", lambda: good_text(set_in("context", "colour", "blue")), "unknown fact", None),
    ("missing-fact", lambda: good_text(delete("context", "sector")), "required fact 'sector' is missing", None),
    ("bad-enum", lambda: good_text(set_in("context", "sector", "army")), "is not one of", None),
    ("typo-field", lambda: good_text(set_in("deployment", "ownr", "x")), "unknown field", None),
    ("missing-field", lambda: good_text(delete("deployment", "owner")), "required field is missing", None),
    ("unknown-waiver", lambda: good_text(set_in("waivers", [{"criterion": "NOPE-01", "justification": "x", "approver": "y", "expires": "2027-01-01"}])), "unknown criterion id", None),
]


@pytest.mark.parametrize(("name", "content", "expected", "line"), CASES, ids=[c[0] for c in CASES])
def test_bad_deployment_exits_2_with_one_line(deploy_dir: Path, monkeypatch, name, content, expected, line):
    monkeypatch.chdir(deploy_dir)
    path = deploy_dir / "bad.yaml"
    data = content() if callable(content) else content
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    out = deploy_dir / "result.md"
    result = run("assess", path, "--rubrics", MINI, "--no-builtin", "--format", "markdown", "-o", out)
    assert result.exit_code == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    message = lines[0]
    assert "Traceback" not in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "bad.yaml" in message
    assert expected in message, message
    if line is not None:
        assert f"bad.yaml:{line}:" in message, message
    assert not out.exists()
    assert not (deploy_dir / "PWNED").exists()
    assert [p.name for p in deploy_dir.iterdir() if p.name.startswith(".")] == []


def test_message_names_the_field(deploy_dir: Path):
    path = deploy_dir / "bad.yaml"
    path.write_text(good_text(set_in("answers", "BET-01", "measurements", "groups", "a", "false_match_rate", -1)))
    result = run("assess", path, "--rubrics", MINI, "--no-builtin")
    assert "answers.BET-01.measurements.groups.a.false_match_rate" in result.stderr


def test_file_too_large(deploy_dir: Path):
    path = deploy_dir / "big.yaml"
    path.write_text(good_text() + "# " + "x" * (5 * 1024 * 1024) + "\n")
    result = run("assess", path, "--rubrics", MINI, "--no-builtin")
    assert result.exit_code == 2
    assert "big.yaml" in result.stderr and "limit" in result.stderr


def test_missing_deployment_file(tmp_path: Path):
    result = run("assess", tmp_path / "nope.yaml", "--rubrics", MINI, "--no-builtin")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("nope.yaml: file not found")


def test_evidence_symlink_leaving_the_folder(deploy_dir: Path, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text("secret")
    os.symlink(outside, deploy_dir / "evidence" / "link.md")
    path = deploy_dir / "bad.yaml"
    path.write_text(good_text(set_in("answers", "ALP-02", "evidence", 0, "path", "evidence/link.md")))
    result = run("assess", path, "--rubrics", MINI, "--no-builtin")
    assert result.exit_code == 2
    assert "leaves the deployment's folder" in result.stderr


def test_bad_rubric_exits_2(tmp_path: Path, deploy_dir: Path):
    import shutil

    rubrics = tmp_path / "rubrics"
    shutil.copytree(MINI, rubrics)
    text = (rubrics / "beta.yaml").read_text().replace("score: 0.5", "score: 1.5")
    (rubrics / "beta.yaml").write_text(text)
    path = deploy_dir / "d.yaml"
    path.write_text(good_text())
    result = run("assess", path, "--rubrics", rubrics, "--no-builtin")
    assert result.exit_code == 2
    assert "beta.yaml:" in result.stderr and "less than or equal to 1" in result.stderr


def test_bad_second_file_writes_nothing_and_keeps_the_earlier_output(deploy_dir: Path):
    good = deploy_dir / "good.yaml"
    good.write_text(good_text())
    out = deploy_dir / "result.json"
    first = run("assess", good, "--rubrics", MINI, "--no-builtin", "-f", "json", "-o", out)
    assert first.exit_code == 0
    before = out.read_bytes()
    bad = deploy_dir / "bad.yaml"
    bad.write_text("deployment: [\n")
    second = run("assess", good, bad, "--rubrics", MINI, "--no-builtin", "-f", "json", "-o", out)
    assert second.exit_code == 2
    assert out.read_bytes() == before
