"""Renderers: each reads the canonical Result and never rescores. The PDF/HTML report is in render.report."""
