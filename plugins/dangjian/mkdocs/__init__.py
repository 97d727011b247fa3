"""MkDocs plugins: thin glue between MkDocs events and the modules that do the work."""
