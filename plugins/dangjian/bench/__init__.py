"""The benchmark behind `scripts/bench`: our build side by side with plain Material and Hugo.

Modules: `synthetic` (sample brands and bare pages), `projects` (temporary projects to
build), `measure` (wall time, peak memory, sizes), `rebuild` (latency in `mkdocs serve`),
`firstvisit` (bytes a browser transfers), `planner` (the planner's own timing hook),
`targets` (the issue's targets, PASS/MISS), `report` (table, JSON, results page),
`runner` (the command line).
"""
