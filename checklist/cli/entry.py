"""The console script's entry point: garbage collection is set for starting (checklist.collector)
before the command-line app and its libraries are imported."""

from checklist.collector import starting


def main() -> None:
    starting()
    from checklist.cli.app import main as run

    run()
