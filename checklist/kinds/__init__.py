"""The answer-kind registry: a new kind is one module and one line here."""

from checklist.kinds import checklist, choice, metric
from checklist.kinds.base import Kind

KINDS: dict[str, Kind] = {k.name: k for k in (choice.KIND, metric.KIND, checklist.KIND)}
