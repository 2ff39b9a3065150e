"""The inventory's models, one module per concept."""

from inventory.models.interest import (
    DisposalLog,
    InterestFormPage,
    InterestSubmission,
    JobLock,
    RateLimitCounter,
)
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
    "DisposalLog",
    "InterestFormPage",
    "InterestSubmission",
    "JobLock",
    "RateLimitCounter",
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
