"""Adapters that run cleanse inside other systems' pipelines.

Each adapter lives in its own module and imports its host library there and
only there, so ``import cleanse`` never needs any of them installed:
``from cleanse.integrations.datatrove import CleanseStep`` needs datatrove.
"""
