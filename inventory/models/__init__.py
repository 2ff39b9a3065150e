"""The inventory's models, one module per concept."""

from inventory.models.projects import (
    RESERVED_SLUGS,
    REVIEW_INTERVAL,
    FundingProgramme,
    OrganisationalUnit,
    Project,
    ProjectIndexPage,
    ProjectPartner,
    search_key,
    swedish_sort_key,
)
from inventory.models.reports import (
    STALE_CLAIM,
    ReportingSettings,
    ReportSnapshot,
    ReviewReminder,
)

__all__ = [
    "RESERVED_SLUGS",
    "REVIEW_INTERVAL",
    "FundingProgramme",
    "OrganisationalUnit",
    "Project",
    "ProjectIndexPage",
    "ProjectPartner",
    "ReportSnapshot",
    "ReportingSettings",
    "ReviewReminder",
    "STALE_CLAIM",
    "search_key",
    "swedish_sort_key",
]
