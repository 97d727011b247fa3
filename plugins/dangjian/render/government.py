"""The government-website footer and the 联系我们 page, rendered from extra.government.

Both are rendered by the package's environment, which escapes every value (autoescape):
the footer is handed to the theme as finished HTML (docs/overrides/partials/copyright.html).
"""

from __future__ import annotations

from functools import lru_cache

from dangjian.government import BADGE_IMAGE, Government
from dangjian.render.environment import render
from dangjian.render.text import meta_text

CONTACT_PAGE = "contact/index.md"
"""The 联系我们 page's source in the site (generated; its address is contact/)."""


@lru_cache(maxsize=64)  # one per folder depth: the same footer on every page of it
def footer_html(government: Government, base: str) -> str:
    """The footer's lines for a page whose way back to the site root is base ("../", "/")."""
    if government.is_empty:
        return ""
    return render("government_footer.html", gov=government, base=base, badge=BADGE_IMAGE,
                  contact=government.has_contact)


def contact_meta() -> dict[str, str]:
    return {"title": "联系我们", "description": meta_text("本站的主办单位、联系方式和备案信息。")}


def contact_page(government: Government) -> str:
    """The body of the 联系我们 page."""
    return render("contact.html", gov=government)
