"""The inventory's models, for Django to find; each lives in its concept's room.

- ``inventory.projects``: the project inventory and open data
- ``inventory.interest``: interest forms and their triage
- ``inventory.reports``: tertial and year-end follow-up
"""

from inventory.interest.models import (
    DisposalLog,
    InterestSubmission,
    RateLimitCounter,
)
from inventory.interest.pages import InterestFormPage
from inventory.joblock import JobLock
from inventory.projects.models import (
    RESERVED_SLUGS,
    FundingProgramme,
    OrganisationalUnit,
    Project,
    ProjectPartner,
    search_key,
    swedish_sort_key,
)
from inventory.projects.pages import ProjectIndexPage
from inventory.reports.models import (
    STALE_CLAIM,
    ReportingSettings,
    ReportSnapshot,
    ReviewReminder,
)

__all__ = [
    "DisposalLog",
    "FundingProgramme",
    "InterestFormPage",
    "InterestSubmission",
    "JobLock",
    "OrganisationalUnit",
    "Project",
    "ProjectIndexPage",
    "ProjectPartner",
    "RateLimitCounter",
    "RESERVED_SLUGS",
    "ReportSnapshot",
    "ReportingSettings",
    "ReviewReminder",
    "STALE_CLAIM",
    "search_key",
    "swedish_sort_key",
]
