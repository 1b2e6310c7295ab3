"""Evaluate criteria and score principles: pure functions from loaded inputs to a Result."""
