"""The inventory's admin, for Wagtail to find; each concept registers its own."""

from inventory.interest import wagtail_hooks as interest_hooks
from inventory.projects import wagtail_hooks as projects_hooks
from inventory.reports import wagtail_hooks as reports_hooks

__all__ = ["interest_hooks", "projects_hooks", "reports_hooks"]
