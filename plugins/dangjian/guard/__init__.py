"""What may be published, and the post-build scan of everything written under site/."""

from dangjian.guard.personal import find_personal, is_resident_id
from dangjian.guard.postbuild import GuardOptions, GuardReport, guard_site
from dangjian.guard.scan import DEFAULT_SENSITIVE_TERMS
from dangjian.guard.visibility import is_internal_field, needles

__all__ = [
    "DEFAULT_SENSITIVE_TERMS",
    "GuardOptions",
    "GuardReport",
    "find_personal",
    "guard_site",
    "is_internal_field",
    "is_resident_id",
    "needles",
]
