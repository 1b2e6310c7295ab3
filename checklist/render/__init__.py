"""Renderers: each reads the canonical Result and never rescores. PDF/HTML live in render.pdf."""

TEXT_FORMATS = ("table", "json", "markdown")
