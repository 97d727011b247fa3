"""The benchmark behind `scripts/bench`: our build side by side with plain Material and Hugo.

A tool of the repository, not of the site build: it lives beside the `dangjian` package
(which does not ship it) and needs the `bench` extra (in requirements-test.lock, which
`make bench` installs). Results go to `bench/results.json` next to this package.

Modules: `synthetic` (sample brands and bare pages), `projects` (temporary projects to
build), `measure` (wall time, peak memory, sizes), `rebuild` (latency in `mkdocs serve`),
`firstvisit` (what a first visit transfers and how soon it is interactive), `pagetypes`
(one page of every page type to visit), `planner` (the planner's own timing hook),
`targets` (the issue's targets, PASS/MISS), `report` (table, JSON, results page),
`runner` (the command line); `searcheval`, `searchquality`, `searchsize` and
`firstresult` measure search for `scripts/searcheval`, `directory` the brand directory.
"""
