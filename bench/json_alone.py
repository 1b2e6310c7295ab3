"""The JSON floor: pydantic alone encoding a saved result N times, indented as `assess -f json`
writes it, in one process. Prints the seconds and CPU seconds of the encoding loop alone.

    python bench/json_alone.py RESULT.json N

What a batch adds to its table run by writing JSON is at least this divided by the workers: the
engine hands pydantic finished models, and nothing here is faster at encoding them.
"""

import sys
import time

from checklist.loading.result import parse_results
from checklist.models.result import Result


def main() -> None:
    path, count = sys.argv[1], int(sys.argv[2])
    with open(path, "rb") as handle:
        (result,) = parse_results(handle.read(), path)
    encode = Result.__pydantic_serializer__.to_json
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(count):
        encode(result, indent=2)
    print(f"{time.perf_counter() - start:.4f} {time.process_time() - cpu:.4f}")


if __name__ == "__main__":
    main()
