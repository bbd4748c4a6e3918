"""Helpers for earchive's test suite that are not tests themselves (e.g. the eark-validator harness)."""
