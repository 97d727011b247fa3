"""What may be published: source checks at load time, and the final verification of site/."""

from dangjian.guard.personal import find_personal, is_resident_id
from dangjian.guard.postbuild import GuardOptions, GuardReport, guard_site
from dangjian.guard.sourcecheck import DEFAULT_SENSITIVE_TERMS
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
