"""Write results in any text format from the render registry: the one writer both `assess` and
`render` use. Nothing reaches the output until every input has loaded (a batch streams to a
temporary file, stdout included), so a bad file late in a batch leaves no output behind."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

from checklist.render import OutputFormat

if TYPE_CHECKING:
    from checklist.models.result import Result, Summary

FILE_TABLE_WIDTH = 120  # a table written to a file is as wide as a wide terminal


class Results(Protocol):
    """Where results come from: deployments assessed now, or a saved result file."""

    count: int

    def all(self) -> Sequence[Result]: ...

    def rendered(self, one: Callable[[Result], bytes]) -> Iterator[tuple[Summary, bytes]]: ...


class Saved:
    """Results already computed (read back from JSON)."""

    def __init__(self, results: Sequence[Result]) -> None:
        self.results = results
        self.count = len(results)

    def all(self) -> Sequence[Result]:
        return self.results

    def rendered(self, one: Callable[[Result], bytes]) -> Iterator[tuple[Summary, bytes]]:
        from checklist.models.result import Summary

        for result in self.results:
            yield Summary.of(result), one(result)


def emit(text: str | Iterable[str | bytes], output: Path | None, inputs: Sequence[Path] = ()) -> None:
    """Write the text (or its chunks: text, or text encoded as UTF-8) to a file atomically, or to
    stdout once it is complete."""
    from checklist.outputs import write_all

    chunks = [text] if isinstance(text, str) else text
    if output is not None:
        write_all([(output, chunks)], inputs)
        return
    with tempfile.SpooledTemporaryFile(max_size=8 << 20, mode="w+b") as spool:
        for chunk in chunks:
            spool.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))
        spool.seek(0)
        try:
            sys.stdout.flush()
            shutil.copyfileobj(spool, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:  # `> /dev/full`, a full disk behind a redirection
            from checklist.cli.guard import silence_stdout
            from checklist.errors import InputError
            from checklist.inputs import os_problem

            silence_stdout()
            raise InputError("<stdout>", f"cannot write: {os_problem(exc)}") from None


def write_results(fmt: OutputFormat, source: Results, output: Path | None, inputs: Sequence[Path] = ()) -> list[Summary]:
    """Render every result in `fmt` and write it; returns each result's summary for the gate."""
    from checklist.models.result import Summary

    module = fmt.module()
    if fmt.shape == "document":
        results = source.all()
        emit(module.document(list(results)), output, inputs)
        return [Summary.of(r) for r in results]
    if fmt.shape == "summary" and source.count == 1:
        found = source.all()
        if not found:  # the one file was bad (--keep-going): an empty summary
            emit(module.summary([]), output)
            return []
        result = found[0]
        tty = output is None and sys.stdout.isatty()
        width = shutil.get_terminal_size().columns if tty else (FILE_TABLE_WIDTH if output is not None else 80)
        emit(module.detail(result, width, tty), output, inputs)
        return [Summary.of(result)]
    rows: list[Summary] = []

    def texts() -> Iterator[bytes]:
        for row, text in source.rendered(_encoder(module) if fmt.shape == "stream" else _nothing):
            rows.append(row)
            yield text

    if fmt.shape == "stream":
        emit(module.join(texts()), output, inputs)
    else:
        for _ in texts():
            pass
        emit(module.summary(rows), output, inputs)
    return rows


def _nothing(result: Result) -> bytes:
    return b""


def _encoder(module: ModuleType) -> Callable[[Result], bytes]:
    """The format's own encoder where it has one, else its text encoded."""
    encoded: Callable[[Result], bytes] | None = getattr(module, "encoded", None)
    return encoded if encoded is not None else _Encoded(module.one)


class _Encoded:
    """A renderer whose text is encoded where it is rendered, in the worker: it then travels to
    the writer as bytes, where a text was encoded to be sent, decoded on arrival and encoded again
    to be written (0.6 ms of each 150 kB JSON result)."""

    def __init__(self, one: Callable[[Result], str]) -> None:
        self.one = one

    def __call__(self, result: Result) -> bytes:
        return self.one(result).encode("utf-8")
