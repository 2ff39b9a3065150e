"""Admin for the partnerships app: the policy taxonomy and a dashboard panel."""

import datetime

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from partnerships.models import (
    PartnerPage,
    PolicyPage,
    PriorityArea,
    SustainabilityDimension,
)

QUIET_AFTER = datetime.timedelta(days=730)  # 24 months


class PriorityAreaViewSet(SnippetViewSet):
    model = PriorityArea
    icon = "list-ol"
    list_display = ["name", "sort_order", "locale"]
    ordering = ["sort_order"]


class SustainabilityDimensionViewSet(SnippetViewSet):
    model = SustainabilityDimension
    icon = "list-ul"
    list_display = ["name", "sort_order", "locale"]
    ordering = ["sort_order"]


class PolicyTaxonomyViewSetGroup(SnippetViewSetGroup):
    items = (PriorityAreaViewSet, SustainabilityDimensionViewSet)
    menu_icon = "list-ol"
    menu_label = _("Policy taxonomy")
    menu_name = "policy-taxonomy"


# The inventory app, when installed, lists the taxonomy in its own menu beside the
# projects that use it.
if not apps.is_installed("inventory"):
    register_snippet(PolicyTaxonomyViewSetGroup)


class PartnershipsPanel(Component):
    """Dashboard: the policy's review status and partners gone quiet."""

    name = "partnerships"
    template_name = "partnerships/admin/dashboard_panel.html"
    order = 120

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        today = timezone.localdate()
        locale = Locale.get_default()
        policies = PolicyPage.objects.filter(locale=locale).order_by("pk")
        context.update(
            {
                "policies": [(policy, policy.review(today)) for policy in policies],
                "quiet_partners": PartnerPage.without_activity_since(
                    today - QUIET_AFTER, locale
                ),
            }
        )
        return context


@hooks.register("construct_homepage_panels")
def add_partnerships_panel(request, panels):
    panels.append(PartnershipsPanel())
