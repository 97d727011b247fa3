"""What the post-build verification found in each file, kept between the rebuilds of one
`mkdocs serve` process, so that a rebuild verifies only the files whose bytes changed.

There is no worker process in `mkdocs serve` (beside.py: the server's threads must not be
forked), and every rebuild writes every file again, so without this each rebuild would
verify the whole site anew. A result is reused only when all it depends on is the same:

- the file's name (the verification and its links depend on the suffix and the page's
  place) and the SHA-256 of its bytes;
- the verifier's inputs (`Verifier.fingerprint`: needles, border rules, allowed phones,
  script hashes and policy, allowed binary types, the shipped files), the site's URL the
  links were resolved against, and whether links are checked: a change to any of them
  starts the store afresh;
- no findings: a file with findings is verified again every time. Findings name the source
  file they came from, which the fingerprint leaves out, and there are few of them.

The links are kept resolved (links.PageLinks), not checked: whether their targets exist
is checked against the files of each build. Equal links and anchors of different pages
(the theme's header, navigation and footer, at the same lines on every page of a kind) are
kept once, which is most of what the store would otherwise hold.

The store is one module-level object (`SERVE_STORE`), not a plugin's attribute: the results
must outlive the configuration that serve loads anew for each rebuild, whichever plugin
objects MkDocs keeps. Only the guard plugin uses it, and only when serving; a published
build never reuses anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from dangjian.guard.links import PageLinks

Link = tuple[int, str, str, str, bool]
_MAX_SHARED = 1 << 18
"""Distinct links and anchors kept for sharing before the table starts afresh."""


@dataclass(frozen=True)
class Reusable:
    """One file verified without findings: its digest and its resolved links (None when
    the file is no page or links are not checked)."""

    digest: str
    links: PageLinks | None


class VerifiedFiles:
    """Results without findings, by output file, for one verification context."""

    def __init__(self) -> None:
        self._context: str | None = None
        self._files: dict[str, Reusable] = {}
        # each anchor and link kept once, mapped to itself
        self._anchors: dict[str, str] = {}
        self._links: dict[Link, Link] = {}

    def begin(self, context: str, present: set[str]) -> None:
        """Start a verification in context (what the results depend on besides the files);
        results of another context, and of files no longer present, are dropped."""
        if context != self._context:
            self._files, self._anchors, self._links = {}, {}, {}
            self._context = context
        else:
            self._files = {rel: done for rel, done in self._files.items() if rel in present}
        if len(self._anchors) + len(self._links) > _MAX_SHARED:
            # what is stored keeps its objects; only the pages stored later share less
            self._anchors, self._links = {}, {}

    def get(self, rel: str, digest: str) -> Reusable | None:
        done = self._files.get(rel)
        return done if done is not None and done.digest == digest else None

    def put(self, rel: str, digest: str, links: PageLinks | None) -> None:
        if links is not None:
            anchors, shared = self._anchors, self._links
            links = PageLinks(frozenset(anchors.setdefault(a, a) for a in links.ids),
                              tuple(shared.setdefault(link, link) for link in links.links))
        self._files[rel] = Reusable(digest, links)

    def forget(self, rel: str) -> None:
        self._files.pop(rel, None)

    def __len__(self) -> int:
        return len(self._files)


SERVE_STORE = VerifiedFiles()
"""The one store of the `mkdocs serve` process (see the module's description)."""
