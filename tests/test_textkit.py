"""The plain-text table kit behind the terminal table: aligned, wrapped to the width, styled only on a terminal."""

from __future__ import annotations

import json

from conftest import GOOD, MINI, run

from checklist.render.textkit import Console, Table, Text, cell_len


def table() -> Table:
    t = Table(show_edge=False)
    t.add_column("Id", no_wrap=True)
    t.add_column("Title")
    t.add_column("Gain", justify="right", no_wrap=True)
    t.add_row("A-01", "A short title", "+1.0")
    t.add_row(Text("B-02", style="bold red"), "A title long enough that it has to wrap onto a second line", "+12.5")
    t.add_section()
    t.add_row("Overall", "", "+13.5")
    return t


def test_columns_align_and_wrap_to_the_width():
    console = Console(40)
    console.print(table())
    lines = console.getvalue().splitlines()
    assert all(len(line) <= 40 for line in lines)
    assert lines[0].split() == ["Id", "Title", "Gain"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    gains = [line for line in lines if line.endswith(("+1.0", "+12.5", "+13.5"))]
    assert len(gains) == 3 and len({len(line) for line in gains}) == 1  # right-justified to one edge
    assert any(line.startswith("      ") and "second" in line for line in lines)  # the title wrapped under itself


def test_styles_only_on_a_terminal():
    plain, colour = Console(80), Console(80, color=True)
    for console in (plain, colour):
        console.print(table())
        console.print(Text.assemble(("Verdict", "bold"), ": ready"))
    assert "\x1b[" not in plain.getvalue()
    assert "\x1b[1;31mB-02\x1b[0m" in colour.getvalue() and "\x1b[1mVerdict\x1b[0m: ready" in colour.getvalue()


def test_text_is_never_markup_and_bullets_hang():
    console = Console(30)
    console.print("[bold]not markup[/bold]")
    console.print("  - a reason long enough to wrap around the width")
    lines = console.getvalue().splitlines()
    assert lines[0] == "[bold]not markup[/bold]"
    assert lines[1].startswith("  - ") and all(line.startswith("    ") for line in lines[2:])


def test_wide_characters_take_two_columns():
    assert cell_len("名前") == 4 and cell_len("Zürich") == 6
    t = Table()
    t.add_column("Name")
    t.add_column("N", justify="right")
    t.add_row("名前", "1")
    t.add_row("abcd", "2")
    console = Console(80)
    console.print(t)
    rows = console.getvalue().splitlines()[2:]
    assert [cell_len(r) for r in rows] == [cell_len(rows[0])] * 2


def test_the_detail_table_reads_the_result(mini):
    data = json.loads(run("assess", GOOD, "--rubrics", MINI, "--no-builtin", "-f", "json").stdout)[0]
    out = run("assess", GOOD, "--rubrics", MINI, "--no-builtin").stdout
    assert "\x1b[" not in out and "━" not in out
    for principle in data["principles"]:
        assert principle["title"] in out
    assert f"{data['overall_score']:.1f}" in out and data["verdict"]["value"].upper() in out
