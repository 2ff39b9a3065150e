"""The projects' admin: the project snippets and the taxonomies they use, grouped
in the "Internationellt" menu."""

from urllib.parse import urlencode

import django_filters
from django.apps import apps
from django.contrib.admin.utils import quote
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import (
    BaseButton,
    Button,
    ButtonWithDropdown,
    ListingButton,
)
from wagtail.models import Locale
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import (
    IndexView,
    InspectView,
    SnippetViewSet,
    SnippetViewSetGroup,
)
from wagtail.utils.urlpatterns import decorate_urlpatterns

from inventory.display import shown
from inventory.ids import IdChoiceFilter
from inventory.projects import localize
from inventory.projects.filters import with_partner_country
from inventory.projects.models import (
    FundingProgramme,
    OrganisationalUnit,
    Project,
    due_for_review_q,
    search_key,
)
from inventory.projects.permissions import in_users_units, project_permission_policy
from inventory.reports.models import ReportingSettings
from inventory.reports.periods import last_cutoff
from inventory.spreadsheets import SafeSpreadsheetExportMixin
from partnerships.models import PartnerPage, PriorityArea, SustainabilityDimension
from partnerships.wagtail_hooks import (
    PriorityAreaViewSet,
    SustainabilityDimensionViewSet,
)

# Before the viewsets, which would otherwise make Wagtail's default policy.
register_permission_policy(Project, project_permission_policy)


class ProjectFilterSet(WagtailFilterSet):
    unit = IdChoiceFilter(
        label=_("Responsible unit"), queryset=OrganisationalUnit.objects.all()
    )
    funding_programme = IdChoiceFilter(
        label=_("Funding programme"), queryset=FundingProgramme.objects.all()
    )
    priority_areas = IdChoiceFilter(
        label=_("Priority area"), queryset=PriorityArea.objects.all()
    )
    dimensions = IdChoiceFilter(
        label=_("Sustainability dimension"),
        queryset=SustainabilityDimension.objects.all(),
    )
    partner_municipalities = IdChoiceFilter(
        label=_("Partner municipality"), queryset=PartnerPage.objects.all()
    )
    partner_country = django_filters.ChoiceFilter(
        label=_("Partner country"),
        choices=lambda: list(countries),  # in the admin language of the request
        method="filter_partner_country",
    )
    year = django_filters.NumberFilter(
        label=_("Active in year"), method="filter_year", min_value=1990, max_value=2100
    )
    review_overdue = django_filters.BooleanFilter(
        label=_("Not reviewed since the last cut-off"),
        method="filter_review_overdue",
    )

    class Meta:
        model = Project
        # Wagtail adds the language filter itself (by language code).
        fields = ["status"]

    def filter_partner_country(self, queryset, name, value):
        return with_partner_country(queryset, value).distinct()

    def filter_year(self, queryset, name, value):
        return queryset.active_in_year(int(value))

    def filter_review_overdue(self, queryset, name, value):
        cutoff = last_cutoff(timezone.localdate(), ReportingSettings.load().cutoffs)
        due = due_for_review_q(cutoff)
        return queryset.filter(due) if value else queryset.exclude(due)


class ProjectInspectView(InspectView):
    """Values in the admin's language and local time, not "True" or "None"."""

    def get_field_display_value(self, field_name, field):
        return shown(super().get_field_display_value(field_name, field))


class ProjectIndexView(SafeSpreadsheetExportMixin, IndexView):
    # Words, not the database's True/False, in the admin's spreadsheets.
    custom_field_preprocess = {
        "live": {
            IndexView.FORMAT_CSV: lambda value: _("yes") if value else _("no"),
            IndexView.FORMAT_XLSX: lambda value: str(_("yes") if value else _("no")),
        }
    }

    def get_list_buttons(self, instance):
        # Wagtail's own method, less wagtail-localize's row buttons (when it is
        # installed), which cost two queries per row; get_list_more_buttons offers
        # "Translate" and "Sync" without them.
        buttons = list(self.get_list_more_buttons(instance))
        for hook in hooks.get_hooks("register_snippet_listing_buttons"):
            if not hook.__module__.startswith("wagtail_localize"):
                buttons.extend(hook(instance, self.request.user, self.request.path))
        list_buttons, more_buttons = [], []
        for button in buttons:
            if isinstance(button, BaseButton) and not button.allow_in_dropdown:
                list_buttons.append(button)
            elif isinstance(button, MenuItem):
                if button.is_shown(self.request.user):
                    more_buttons.append(Button.from_menu_item(button))
            elif button.show:
                more_buttons.append(button)
        for hook in hooks.get_hooks("construct_snippet_listing_buttons"):
            hook(more_buttons, instance, self.request.user)
        if not more_buttons:
            return list_buttons
        return [
            *list_buttons,
            ButtonWithDropdown(
                buttons=more_buttons,
                icon_name="dots-horizontal",
                attrs={
                    "aria-label": _("More options for '%(title)s'")
                    % {"title": str(instance)}
                },
            ),
        ]

    def search_queryset(self, queryset):
        # The folded search_text matches å, ä and ö in any case, on SQLite too.
        if not self.is_searching:
            return queryset
        query = self.search_query
        return queryset.filter(
            Q(search_text__contains=search_key(query))
            | Q(slug__icontains=query)
            | Q(erasmus_id__icontains=query)
            | Q(keep_eu_id__icontains=query)
        )

    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        # wagtail-localize is optional: without it, one language and no button.
        if not apps.is_installed("wagtail_localize") or not self.request.user.has_perm(
            "wagtail_localize.submit_translation"
        ):
            return buttons
        # As wagtail-localize's own row buttons: "Translate" while a language lacks
        # the project, "Sync" where it is the source of a synced translation.
        locales, languages, sources = self.translation_state
        if languages.get(instance.translation_key, 1) < locales:
            buttons.append(
                ListingButton(
                    _("Translate"),
                    reverse(
                        "wagtail_localize:submit_snippet_translation",
                        args=["inventory", "project", quote(instance.pk)],
                    ),
                    icon_name="wagtail-localize-language",
                    priority=100,
                    attrs={
                        "aria-label": _("Translate '%(title)s'")
                        % {"title": str(instance)}
                    },
                )
            )
        source_id = sources.get((instance.translation_key, instance.locale_id))
        if source_id is not None:
            url = reverse("wagtail_localize:update_translations", args=[source_id])
            buttons.append(
                ListingButton(
                    _("Sync translated snippets"),
                    f"{url}?{urlencode({'next': self.request.path})}",
                    icon_name="resubmit",
                    priority=106,
                    attrs={
                        "aria-label": _("Sync translations of '%(title)s'")
                        % {"title": str(instance)}
                    },
                )
            )
        return buttons

    @cached_property
    def translation_state(self):
        """What the rows' translation buttons need, in three queries for the list
        rather than two a row: the number of languages, {translation key: languages
        the project is in} and {(translation key, locale id): the id of the
        wagtail-localize source of an enabled translation}."""
        keys = self.object_list.order_by().values("translation_key")
        languages = dict(
            Project.objects.filter(translation_key__in=keys)
            .values_list("translation_key")
            .annotate(Count("locale"))
            .order_by()
        )
        sources = {
            (key, locale_id): pk
            for pk, key, locale_id in apps.get_model(
                "wagtail_localize", "TranslationSource"
            )
            .objects.filter(object_id__in=keys, translations__enabled=True)
            .values_list("pk", "object_id", "locale_id")
            .distinct()
        }
        return Locale.objects.count(), languages, sources


class ProjectViewSet(SnippetViewSet):
    model = Project
    index_view_class = ProjectIndexView
    icon = "folder-open-inverse"
    menu_label = _("Projects")
    # Whether it is on the website as Ja/Nej, not the field's raw True/False (and
    # without the per-row workflow queries of Wagtail's status tag).
    list_display = [
        "title",
        "status",
        "unit",
        "start_date",
        "end_date",
        Column(
            "live",
            label=_("Published"),
            accessor=lambda project: shown(project.live),
            sort_key="live",
        ),
    ]
    list_per_page = 50
    filterset_class = ProjectFilterSet
    # Plain ORM search (ProjectIndexView.search_queryset): the same results on
    # SQLite and PostgreSQL, and no index to keep in step (wagtail/wagtail#10217).
    search_backend_name = None
    search_fields = ["search_text", "slug", "erasmus_id", "keep_eu_id"]
    inspect_view_enabled = True
    inspect_view_class = ProjectInspectView
    copy_view_enabled = True
    list_export = [
        "title",
        "slug",
        "get_status_display",
        "unit",
        "start_date",
        "end_date",
        "funding_programme",
        "currency",
        "total_budget",
        "eu_grant",
        "own_contribution",
        "last_reviewed",
        "live",
    ]
    export_headings = {"get_status_display": _("Status"), "live": _("Published")}
    export_filename = "projekt"
    ordering = ["-start_date", "title"]

    def get_queryset(self, request):
        # A sector editor lists their units' projects only.
        return project_permission_policy.instances_user_has_any_permission_for(
            request.user, ["view", "change", "delete"]
        ).select_related("unit", "funding_programme", "locale")

    def get_urlpatterns(self):
        # Wagtail's views of one project check the model's permissions, not the
        # project's unit: every such URL checks it first.
        return decorate_urlpatterns(super().get_urlpatterns(), in_users_units)


@hooks.register("construct_snippet_action_menu")
def publish_as_the_policy_allows(menu_items, request, context):
    """Wagtail offers Publish and Unpublish to anyone with the permission; a sector
    editor publishes through the workflow while it is on (see permissions.py)."""
    if context["model"] is not Project:
        return
    instance = context.get("instance")
    if instance is None:
        allowed = project_permission_policy.user_has_permission(request.user, "publish")
    else:
        allowed = project_permission_policy.user_has_permission_for_instance(
            request.user, "publish", instance
        )
    if not allowed:
        menu_items[:] = [
            item
            for item in menu_items
            if item.name not in ("action-publish", "action-unpublish")
        ]


class OrganisationalUnitViewSet(SnippetViewSet):
    model = OrganisationalUnit
    icon = "group"
    list_display = ["name", "contact_email", "locale"]


class FundingProgrammeViewSet(SnippetViewSet):
    model = FundingProgramme
    icon = "tag"
    list_display = ["name", "locale"]


class InternationalViewSetGroup(SnippetViewSetGroup):
    items = (
        ProjectViewSet,
        OrganisationalUnitViewSet,
        FundingProgrammeViewSet,
        PriorityAreaViewSet,
        SustainabilityDimensionViewSet,
    )
    menu_icon = "globe"
    menu_label = _("International")
    menu_name = "international"
    menu_order = 150


register_snippet(InternationalViewSetGroup)


# Before wagtail-localize's own URLs, which these shadow (inventory.projects.localize).
@hooks.register("register_admin_urls", order=-1)
def register_guarded_translation_urls():
    return localize.urls()
