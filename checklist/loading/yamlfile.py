"""Hardened YAML reading: safe tags only, no duplicate keys, bounded size, nesting and alias expansion.

PyYAML (libyaml) parses the text into events; we compose the nodes from them ourselves, without
recursion and with a cap on nesting (libyaml's own composer recurses in C, so a file nested
100,000 levels deep would overflow the stack). No object is ever constructed from a tag: we build
plain Python values so that each value's position can be remembered for error messages.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from checklist.errors import InputError

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000  # caps alias expansion ("billion laughs") long before memory is at risk
MAX_DEPTH = 100  # nesting levels; real files use under 15, and every later step may recurse this deep

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG_CACHE_SIZE = 4096  # plain scalars whose tag is remembered; a deployment file has a few hundred


class _Loader(_BaseLoader):
    """The safe loader with a faster resolver: no path resolvers are ever registered, so the
    per-collection bookkeeping for them is skipped, and a plain scalar's tag (which depends only
    on its text) is looked up once per distinct text. A batch resolves the same keys and values
    in every file: this halves the time to read a deployment."""

    _plain_tags: dict[str, str] = {}

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is not yaml.ScalarNode:
            return _BaseLoader.resolve(self, kind, value, implicit)
        if not implicit[0]:
            return self.DEFAULT_SCALAR_TAG
        tag = self._plain_tags.get(value)
        if tag is None:
            tag = _BaseLoader.resolve(self, kind, value, (True, False))
            if len(self._plain_tags) < _TAG_CACHE_SIZE:
                self._plain_tags[value] = tag
        return tag


_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_constructor = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"

Loc = tuple[Any, ...]


@dataclass
class YamlDoc:
    """A parsed file: its data, its raw text, its hash, and its node tree for locating errors."""

    path: str  # as errors name it: the path given, or relative to the current folder
    data: Any
    text: str
    sha256: str
    root: Any = None  # the composed yaml node tree
    stored: str = ""  # as results record it: the same wherever the command runs (defaults to `path`)

    def __post_init__(self) -> None:
        self.stored = self.stored or self.path

    def position(self, loc: Loc) -> tuple[int | None, int | None]:
        """Line and column of the deepest value on the path `loc` that exists (1-based).

        Positions are looked up only when an error is reported, so loading stays fast."""
        node = self.root
        if node is None:
            return (None, None)
        for part in loc:
            child = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(part):
                        child = value_node
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                child = node.value[part]
            if child is None:
                break
            node = child
        return (node.start_mark.line + 1, node.start_mark.column + 1)

    def error(self, loc: Loc, message: str, other_file: str | None = None) -> InputError:
        line, column = self.position(loc)
        return InputError(self.path, message, line, column, dotted(loc) or None, other_file)


def dotted(loc: Loc) -> str:
    """`('answers', 'FAIR-01', 'evidence', 0, 'path')` -> `answers.FAIR-01.evidence[0].path`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def read_yaml(path: Path, display: str | None = None) -> YamlDoc:
    """Read one YAML file into plain data. Every failure is an InputError naming the file."""
    from checklist.inputs import read_limited

    name = display or str(path)
    return parse_yaml(read_limited(path, MAX_BYTES, name), name)


def parse_yaml(raw: bytes, name: str) -> YamlDoc:
    if len(raw) > MAX_BYTES:
        raise InputError(name, f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")
    if b"\x00" in raw:
        raise InputError(name, "binary data (NUL byte) found; expected a YAML text file")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(name, f"not valid UTF-8 (byte {exc.start})", line) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip() or all(ln.strip().startswith("#") or not ln.strip() for ln in text.splitlines()):
        raise InputError(name, "the file is empty")
    try:
        node = _compose(text, name)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(
            name, f"YAML syntax error: {problem}", mark.line + 1 if mark else None, mark.column + 1 if mark else None
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(name, f"YAML error: {str(exc).splitlines()[0]}") from None
    if node is None:
        raise InputError(name, "the file is empty")
    doc = YamlDoc(name, None, text, hashlib.sha256(raw).hexdigest(), node)
    doc.data = _Builder(doc).build(node, ())
    return doc


def _mark_error(name: str, mark: Any, message: str) -> InputError:
    return InputError(name, message, mark.line + 1, mark.column + 1)


C_COMPOSE_BOUND = 5000  # nesting the C composer (recursive) is given at the most; far below what it survives


def _compose(text: str, name: str) -> yaml.Node | None:
    """The document's node tree. A document that cannot nest deeper than C_COMPOSE_BOUND is
    composed by libyaml's composer (in C, a third of the time); any other by the parser's events
    with an explicit stack, so that no nesting can exhaust the C stack. Nesting past MAX_DEPTH is
    refused either way (here, or by `_Builder`, which counts every level it builds)."""
    loader = _Loader(text)
    try:
        if _nesting_bound(text) <= C_COMPOSE_BOUND and hasattr(loader, "get_single_node"):
            return loader.get_single_node()
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            return None
        loader.get_event()  # document start
        root = _compose_document(loader, name)  # up to and including the document's end
        if not loader.check_event(yaml.StreamEndEvent):
            raise _mark_error(name, loader.peek_event().start_mark, "YAML error: expected a single document in the file")
        return root
    finally:
        loader.dispose()


def _nesting_bound(text: str) -> int:
    """How deeply the text could nest, at the most: a block collection nests only by moving right
    (indentation, or `- ` and `? ` on one line), so by at most the longest line's length; a flow
    collection only by an opening bracket or brace."""
    longest = max(map(len, text.splitlines()), default=0)
    return longest + text.count("[") + text.count("{")


def _compose_document(loader: Any, name: str) -> yaml.Node | None:  # noqa: C901 (one loop over the event kinds)
    anchors: dict[str, yaml.Node] = {}
    stack: list[list[Any]] = []  # [open collection node, pending mapping key]
    root: yaml.Node | None = None
    while True:
        event = loader.get_event()
        cls = type(event)
        node: yaml.Node
        if cls is yaml.ScalarEvent:
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        elif cls is yaml.AliasEvent:
            if event.anchor not in anchors:
                raise _mark_error(name, event.start_mark, f"YAML error: undefined alias {event.anchor!r}")
            node = anchors[event.anchor]
        elif cls is yaml.SequenceStartEvent or cls is yaml.MappingStartEvent:
            kind = yaml.SequenceNode if cls is yaml.SequenceStartEvent else yaml.MappingNode
            tag = event.tag
            if tag is None or tag == "!":
                tag = loader.resolve(kind, None, event.implicit)
            node = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
        else:  # the end of a collection, or of the document
            if not stack:
                return root
            stack.pop()[0].end_mark = event.end_mark
            continue
        if cls is not yaml.AliasEvent and event.anchor is not None:
            anchors[event.anchor] = node
        if not stack:
            root = node
        elif isinstance(stack[-1][0], yaml.SequenceNode):
            stack[-1][0].value.append(node)
        elif stack[-1][1] is None:
            stack[-1][1] = node
        else:
            stack[-1][0].value.append((stack[-1][1], node))
            stack[-1][1] = None
        if cls is yaml.SequenceStartEvent or cls is yaml.MappingStartEvent:
            stack.append([node, None])
            if len(stack) > MAX_DEPTH:
                raise _mark_error(name, event.start_mark, f"nested more than {MAX_DEPTH} levels deep")


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording each one's position."""

    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc
        self.count = 0

    def _fail(self, node: yaml.Node, loc: Loc, message: str) -> InputError:
        return InputError(self.doc.path, message, node.start_mark.line + 1, node.start_mark.column + 1, dotted(loc) or None)

    def _too_deep(self, node: yaml.Node) -> InputError:
        mark = node.start_mark
        message = f"nested more than {MAX_DEPTH} levels deep (counting what aliases repeat)"
        return InputError(self.doc.path, message, mark.line + 1, mark.column + 1)

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fail(node, loc, f"more than {MAX_NODES:,} values (an alias bomb?)")
        if len(loc) > MAX_DEPTH:  # an alias can nest a collection inside itself
            raise self._too_deep(node)
        if node.tag == _STR and isinstance(node, yaml.ScalarNode):
            return node.value
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise self._fail(node, loc, f"tag {node.tag} is not allowed")
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, loc)

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[Any, Any]:
        if node.tag not in ("tag:yaml.org,2002:map",):
            raise self._fail(node, loc, f"tag {node.tag} is not allowed")
        out: dict[Any, Any] = {}
        leaves = len(loc) < MAX_DEPTH  # a text value here is taken as it is (what `build` would do)
        for key_node, value_node in node.value:
            if key_node.tag == _STR and type(key_node) is yaml.ScalarNode:
                key = key_node.value
            else:
                key = self._key(key_node, loc)
            if key in out:
                raise self._fail(key_node, loc + (key,), f"duplicate key {key!r}")
            if leaves and value_node.tag == _STR and type(value_node) is yaml.ScalarNode and self.count < MAX_NODES:
                self.count += 1
                out[key] = value_node.value
            else:
                out[key] = self.build(value_node, loc + (key,))
        return out

    def _key(self, key_node: yaml.Node, loc: Loc) -> Any:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise self._fail(key_node, loc, "merge keys (<<) are not supported")
        if not isinstance(key_node, yaml.ScalarNode):
            raise self._fail(key_node, loc, "a mapping key must be a plain value")
        key = self._scalar(key_node, loc)
        if isinstance(key, bool) or key is None:
            key = str(key_node.value)
        return key

    def _scalar(self, node: yaml.Node, loc: Loc) -> Any:
        if node.tag == _STR:
            return node.value
        if node.tag not in _SCALAR_TAGS:
            raise self._fail(node, loc, f"tag {node.tag} is not allowed")
        if node.tag == "tag:yaml.org,2002:bool" and node.value.lower() not in ("true", "false"):
            return node.value  # YAML 1.2: yes/no/on/off are text, so `answer: yes` means the option "yes"
        try:
            value = _constructor.construct_object(node, deep=True)
        except Exception:  # PyYAML's constructors fail in many ways on a forced tag (`!!timestamp x`)
            wanted = ": expected a date (YYYY-MM-DD)" if node.tag == _TIMESTAMP else ""
            raise self._fail(node, loc, f"invalid value {_short(node.value)}{wanted}") from None
        finally:
            # The shared constructor memoises every node it has seen: without this, each file's
            # nodes stayed alive for the whole run (about 9 KiB per deployment in a batch).
            _constructor.constructed_objects.clear()
        if node.tag == _TIMESTAMP and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            raise self._fail(node, loc, f"invalid value {_short(node.value)}: expected a date (YYYY-MM-DD), not a time")
        return value


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "...")
