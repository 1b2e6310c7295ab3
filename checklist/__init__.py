"""rai-checklist: score an AI deployment against responsible-AI principle rubrics."""

__version__ = "0.1.0"
