"""`init --interactive`: a guided questionnaire that writes the same YAML as `init`.

It asks for the deployment's name and owner, then each context fact (with what each value means),
then only the questions that apply given those facts, showing each option with what it means and
its score. Any question can be answered `unknown` (with who was asked), skipped for now, or the
session stopped: the file is saved after every answer, and running the same command again resumes
where it stopped (facts left `unspecified` and questions not yet answered are asked again).

The prompts are behind a small interface (`Prompts`) so that the questionnaire is driven the same
way from a terminal (questionary, on prompt_toolkit) and from a test (a pipe as input)."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from checklist.authoring.scaffold import HEADER_DEFAULTS, applies, scaffold
from checklist.errors import InputError
from checklist.kinds.checklist import ChecklistSpec
from checklist.kinds.choice import ChoiceSpec
from checklist.loading.rubrics import RubricSet
from checklist.models.conditions import UNSPECIFIED
from checklist.models.profile import FactSpec
from checklist.models.rubric import Criterion

MARK = "# Written by `rai-checklist init --interactive`: run the same command again to resume."
STOP = "__stop__"  # the user chose to save and stop
SKIP = "__skip__"  # leave this question for later
UNKNOWN = "unknown"
Choice = tuple[str, str, str]  # (value, title, what it means)


class Prompts(Protocol):
    def select(self, message: str, choices: Sequence[Choice], default: str | None = None) -> str: ...

    def checkbox(self, message: str, choices: Sequence[Choice]) -> list[str] | None: ...

    def text(self, message: str, default: str = "") -> str | None: ...

    def say(self, message: str) -> None: ...


@dataclass
class State:
    header: dict[str, str] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)


def _answered(entry: Any) -> bool:
    return isinstance(entry, dict) and any(entry.get(k) not in (None, [], {}) for k in ("answer", "items", "measurements"))


def resume(path: Path) -> State:
    """What a partial file holds; a file this questionnaire did not write is refused."""
    from checklist.loading.yamlfile import read_yaml

    doc = read_yaml(path)
    if MARK not in doc.text:
        raise InputError(str(path), "already exists and was not written by `init --interactive`; use --force to start over")
    data = doc.data if isinstance(doc.data, dict) else {}
    head = data.get("deployment") or {}
    state = State()
    state.header = {k: str(head[k]) for k in HEADER_DEFAULTS if head.get(k) and str(head[k]) != HEADER_DEFAULTS[k]}
    state.facts = dict(data.get("context") or {})
    state.answers = {k: v for k, v in (data.get("answers") or {}).items() if _answered(v)}
    return state


class Questionnaire:
    def __init__(self, rubric_set: RubricSet, prompts: Prompts, output: Path, day: dt.date, schema_ref: str | None) -> None:
        self.rubric_set = rubric_set
        self.prompts = prompts
        self.output = output
        self.day = day
        self.schema_ref = schema_ref
        self.state = State()

    def save(self) -> None:
        from checklist.outputs import write_atomic

        text = scaffold(self.rubric_set, self.state.facts, self.day, self.schema_ref, self.state.answers, self.state.header, MARK)
        write_atomic(self.output, text.encode("utf-8"))

    def run(self, state: State | None = None) -> bool:
        """Ask what is missing; True when every applicable question has been put (answered,
        unknown or skipped), False when the user stopped. The file is saved either way."""
        self.state = state or State()
        try:
            done = self._header() and self._facts() and self._questions()
        except KeyboardInterrupt:
            done = False
        self.save()
        return done

    def _header(self) -> bool:
        for key, message in (("name", "Name of the deployment"), ("owner", "Team or organisation that owns it")):
            if key in self.state.header:
                continue
            value = self.prompts.text(f"{message}:", "")
            if value is None:
                return False
            if value.strip():
                self.state.header[key] = value.strip()
        return True

    def _facts(self) -> bool:
        facts = self.rubric_set.profile.facts
        todo = [n for n, s in facts.items() if s.required and s.default is None and self.state.facts.get(n, UNSPECIFIED) == UNSPECIFIED]
        if todo:
            self.prompts.say(f"First, {_count(len(todo), 'fact')} about the deployment decide which questions apply. "
                             "Choose `unspecified` where nobody knows yet.")
        for name in todo:
            value = self._fact(name, facts[name])
            if value == STOP:
                return False
            self.state.facts[name] = value
            self.save()
        return True

    def _fact(self, name: str, spec: FactSpec) -> Any:
        message = f"{name}: {spec.description}"
        meaning = spec.value_help
        unspecified: Choice = (UNSPECIFIED, UNSPECIFIED, "Nobody knows yet: rules that depend on it stay open.")
        stop: Choice = (STOP, "(save and stop here)", "Run the same command again to resume.")
        if spec.type == "enum":
            return self.prompts.select(message, [(v, v, meaning.get(v, "")) for v in spec.values or []] + [unspecified, stop])
        if spec.type == "set":
            chosen = self.prompts.checkbox(message + " (space to tick, enter when done; none ticked: unspecified)",
                                           [(v, v, meaning.get(v, "")) for v in spec.values or []])
            return STOP if chosen is None else chosen or UNSPECIFIED
        if spec.type == "bool":
            choices: list[Choice] = [("true", "yes", ""), ("false", "no", ""), unspecified, stop]
            value = self.prompts.select(message, choices)
            return {"true": True, "false": False}.get(value, value)
        text = self.prompts.text(message + " (empty: unspecified)")
        if text is None:
            return STOP
        if not text.strip():
            return UNSPECIFIED
        if spec.type == "number":
            try:
                return float(text)
            except ValueError:
                return UNSPECIFIED
        return text.strip()

    def applicable(self) -> list[Criterion]:
        context = dict(self.state.facts)
        return [c for r in self.rubric_set.rubrics for c in r.criteria
                if c.id not in self.rubric_set.disabled and applies(c.when, context)]

    def _questions(self) -> bool:
        todo = [c for c in self.applicable() if c.id not in self.state.answers]
        if todo:
            self.prompts.say(f"{_count(len(todo), 'question')} apply. Answer `unknown` where nobody can say, or skip one for later.")
        for index, criterion in enumerate(todo, 1):
            answer = self._question(criterion, f"[{index}/{len(todo)}] ")
            if answer == STOP:
                return False
            if answer != SKIP:
                assert isinstance(answer, dict)
                self.state.answers[criterion.id] = answer
                self.save()
        return True

    def _question(self, c: Criterion, progress: str) -> dict[str, Any] | str:
        message = f"{progress}{c.id} {c.title}{' (blocker)' if c.blocker else ''}: {c.question}"
        unknown: Choice = (UNKNOWN, "unknown", "Asked, but nobody can say yet: a gap, which keeps the verdict at incomplete at best.")
        skip: Choice = (SKIP, "(skip for now)", "Leave it unanswered; it is asked again next time.")
        stop: Choice = (STOP, "(save and stop here)", "Run the same command again to resume.")
        if isinstance(c.scoring, ChoiceSpec):
            options = [(o.id, f"{o.id}: {o.label}", f"Scores {o.score:g}.") for o in c.scoring.options]
            value = self.prompts.select(message, [*options, unknown, skip, stop])
        elif isinstance(c.scoring, ChecklistSpec):
            value = self.prompts.select(message, [("items", "tick the controls in place", ""), unknown, skip, stop])
            if value == "items":
                items = self.prompts.checkbox("Controls in place:", [(i.id, f"{i.id}: {i.label}", f"Weight {i.weight:g}.")
                                                                      for i in c.scoring.items])
                return STOP if items is None else {"items": items}
        else:  # a metric: measurements are tables, written in the file
            value = self.prompts.select(message + " (measurements go in the file)", [skip, unknown, stop])
        if value == UNKNOWN:
            notes = self.prompts.text("Who was asked, and when? (notes, optional)")
            if notes is None:
                return STOP
            return {"answer": UNKNOWN, **({"notes": notes.strip()} if notes.strip() else {})}
        if value in (SKIP, STOP):
            return value
        return {"answer": value}


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class TerminalPrompts:
    """The prompts on a terminal, with questionary. `input` and `output` are prompt_toolkit's
    (a pipe and a dummy output in tests)."""

    def __init__(self, input: Any = None, output: Any = None) -> None:
        self.io = {k: v for k, v in (("input", input), ("output", output)) if v is not None}

    def _choices(self, choices: Sequence[Choice]) -> list[Any]:
        import questionary

        return [questionary.Choice(title, value=value, description=meaning or None) for value, title, meaning in choices]

    def select(self, message: str, choices: Sequence[Choice], default: str | None = None) -> str:
        import questionary

        answer = questionary.select(message, self._choices(choices), default=default, **self.io).unsafe_ask()
        return STOP if answer is None else str(answer)

    def checkbox(self, message: str, choices: Sequence[Choice]) -> list[str] | None:
        import questionary

        answer = questionary.checkbox(message, self._choices(choices), **self.io).unsafe_ask()
        return None if answer is None else [str(a) for a in answer]

    def text(self, message: str, default: str = "") -> str | None:
        import questionary

        answer = questionary.text(message, default=default, **self.io).unsafe_ask()
        return None if answer is None else str(answer)

    def say(self, message: str) -> None:
        sys.stderr.write(message + "\n")
