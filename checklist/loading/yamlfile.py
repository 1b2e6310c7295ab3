"""Hardened YAML reading: safe tags only, no duplicate keys, bounded size and alias expansion.

PyYAML composes the document into nodes (no object is ever constructed from a tag), and we build
plain Python values ourselves so that each value's position can be remembered for error messages.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from checklist.errors import InputError

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000  # caps alias expansion ("billion laughs") long before memory is at risk

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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

Loc = tuple[Any, ...]


@dataclass
class YamlDoc:
    """A parsed file: its data, its raw text, its hash, and its node tree for locating errors."""

    path: str
    data: Any
    text: str
    sha256: str
    root: Any = None  # the composed yaml node tree

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
    name = display or str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(name, "file not found") from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror}") from None
    if not path.is_file():
        raise InputError(name, "not a regular file")
    if size > MAX_BYTES:
        raise InputError(name, f"file is {size:,} bytes; the limit is {MAX_BYTES:,}")
    raw = path.read_bytes()
    return parse_yaml(raw, name)


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
        node = yaml.compose(text, Loader=_Loader)
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


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, recording each one's position."""

    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc
        self.count = 0

    def _fail(self, node: yaml.Node, loc: Loc, message: str) -> InputError:
        return InputError(self.doc.path, message, node.start_mark.line + 1, node.start_mark.column + 1, dotted(loc) or None)

    def build(self, node: yaml.Node, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self._fail(node, loc, f"more than {MAX_NODES:,} values (an alias bomb?)")
        if node.tag == _STR and isinstance(node, yaml.ScalarNode):
            return node.value
        if isinstance(node, yaml.MappingNode):
            if node.tag not in ("tag:yaml.org,2002:map",):
                raise self._fail(node, loc, f"tag {node.tag} is not allowed")
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise self._fail(key_node, loc, "merge keys (<<) are not supported")
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self._fail(key_node, loc, "a mapping key must be a plain value")
                key = self._scalar(key_node, loc)
                if isinstance(key, bool) or key is None:
                    key = str(key_node.value)
                if key in out:
                    raise self._fail(key_node, loc + (key,), f"duplicate key {key!r}")
                out[key] = self.build(value_node, loc + (key,))
            return out
        if isinstance(node, yaml.SequenceNode):
            if node.tag != "tag:yaml.org,2002:seq":
                raise self._fail(node, loc, f"tag {node.tag} is not allowed")
            return [self.build(item, loc + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, loc)

    def _scalar(self, node: yaml.Node, loc: Loc) -> Any:
        if node.tag == _STR:
            return node.value
        if node.tag not in _SCALAR_TAGS:
            raise self._fail(node, loc, f"tag {node.tag} is not allowed")
        if node.tag == "tag:yaml.org,2002:bool" and node.value.lower() not in ("true", "false"):
            return node.value  # YAML 1.2: yes/no/on/off are text, so `answer: yes` means the option "yes"
        try:
            return _constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError, yaml.YAMLError):
            raise self._fail(node, loc, f"invalid value {node.value!r}") from None
        finally:
            # The shared constructor memoises every node it has seen: without this, each file's
            # nodes stayed alive for the whole run (about 9 KiB per deployment in a batch).
            _constructor.constructed_objects.clear()
