"""Importers: records from other event datasets, with evidence that points at their rows."""
