"""Pydantic models: the single source of truth for every file format and the JSON Schemas."""
