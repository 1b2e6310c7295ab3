"""The JSON renderer: always an array (one shape whatever the count), a faithful round trip, and
`render` still reads a single object, as older versions wrote it."""

from __future__ import annotations

import json

from conftest import run

from checklist.loading.result import parse_results
from checklist.render import json as json_render


def test_one_result_is_an_array_of_one_and_round_trips(mixed):
    text = "".join(json_render.join([json_render.one(mixed)]))
    data = json.loads(text)
    assert isinstance(data, list) and len(data) == 1 and data[0]["deployment"]["name"] == mixed.deployment.name
    assert parse_results(text.encode(), "x.json")[0] == mixed


def test_no_result_is_an_empty_array():
    assert json.loads("".join(json_render.join([]))) == []


def test_several_results_are_an_array_in_order(results):
    data = json.loads(json_render.render_json(results))
    assert [d["deployment"]["name"] for d in data] == [r.deployment.name for r in results]


def test_the_saved_file_is_what_the_renderer_writes(saved, results):
    assert saved.read_text() == json_render.render_json(results)


def test_render_still_reads_a_single_object(tmp_path, mixed):
    old = tmp_path / "old.json"
    data = json.loads(json_render.one(mixed))
    del data["source_path"]  # results saved before the field existed
    old.write_text(json.dumps(data))
    assert parse_results(old.read_bytes(), old.name)[0].deployment == mixed.deployment
    out = run("render", old, "-f", "json")
    assert out.exit_code == 0, out.stderr
    again = json.loads(out.stdout)
    assert isinstance(again, list) and again[0]["deployment"]["name"] == mixed.deployment.name


def test_the_encoded_form_is_the_text_as_utf8(results, mixed):
    """A batch writes `encoded` (bytes made directly); `one` is the text: they must not differ."""
    for result in [*results, mixed]:
        assert json_render.encoded(result) == json_render.one(result).encode("utf-8")
