"""The brand directory: its order, facets and pages, and the small JSON files its script reads."""
