"""Keep the theme's own scripts on the site: Material names two scripts on unpkg.com.

Material's bundle loads a ResizeObserver polyfill (old browsers only) and Mermaid (pages
with diagrams only) from unpkg.com. Neither is reliably reachable from mainland China and
nothing may load from another host, so the bundle is rewritten to load the copies vendored
in this package, resolved against `__md_scope` (the site root Material computes on every
page, which survives instant navigation). The source maps, which repeat the addresses and
are of no use to visitors, are removed.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

VENDOR_PATH = "assets/dangjian/vendor/"

# Material's literal -> (the vendored file under the package's vendor/, its path in site/)
REWRITES: dict[str, tuple[str, str]] = {
    '"https://unpkg.com/resize-observer-polyfill"': (
        "resize-observer-polyfill/ResizeObserver.global.js",
        VENDOR_PATH + "resize-observer-polyfill/ResizeObserver.global.js",
    ),
    '"https://unpkg.com/mermaid@11/dist/mermaid.min.js"': (
        "mermaid/mermaid.min.js",
        VENDOR_PATH + "mermaid/mermaid.min.js",
    ),
}


def localize_theme_scripts(site_dir: Path) -> list[str]:
    """Rewrite Material's bundle in site_dir to same-site scripts; returns what was rewritten."""
    done: list[str] = []
    vendor = resources.files("dangjian") / "vendor"
    for bundle in sorted((site_dir / "assets" / "javascripts").glob("bundle.*.min.js")):
        text = bundle.read_text(encoding="utf-8")
        for literal, (source, target) in REWRITES.items():
            if literal not in text:
                continue
            text = text.replace(literal, f'new URL("{target}",__md_scope).href')
            out = site_dir / target
            out.parent.mkdir(parents=True, exist_ok=True)
            with resources.as_file(vendor / source) as src:
                shutil.copyfile(src, out)
            licence = vendor / source.split("/")[0] / "LICENSE"
            with resources.as_file(licence) as src:
                shutil.copyfile(src, out.parent / "LICENSE")
            done.append(target)
        text = text.replace(f"//# sourceMappingURL={bundle.name}.map", "")
        bundle.write_text(text, encoding="utf-8")
        bundle.with_name(bundle.name + ".map").unlink(missing_ok=True)
    for source_map in (site_dir / "assets" / "javascripts").rglob("*.js.map"):
        source_map.unlink()
    return done
