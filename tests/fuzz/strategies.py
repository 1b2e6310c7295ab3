"""Hypothesis strategies for hostile and careless input, and the checks every run must pass.

Five kinds of input are fuzzed: deployments, rubrics, overlays, configs and saved results. Each
strategy starts from a known-good file and mutates it (targeted changes at the fields an attacker
would aim at, random changes anywhere, and changes to the raw text), so most examples get past
the parser and reach scoring and rendering.

Profiles: `short` (the default, for every test run: 50 examples per kind, derandomized so CI is
reproducible) and `long` (2,000 examples per kind, random), chosen with RAI_FUZZ=long.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
FIXTURES = HERE.parent / "fixtures"
MINI = FIXTURES / "mini"
GOOD = FIXTURES / "deploy" / "good.yaml"

_COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
}
settings.register_profile("short", max_examples=50, derandomize=True, **_COMMON)
settings.register_profile("long", max_examples=2000, **_COMMON)
PROFILE = settings.get_profile("long" if os.environ.get("RAI_FUZZ") == "long" else "short")

# ---------------------------------------------------------------------------------------------- values

HOSTILE_TEXT = [
    "", " ", "\t", "\u200b", "\u200b" * 12, "\u3164" * 12, "\u00a0\u2060\ufeff", "\u202e", "\x00", "a\x00b", "\x7f\x1b[31m",
    "a" * 300, "N" * 5000, "word " * 400, "../../etc/passwd", "/etc/passwd", "evidence", "evidence/doc.md", "evidence/",
    "evidence/pipe.md", "evidence/outside.md", "loop1", "evidence/" + "x" * 300, ".", "..", "~", "https://example.org/x",
    "http://", "file:///etc/passwd", "javascript:alert(1)", "https://exa mple.org", "<script>alert(1)</script>",
    "{{ 7 * 7 }}", "{% raw %}", "%s%n%x", "${HOME}", "$(touch PWNED)", "2026-01-01", "2099-12-31", "unknown", "yes", "no",
    "full", "some", "none", "half", "ALP-01", "BET-01", "FAIR-01", "alpha", "beta", "policy", "context", "IV", "I",
    "Board memo RAS-2026", "CISO", "Ünïcödé ünd ∑ymbols ✔", "🙂" * 20, "\ud7ff", "line\nbreak", "-", "--help",
]
TEXT = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=30))
RATES = st.one_of(st.floats(min_value=0, max_value=1), st.sampled_from([0.001, 0.0012, 0.02, 0.021, 1e-9, 1e-300, 5e-324, 1.0]))
PROSE = st.sampled_from(["Board memo RAS-2026 section 4.", "Accepted by the risk board, minute 14", "Covered by the group policy SG-12"])
NUMBERS = st.one_of(
    st.sampled_from([0, 1, -1, 0.5, 0.0001, 0.99, 1.0000001, 2, 4, 5, 10, 99, 100, 100.5, 101, 1e9, 1e308, -1e308, 5e-324, 1e-320]),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=0, max_value=1),
)
DATES = st.one_of(
    st.sampled_from([dt.date(2099, 1, 1), dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(2026, 6, 2), dt.date(1970, 1, 1)]),
    st.dates(),
    st.datetimes(),
)
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT, DATES)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.one_of(TEXT, st.integers(0, 3)), inner, max_size=4)),
    max_leaves=12,
)
JSON_SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, TEXT)
JSON_VALUES = st.recursive(
    JSON_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(TEXT, inner, max_size=4)), max_leaves=12
)

YAML_SNIPPETS = [
    "!!timestamp foo", "!!timestamp 99999-01-01", "!!timestamp 2026-01-01T10:00:00Z", "2026-01-01 10:00:00",
    "!!python/object/apply:os.system ['touch PWNED']", "!!python/name:os.system", "&a [*a]", "*undefined", "<<: {a: 1}",
    "!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1]", "!!float 1e999", "!!int 99999999999999999999999999999999",
    "!!str", "!!map {}", "!custom x", "? [a, b]\n: c", "|\n  block", ">-\n  folded", "'unterminated", '"bad \\escape"',
    "\t", "---\na: 1", "...", "%YAML 1.1", "%TAG ! tag:x,2000:", "&x 1", "[a, b", "{a: 1", "- - - - -", "\ufeff",
    "1e308", ".nan", "-.inf", "0x1F", "0o17", "1_000", "~", "yes", "on", "null",
]


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


# ---------------------------------------------------------------------------------------------- mutation


def _containers(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """Every dict and list in the document, with its path."""
    if isinstance(data, (dict, list)):
        yield path, data
        items = data.items() if isinstance(data, dict) else enumerate(data)
        for key, value in items:
            yield from _containers(value, path + (key,))


def mutate(draw: Callable[..., Any], data: Any, values: st.SearchStrategy[Any] = VALUES, most: int = 3) -> Any:
    """Set, delete or add a value somewhere, up to `most` times (none, half of the time)."""
    data = copy.deepcopy(data)
    if draw(st.booleans()):
        return data
    for _ in range(draw(st.integers(1, most))):
        containers = list(_containers(data))
        if not containers:
            return draw(values)
        _, container = containers[draw(st.integers(0, len(containers) - 1))]
        action = draw(st.sampled_from(["set", "set", "delete", "add"]))
        if isinstance(container, dict):
            keys = list(container)
            if action == "add" or not keys:
                container[draw(TEXT)] = draw(values)
            elif action == "delete":
                del container[keys[draw(st.integers(0, len(keys) - 1))]]
            else:
                container[keys[draw(st.integers(0, len(keys) - 1))]] = draw(values)
        else:
            if action == "add" or not container:
                container.insert(draw(st.integers(0, len(container))), draw(values))
            elif action == "delete":
                del container[draw(st.integers(0, len(container) - 1))]
            else:
                container[draw(st.integers(0, len(container) - 1))] = draw(values)
    return data


def mutate_text(draw: Callable[..., Any], text: str) -> bytes:
    """Damage the raw text: a snippet put in, a line replaced, deep nesting, cut short, bad bytes."""
    action = draw(st.sampled_from(["none"] * 10 + ["insert", "replace-line", "nest", "truncate", "bytes"]))
    lines = text.splitlines(keepends=True)
    if action == "insert":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(YAML_SNIPPETS)) + text[at:]
    elif action == "replace-line" and lines:
        index = draw(st.integers(0, len(lines) - 1))
        indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
        key = lines[index].strip().split(":")[0] or "x"
        lines[index] = f"{indent}{key}: {draw(st.sampled_from(YAML_SNIPPETS))}\n"
        text = "".join(lines)
    elif action == "nest":
        text += f"notes: {nested(draw(st.sampled_from([50, 99, 100, 101, 5000, 200_000])))}\n"
    elif action == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif action == "bytes":
        at = draw(st.integers(0, len(text)))
        return text[:at].encode() + draw(st.sampled_from([b"\xff\xfe", b"\x00", b"\xc3", b"\xed\xa0\x80"])) + text[at:].encode()
    return text.encode("utf-8", "surrogatepass")


def dump(data: Any) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10_000)


# ---------------------------------------------------------------------------------------------- the workspace


@contextmanager
def workspace() -> Iterator[Path]:
    """A fresh folder per example: the mini rubrics, the evidence, and the traps evidence paths may point at."""
    with tempfile.TemporaryDirectory(prefix="rai-fuzz-") as name:
        root = Path(name)
        shutil.copytree(MINI, root / "mini")
        shutil.copytree(GOOD.parent / "evidence", root / "evidence")
        (root / "outside.md").write_text("outside the deployment's folder\n")
        project = root / "project"
        project.mkdir()
        shutil.copytree(GOOD.parent / "evidence", project / "evidence")
        os.symlink(root / "outside.md", project / "evidence" / "outside.md")
        os.symlink("loop2", project / "loop1")
        os.symlink("loop1", project / "loop2")
        os.mkfifo(project / "evidence" / "pipe.md")
        (root / "overlays").mkdir()
        (root / "overlays" / "org.yaml").write_text(
            "kind: overlay\nformat: 2\nextends: beta\njustification: Board memo RAS-2026 section 4.\nchange:\n  BET-02: {weight: 3}\n"
        )
        yield root


def snapshot(root: Path) -> dict[str, tuple[str, bytes | None]]:
    """Every file's kind and content (regular files only), to tell what a run wrote."""
    out: dict[str, tuple[str, bytes | None]] = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder) / name
            mode = os.lstat(path).st_mode
            kind = "link" if os.path.islink(path) else "dir" if os.path.isdir(path) else "fifo" if _is_fifo(mode) else "file"
            out[str(path.relative_to(root))] = (kind, path.read_bytes() if kind == "file" else None)
    return out


def _is_fifo(mode: int) -> bool:
    import stat

    return stat.S_ISFIFO(mode)


def _is_error_line(line: str) -> bool:
    if line.startswith("rai-checklist: error: "):
        return True
    try:
        message = json.loads(line)
    except ValueError:
        return False
    return isinstance(message, dict) and message.get("level") == "error" and bool(message.get("message"))


def check_run(result: Any, root: Path, before: dict[str, tuple[str, bytes | None]], label: str) -> None:
    """The promises every run keeps: exit 0, 1 or 2; exit 2 is one line naming a problem and writes
    nothing; no traceback, ever; no temporary file left behind; no special file or link replaced."""
    from hypothesis import event

    event(f"exit {result.exit_code}")
    where = f"{label}\nexit {result.exit_code}\nstderr: {result.stderr[-2000:]}"
    assert result.exit_code in (0, 1, 2), where
    assert result.exception is None or isinstance(result.exception, SystemExit), f"{where}\n{result.exception!r}"
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, where
    assert "internal error" not in result.stderr, where
    if result.exit_code == 2:  # one line per independent error, each naming a file (as JSON with -f json)
        lines = result.stderr.strip().splitlines()
        assert lines and all(_is_error_line(line) for line in lines), where
    after = snapshot(root)
    temps = [name for name in after if Path(name).name.startswith(".") and name.endswith(".tmp")]
    assert not temps, f"{where}\ntemporary files left: {temps}"
    assert not (root / "PWNED").exists() and not (root / "project" / "PWNED").exists(), where
    for name, (kind, content) in before.items():
        now = after.get(name)
        assert now is not None and now[0] == kind, f"{where}\n{name} was a {kind}, now {now and now[0]}"
        if result.exit_code == 2:
            assert now[1] == content, f"{where}\n{name} changed by a failed run"
    if result.exit_code == 2:
        assert set(after) == set(before), f"{where}\nwritten by a failed run: {sorted(set(after) - set(before))}"


# ---------------------------------------------------------------------------------------------- the five kinds


def load(path: Path) -> Any:
    """A fixture as the tool reads it (YAML 1.2 booleans: `yes` stays text)."""
    from checklist.loading.yamlfile import read_yaml

    return read_yaml(path).data


def base_deployment() -> dict[str, Any]:
    return load(GOOD)


CRITERIA = ["ALP-01", "ALP-02", "ALP-03", "BET-01", "BET-02"]
GROUP_NAMES = st.one_of(st.sampled_from(["a", "A", " a ", "b", "B", "c", "women", "Women", "WOMEN ", "", " ", "\u200b"]), TEXT)
RATE_FIELDS = st.sampled_from(["false_match_rate", "false_non_match_rate", "false_match_rat", "count", ""])


@st.composite
def groups(draw: Callable[..., Any]) -> dict[Any, Any]:
    if draw(st.booleans()):  # plausible: the right fields, rates in range, perhaps a repeated name
        fields = st.fixed_dictionaries({"false_match_rate": RATES, "false_non_match_rate": RATES})
        return draw(st.dictionaries(GROUP_NAMES, fields, min_size=2, max_size=5))
    rates = st.dictionaries(RATE_FIELDS, NUMBERS, min_size=0, max_size=3)
    return draw(st.dictionaries(GROUP_NAMES, rates, min_size=0, max_size=5))


@st.composite
def evidence_items(draw: Callable[..., Any]) -> list[Any]:
    plausible = st.fixed_dictionaries(
        {"title": st.one_of(PROSE, TEXT), "date": st.dates()},
        optional={"path": st.sampled_from(["evidence/doc.md", "evidence/pipe.md", "evidence/outside.md", "loop1", "evidence", "./evidence/doc.md"])},
    ).map(lambda e: e if "path" in e else {**e, "url": "https://example.org/report.pdf"})
    hostile = st.fixed_dictionaries(
        {"title": TEXT},
        optional={"url": TEXT, "path": st.one_of(TEXT, st.sampled_from(["evidence/doc.md"])), "date": st.one_of(DATES, TEXT), "extra": TEXT},
    )
    return draw(st.lists(st.one_of(plausible, hostile), max_size=3))


@st.composite
def waivers(draw: Callable[..., Any]) -> list[Any]:
    waiver = st.fixed_dictionaries(
        {
            "criterion": st.one_of(st.sampled_from(CRITERIA), TEXT),
            "justification": st.one_of(TEXT, PROSE),
            "approver": st.one_of(TEXT, st.just("CISO")),
            "expires": st.one_of(st.dates(), DATES, TEXT),
        }
    )
    return draw(st.lists(waiver, max_size=2))


NAMES = st.one_of(PROSE, st.text(min_size=1, max_size=60), st.sampled_from(["N" * 50_000, "word " * 10_000, "a" * 300, "‮evil", "<b>x</b>"]))


@st.composite
def plausible_deployment(draw: Callable[..., Any]) -> dict[str, Any]:
    """Valid in form, hostile in content: what gets past the schema to scoring and rendering."""
    data = base_deployment()
    answers = data["answers"]
    for _ in range(draw(st.integers(1, 4))):
        target = draw(st.sampled_from(["answer", "groups", "evidence", "waivers", "info", "date", "unknown", "drop"]))
        criterion = draw(st.sampled_from(CRITERIA))
        if target == "answer":
            options = {"ALP-01": ["full", "some", "none"], "BET-02": ["yes", "half", "no"]}.get(criterion, ["yes", "no"])
            answers[criterion] = {"answer": draw(st.sampled_from(options)), "notes": draw(st.one_of(st.just(""), NAMES))}
        elif target == "groups":
            answers["BET-01"] = {"measurements": {"groups": draw(groups())}}
        elif target == "evidence" and criterion != "BET-01":
            answers.setdefault(criterion, {"answer": "yes" if criterion != "ALP-01" else "full"})["evidence"] = draw(evidence_items())
        elif target == "waivers":
            data["waivers"] = draw(waivers())
        elif target == "info":
            data["deployment"][draw(st.sampled_from(["name", "owner", "version", "description"]))] = draw(NAMES)
        elif target == "date":
            data["deployment"]["date"] = draw(st.dates())
        elif target == "unknown":
            answers[criterion] = {"answer": "unknown", "notes": draw(NAMES)}
        else:
            answers.pop(criterion, None)
    return data


@st.composite
def deployments(draw: Callable[..., Any]) -> bytes:
    """A deployment file: the good one with targeted and random changes, then perhaps damaged text."""
    if draw(st.booleans()):
        return dump(draw(plausible_deployment())).encode()
    data = base_deployment()
    for _ in range(draw(st.integers(0, 3))):
        target = draw(st.sampled_from(["answer", "groups", "evidence", "waivers", "info", "context", "values"]))
        criterion = draw(st.sampled_from(CRITERIA))
        answers = data.setdefault("answers", {})
        if target == "answer":
            options = {"ALP-01": ["full", "some", "none"], "BET-02": ["yes", "half", "no"]}.get(criterion, ["yes", "no"])
            answers[criterion] = {"answer": draw(st.one_of(st.sampled_from([*options, "unknown"]), TEXT))}
        elif target == "groups":
            answers["BET-01"] = {"measurements": {"groups": draw(groups())}}
        elif target == "evidence":
            answers.setdefault(criterion, {"answer": "yes"})["evidence"] = draw(evidence_items())
        elif target == "waivers":
            data["waivers"] = draw(waivers())
        elif target == "info":
            data["deployment"][draw(st.sampled_from(["name", "owner", "version", "date", "description"]))] = draw(SCALARS)
        elif target == "context":
            data["context"][draw(st.sampled_from(list(data["context"]) + ["colour"]))] = draw(VALUES)
        else:
            answers[criterion] = {"measurements": {"values": draw(st.dictionaries(RATE_FIELDS, NUMBERS, max_size=2))}}
    data = mutate(draw, data, most=2)
    return mutate_text(draw, dump(data))


CRITERION_CHANGES = {
    "weight": st.floats(0.01, 100), "pass_mark": RATES, "blocker": st.booleans(), "title": NAMES, "remediation": NAMES,
    "question": NAMES, "evidence": st.fixed_dictionaries(
        {"requirement": st.sampled_from(["none", "recommended", "required"])}, optional={"max_age_days": st.integers(1, 10**9)}
    ),
}


@st.composite
def plausible_rubrics(draw: Callable[..., Any]) -> dict[str, Any]:
    """The mini rubrics with numbers, flags and text changed within what the schema allows."""
    files = {p.name: load(p) for p in MINI.glob("*.yaml")}
    for _ in range(draw(st.integers(1, 4))):
        name = draw(st.sampled_from(["alpha.yaml", "beta.yaml", "policy.yaml"]))
        data = files[name]
        if name == "policy.yaml":
            data.update(draw(PLAUSIBLE_POLICY.filter(lambda p: "tiers" not in p and "severity_weights" not in p)))
            tier = data["tiers"][draw(st.integers(0, len(data["tiers"]) - 1))]
            tier["floor"] = draw(st.floats(0, 100))
            tier["bar"] = draw(st.floats(tier["floor"], 100))
            continue
        criterion = data["criteria"][draw(st.integers(0, len(data["criteria"]) - 1))]
        field = draw(st.sampled_from(sorted(CRITERION_CHANGES) + ["scoring"]))
        if field == "weight":
            criterion.pop("severity", None)
        if field != "scoring":
            criterion[field] = draw(CRITERION_CHANGES[field])
        elif criterion["scoring"]["kind"] == "choice":
            for option in criterion["scoring"]["options"]:
                option["score"] = draw(RATES)
        else:
            criterion["scoring"]["min_groups"] = draw(st.integers(2, 6))
            for band in criterion["scoring"]["bands"]:
                band["limit"] = draw(st.floats(0, 1e12))
                band["score"] = draw(RATES)
    return files


@st.composite
def rubric_folders(draw: Callable[..., Any]) -> dict[str, bytes]:
    """The mini rubric files, one or two of them changed."""
    files = {p.name: p.read_text() for p in MINI.glob("*.yaml")}
    if draw(st.booleans()):
        return {name: dump(data).encode() for name, data in draw(plausible_rubrics()).items()}
    for _ in range(draw(st.integers(1, 2))):
        name = draw(st.sampled_from(sorted(files)))
        data = mutate(draw, load(MINI / name), most=3)
        files[name] = dump(data)
    out = {name: text.encode() for name, text in files.items()}
    name = draw(st.sampled_from(sorted(files)))
    out[name] = mutate_text(draw, files[name])
    return out


POLICY_CHANGES = st.fixed_dictionaries(
    {},
    optional={
        "default_pass_mark": NUMBERS, "fail_below": NUMBERS, "evidence_cap": NUMBERS, "allow_blocker_waivers": st.one_of(st.booleans(), TEXT),
        "severity_weights": st.dictionaries(st.sampled_from(["low", "medium", "high", "critical", "extreme"]), NUMBERS, max_size=3),
        "tiers": st.dictionaries(st.sampled_from(["I", "II", "IV", "V"]), st.dictionaries(st.sampled_from(["bar", "floor", "when"]), NUMBERS, max_size=2), max_size=2),
        "min_justification_chars": NUMBERS,
    },
)
JUSTIFICATIONS = st.one_of(TEXT, PROSE, PROSE)
PLAUSIBLE_POLICY = st.fixed_dictionaries(
    {},
    optional={
        "default_pass_mark": RATES, "fail_below": RATES, "evidence_cap": RATES, "allow_blocker_waivers": st.booleans(),
        "severity_weights": st.dictionaries(st.sampled_from(["low", "medium", "high", "critical"]), st.floats(0.1, 100), max_size=2),
        "tiers": st.dictionaries(st.sampled_from(["I", "II", "IV"]), st.dictionaries(st.sampled_from(["bar", "floor"]), st.floats(0, 100), max_size=2), max_size=2),
    },
)


PLAUSIBLE_CHANGE = st.fixed_dictionaries(
    {"pass_mark": RATES}, optional={"weight": st.floats(0.1, 100), "blocker": st.booleans()},
)
OWN_CRITERIA = {"alpha": ["ALP-01", "ALP-02", "ALP-03"], "beta": ["BET-01", "BET-02"]}


@st.composite
def plausible_overlays(draw: Callable[..., Any]) -> dict[str, bytes]:
    """Overlays valid in form that change numbers, blockers and the policy as far as they may."""
    files: dict[str, bytes] = {}
    for index, extends in enumerate(draw(st.lists(st.sampled_from(["alpha", "beta", "policy"]), min_size=1, max_size=2, unique=True))):
        overlay: dict[str, Any] = {"kind": "overlay", "format": 2, "extends": extends, "justification": draw(st.one_of(PROSE, NAMES))}
        if extends == "policy":
            overlay["policy"] = draw(PLAUSIBLE_POLICY)
        else:
            own = OWN_CRITERIA[extends]
            overlay["change"] = draw(st.dictionaries(st.sampled_from(own), PLAUSIBLE_CHANGE, max_size=2))
            overlay["disable"] = draw(st.dictionaries(st.sampled_from(own), st.one_of(PROSE, NAMES), max_size=1))
            if draw(st.booleans()):
                overlay["min_score"] = draw(st.floats(0, 100))
            if draw(st.booleans()):
                overlay["weight"] = draw(st.floats(0.01, 100))
        files[f"plausible-{index}.yaml"] = dump(overlay).encode()
    return files


@st.composite
def overlay_sets(draw: Callable[..., Any]) -> dict[str, bytes]:
    """One to three overlays: changes, disables, additions, policy numbers and facts, all hostile."""
    if draw(st.booleans()):
        return draw(plausible_overlays())
    alpha = load(MINI / "alpha.yaml")
    files: dict[str, bytes] = {}
    for index in range(draw(st.integers(1, 3))):
        overlay: dict[str, Any] = {
            "kind": "overlay", "format": 2,
            "extends": draw(st.one_of(st.sampled_from(["alpha", "beta", "policy", "alpha", "beta", "policy", "context", "o0", "o1", "o2"]), TEXT)),
            "justification": draw(PROSE),
        }
        plausible_change = st.fixed_dictionaries(
            {}, optional={"weight": st.floats(0.1, 100), "severity": st.sampled_from(["low", "medium", "high", "critical"]),
                          "pass_mark": RATES, "blocker": st.booleans()},
        )
        optional = {
            "id": st.sampled_from([f"o{(index + 1) % 3}", f"o{index}", "alpha", "policy"]),
            "justification": JUSTIFICATIONS,
            "change": st.dictionaries(
                st.one_of(st.sampled_from(CRITERIA), TEXT),
                st.one_of(plausible_change, plausible_change, st.dictionaries(st.sampled_from(["weight", "severity", "pass_mark", "blocker", "when"]), SCALARS, max_size=3)),
                max_size=2,
            ),
            "disable": st.dictionaries(st.one_of(st.sampled_from(CRITERIA), TEXT), JUSTIFICATIONS, max_size=2),
            "policy": st.one_of(PLAUSIBLE_POLICY, PLAUSIBLE_POLICY, POLICY_CHANGES),
            "weight": st.one_of(st.floats(0.1, 100), NUMBERS),
            "min_score": st.one_of(st.floats(0, 100), NUMBERS),
            "add": st.lists(st.builds(lambda c, i: {**c, "id": i}, st.sampled_from(alpha["criteria"]),
                                      st.one_of(st.sampled_from(["ALP-01", "ORG-01", "ORG-02"]), TEXT)), max_size=2),
            "facts": st.dictionaries(TEXT, st.fixed_dictionaries({"type": st.sampled_from(["enum", "bool", "set", "x"]), "description": TEXT}), max_size=1),
            "sources": st.lists(st.fixed_dictionaries({"id": TEXT, "title": TEXT}, optional={"url": TEXT}), max_size=1),
        }
        for key in draw(st.lists(st.sampled_from(sorted(optional)), max_size=4, unique=True)):
            overlay[key] = draw(optional[key])
        overlay = mutate(draw, overlay, most=1)
        files[f"overlay-{index}.yaml"] = mutate_text(draw, dump(overlay))
    return files


@st.composite
def configs(draw: Callable[..., Any]) -> bytes:
    paths = st.one_of(st.sampled_from(["../mini", "mini", "../nowhere", "../project/d.yaml", "../project/evidence/pipe.md",
                                        "../project/loop1", "x" * 300, "a\x00b", "/", "../overlays", ""]), TEXT)
    config: dict[str, Any] = {"builtin": False, "rubrics": ["../mini"]}  # what the good deployment answers
    if draw(st.booleans()):
        config["overlays"] = ["../overlays"]
        if draw(st.booleans()):
            config["policy"] = draw(PLAUSIBLE_POLICY)
            config["justification"] = draw(PROSE)
        return dump(config).encode()
    optional = {
        "builtin": st.one_of(st.booleans(), TEXT), "rubrics": st.lists(paths, max_size=2), "overlays": st.lists(paths, max_size=2),
        "policy": st.one_of(PLAUSIBLE_POLICY, PLAUSIBLE_POLICY, POLICY_CHANGES), "justification": JUSTIFICATIONS,
    }
    for key in draw(st.lists(st.sampled_from(sorted(optional)), max_size=3, unique=True)):
        config[key] = draw(optional[key])
    if "policy" in config and draw(st.booleans()):
        config["justification"] = draw(PROSE)
    config = mutate(draw, config, most=1)
    return mutate_text(draw, dump(config))


_SAVED: dict[str, Any] = {}


def saved_result() -> dict[str, Any]:
    """A real result of the good deployment with a waiver and an action or two, computed once."""
    if not _SAVED:
        from conftest import run

        with workspace() as root:
            data = base_deployment()
            data["answers"]["BET-02"] = {"answer": "half", "notes": "Half done."}
            data["waivers"] = [{"criterion": "ALP-03", "justification": "Accepted by the risk board", "approver": "CISO", "expires": "2027-01-01"}]
            path = root / "project" / "d.yaml"
            path.write_text(dump(data))
            result = run("assess", path, "--rubrics", root / "mini", "--no-builtin", "--no-config", "-f", "json")
            assert result.exit_code in (0, 1), result.stderr
            _SAVED.update(json.loads(result.stdout)[0])  # JSON output is always an array
    return copy.deepcopy(_SAVED)


@st.composite
def saved_results(draw: Callable[..., Any]) -> bytes:
    """A saved JSON result (or a batch) with targeted and random changes, perhaps damaged text."""
    data = saved_result()
    if draw(st.booleans()):  # valid in form: long and hostile text where text goes
        for _ in range(draw(st.integers(1, 3))):
            criterion = data["principles"][draw(st.integers(0, 1))]["criteria"][draw(st.integers(0, 1))]
            criterion[draw(st.sampled_from(["title", "notes", "remediation", "question", "figure_text"]))] = draw(NAMES)
            data["deployment"][draw(st.sampled_from(["name", "owner", "description", "version"]))] = draw(NAMES)
        return json.dumps(data).encode()
    for _ in range(draw(st.integers(0, 3))):
        _break_result(draw, data)
    data = mutate(draw, data, JSON_VALUES, most=2)
    if draw(st.booleans()):
        data = [data, saved_result()] if draw(st.booleans()) else [data]
    text = json.dumps(data, allow_nan=True, ensure_ascii=draw(st.booleans()))
    action = draw(st.sampled_from(["none"] * 8 + ["truncate", "nest", "garbage"]))
    if action == "truncate":
        text = text[: draw(st.integers(0, len(text)))]
    elif action == "nest":
        depth = draw(st.sampled_from([50, 101, 1000, 100_000]))
        text = text[:-1] + f', "extra": {nested(depth)}' + "}" if text.endswith("}") else nested(depth)
    elif action == "garbage":
        return text.encode("utf-8", "surrogatepass") + draw(st.sampled_from([b"\xff", b"\x00", b"garbage", b"}"]))
    return text.encode("utf-8", "surrogatepass")


def _break_result(draw: Callable[..., Any], data: dict[str, Any]) -> None:
    """One targeted change: an action, the inputs, a criterion, a score, a name, the verdict, the schema."""
    target = draw(st.sampled_from(["action", "inputs", "criterion", "score", "name", "verdict", "schema"]))
    if target == "action" and data["actions"]:
        action = data["actions"][0]
        action[draw(st.sampled_from(["criterion", "principle", "status", "rank", "gain"]))] = draw(JSON_SCALARS)
    elif target == "inputs":
        data["inputs"] = draw(st.sampled_from([[], data["inputs"][1:], data["inputs"][::-1]]))
    elif target == "criterion":
        principle = data["principles"][draw(st.integers(0, len(data["principles"]) - 1))]
        criterion = principle["criteria"][draw(st.integers(0, len(principle["criteria"]) - 1))]
        field = draw(st.sampled_from(["principle", "id", "status", "score", "figure", "figure_text", "notes", "evidence", "waiver", "flags",
                                      "answer_label", "title", "remediation"]))
        criterion[field] = draw(st.one_of(TEXT, JSON_VALUES) if field not in ("score", "figure") else st.one_of(RATES, NUMBERS))
    elif target == "score":
        data[draw(st.sampled_from(["overall_score", "overall_coverage"]))] = draw(NUMBERS)
    elif target == "name":
        data["deployment"][draw(st.sampled_from(["name", "owner", "date", "description"]))] = draw(JSON_SCALARS)
    elif target == "verdict":
        data["verdict"] = {"value": draw(st.one_of(st.sampled_from(["ready", "conditional", "not-ready"]), TEXT)), "reasons": draw(st.lists(TEXT, max_size=2))}
    else:
        data["schema_version"] = draw(st.one_of(st.sampled_from(["1.0", "1.9", "2.0", "0"]), TEXT))
