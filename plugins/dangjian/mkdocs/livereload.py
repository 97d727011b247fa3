"""The live reload of `mkdocs serve`, under the same Content-Security-Policy as the published site.

MkDocs' server writes its polling script inline into every page it serves, with the build's
epoch and a request id in the code: a policy made before the build (guard/csp.py) cannot
allow it, and a preview without the policy would not behave as the published site. MkDocs
has no option or event for this, so the one place that changes it is here: the server the
`on_serve` event hands over injects a script *file* of this package instead
(assets/javascripts/livereload.js, an ES module that polls the same address), with the two
values in data attributes. The server object itself is not replaced; its injection method
is, on this instance only.
"""

from __future__ import annotations

import re
import time
from typing import Any

from dangjian.mkdocs.generated import ASSET_PREFIX

SCRIPT = ASSET_PREFIX + "javascripts/livereload.js"
NO_SCRIPTS = re.compile(rb"script-src (?:'|&#39;|&#x27;)none")  # as written in a meta tag


def inject_file_script(server: Any) -> None:
    """Make this server inject the live-reload script as a file of the site, not inline."""
    mount = getattr(server, "mount_path", "/") or "/"
    src = (mount if mount.endswith("/") else mount + "/") + SCRIPT

    def inject(content: bytes, epoch: int) -> bytes:
        if NO_SCRIPTS.search(content, 0, 4096):
            return content  # a page that runs no script (a poster) is not reloaded, as published
        tag = (f'<script type="module" src="{src}" data-epoch="{int(epoch)}" '
               f'data-request-id="{time.monotonic_ns() // 1000}"></script>').encode()
        at = content.rfind(b"</body>")
        if at < 0:
            at = len(content)
        return content[:at] + tag + content[at:]

    server._inject_js_into_html = inject
