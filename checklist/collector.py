"""When Python's garbage collector runs: rarely while the tool starts, as usual once it works.

Starting makes tens of thousands of objects that live as long as the process: typer's and
pydantic's modules and classes, the tool's models, the rubric set, WeasyPrint. Python's
collector, tuned for long-running programs, runs a pass every 700 new objects and walked them
about 90 times during one `assess` (13 ms of CPU), freeing nothing. So the console script makes
passes rare (`starting`) until a command has loaded what it keeps and begins its real work, a
rubric set loaded or a batch begun (`started`): what was made by then is frozen out of later
passes (`gc.freeze`) and the usual thresholds come back. A command that never gets there (a
schema, a diff) keeps the rare passes, which still free cycles.
"""

import gc

STARTING = 100_000  # new objects between passes while starting (Python's default is 700)
_usual = gc.get_threshold()


def starting() -> None:
    """Make passes rare; the console script calls this before it imports anything heavy."""
    gc.set_threshold(STARTING, *_usual[1:])


def started() -> None:
    """The long-lived objects are made: freeze them out of later passes and collect as usual.
    A no-op in a process that did not start through the console script (tests, embedding)."""
    if gc.get_threshold()[0] == STARTING:
        gc.freeze()
        gc.set_threshold(*_usual)
