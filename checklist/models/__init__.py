"""Pydantic models: the single source of truth for every file format and the JSON Schemas.

Model modules (and the kinds, whose specs are models) do not use `from __future__ import
annotations`: with it, pydantic compiles and evaluates every annotation string as each class is
built, which cost about 3 ms at every start. A name used before its class exists is quoted.
"""
