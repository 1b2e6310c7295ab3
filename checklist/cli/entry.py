"""The console script's entry point: it sets how the garbage collector runs while the tool starts.

Starting makes tens of thousands of objects that live as long as the process: typer's and
pydantic's modules and classes, the tool's models, the rubric set. Python's collector, tuned for
long-running programs, runs a pass every 700 new objects and walked them about 90 times during
one `assess` (13 ms of CPU), freeing nothing. So passes are rarer until the start is over; then
what was made is frozen out of later passes (`gc.freeze`) and the usual thresholds come back.
Commands that never load a rubric set keep the rarer passes, which still free cycles.
"""

import gc

STARTING = 100_000  # new objects between passes while starting (Python's default is 700)
_usual = gc.get_threshold()


def main() -> None:
    gc.set_threshold(STARTING, *_usual[1:])
    from checklist.cli.app import main as run

    run()


def started() -> None:
    """The long-lived objects are made (the rubric set is loaded): collect as usual from here."""
    if gc.get_threshold()[0] == STARTING:
        gc.freeze()
        gc.set_threshold(*_usual)
