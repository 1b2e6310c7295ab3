"""Presentation choices shared by several renderers (never a score)."""

from __future__ import annotations

TOP_ACTIONS = 5  # the actions a summary shows before pointing at the full plan
