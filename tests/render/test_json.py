"""The JSON renderer: one object for one result, an array for several, and a faithful round trip."""

from __future__ import annotations

import json

from checklist.loading.result import parse_results
from checklist.render import json as json_render


def test_one_result_is_an_object_and_round_trips(mixed):
    text = "".join(json_render.join([json_render.one(mixed)]))
    data = json.loads(text)
    assert isinstance(data, dict) and data["deployment"]["name"] == mixed.deployment.name
    assert parse_results(text.encode(), "x.json")[0] == mixed


def test_several_results_are_an_array_in_order(results):
    data = json.loads(json_render.render_json(results))
    assert [d["deployment"]["name"] for d in data] == [r.deployment.name for r in results]


def test_the_saved_file_is_what_the_renderer_writes(saved, results):
    assert saved.read_text() == json_render.render_json(results)
