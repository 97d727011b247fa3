"""dangjian: compile the Mishan border Party-building YAML data into a MkDocs site."""

__version__ = "0.1.0"
