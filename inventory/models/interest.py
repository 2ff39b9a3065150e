"""Interest forms: the form page, what citizens send, and the records kept about it."""

import uuid
from http import HTTPMethod

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, validate_email
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from partnerships.blocks import RICH_TEXT_FEATURES
from partnerships.models import NotAtRootMixin


def parse_recipients(text):
    """The addresses in a comma- or line-separated list, without blanks."""
    return [item.strip() for item in text.replace("\n", ",").split(",") if item.strip()]


class InterestFormPage(NotAtRootMixin, RoutablePageMixin, Page):
    """A page where associations and businesses register interest in taking part."""

    subpage_types = []
    allowed_http_methods = [
        HTTPMethod.GET,
        HTTPMethod.HEAD,
        HTTPMethod.OPTIONS,
        HTTPMethod.POST,
    ]

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    thank_you_text = RichTextField(
        _("thank-you text"),
        features=RICH_TEXT_FEATURES,
        help_text=_("Shown after a form has been sent."),
    )
    notification_recipients = models.TextField(
        _("notification recipients"),
        blank=True,
        help_text=_(
            "E-mail addresses that are told about each new submission, separated by "
            "commas or new lines. Prefer functional addresses, e.g. the registry."
        ),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("retention period (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1200)],
        help_text=_(
            "Submissions older than this are disposed of by the periodic command. "
            "Leave empty to keep them until a retention decision says otherwise."
        ),
    )
    retention_decision = models.CharField(
        _("retention decision"),
        max_length=255,
        blank=True,
        help_text=_(
            "The decision that allows disposal, e.g. the records management plan "
            "and its registration number. Required with a retention period."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("thank_you_text"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldPanel("notification_recipients"),
                FieldPanel("retention_months"),
                FieldPanel("retention_decision"),
            ],
            heading=_("Handling of submissions"),
        ),
        *Page.settings_panels,
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    class Meta:
        verbose_name = _("interest form page")
        verbose_name_plural = _("interest form pages")

    def clean(self):
        super().clean()
        errors = {}
        for address in parse_recipients(self.notification_recipients):
            try:
                validate_email(address)
            except ValidationError:
                errors["notification_recipients"] = _(
                    "“%(address)s” is not a valid e-mail address."
                ) % {"address": address}
                break
        if self.retention_months is not None and not self.retention_decision.strip():
            errors["retention_decision"] = _(
                "Give the retention decision that allows disposal."
            )
        if self.retention_months == 0:
            errors["retention_months"] = _("The retention period must be at least 1.")
        if errors:
            raise ValidationError(errors)

    def recipients(self):
        return parse_recipients(self.notification_recipients)

    def check_request_method(self, request, *args, **kwargs):
        # Wagtail's own check, with a page a person can read instead of an empty 405.
        if request.method not in self.allowed_http_method_names():
            from inventory.interest import method_not_allowed

            return method_not_allowed(request, self)
        return None

    @path("")
    def form_route(self, request):
        from inventory.interest import interest_form_view

        return interest_form_view(request, self)

    @path("thanks/", name="thanks")
    def thanks_route(self, request):
        from inventory.interest import thank_you_view

        return thank_you_view(request, self)


class InterestSubmission(models.Model):
    """An interest form as a citizen sent it: an official document (allmän handling)."""

    class OrganisationType(models.TextChoices):
        ASSOCIATION = "association", _("association")
        BUSINESS = "business", _("business")
        SCHOOL = "school", _("school")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        NEW = "new", _("new")
        CONTACTED = "contacted", _("contacted")
        MATCHED = "matched", _("matched")
        CLOSED = "closed", _("closed")

    # Set when the form is shown; a repeated POST of the same form (a double click,
    # a resend after a timeout) finds the stored row instead of adding another.
    token = models.UUIDField(_("form token"), unique=True, default=uuid.uuid4)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    page = models.ForeignKey(
        InterestFormPage,
        verbose_name=_("form"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submissions",
    )
    language = models.CharField(_("language"), max_length=10)
    organisation_type = models.CharField(
        _("type of organisation"), max_length=20, choices=OrganisationType.choices
    )
    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation_number = models.CharField(
        _("organisation number"), max_length=11, blank=True
    )
    has_no_organisation_number = models.BooleanField(
        _("has no organisation number"), default=False
    )
    contact_name = models.CharField(_("contact person"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    town = models.CharField(_("town"), max_length=100)
    priority_areas = models.ManyToManyField(
        "partnerships.PriorityArea",
        verbose_name=_("priority areas"),
        blank=True,
        related_name="+",
    )
    partners = models.ManyToManyField(
        "partnerships.PartnerPage",
        verbose_name=_("partner municipalities"),
        blank=True,
        related_name="+",
    )
    project = models.ForeignKey(
        "inventory.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interest_submissions",
    )
    # Kept as text too, so the record still says which project was meant if the
    # project is deleted later.
    project_title = models.CharField(_("project title"), max_length=255, blank=True)
    message = models.TextField(_("message"), blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    internal_note = models.TextField(
        _("internal note"),
        blank=True,
        help_text=_(
            "Seen only in the admin. Note that it is an official document too."
        ),
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    notified_at = models.DateTimeField(_("notification sent"), null=True, blank=True)
    notification_claimed_at = models.DateTimeField(null=True, blank=True)
    notification_attempts = models.PositiveSmallIntegerField(default=0)
    notification_error = models.CharField(
        _("notification problem"), max_length=255, blank=True
    )

    class Meta:
        verbose_name = _("interest submission")
        verbose_name_plural = _("interest submissions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["notified_at", "notification_claimed_at"],
                name="interest_pending_notify",
            )
        ]

    def __str__(self):
        return _("Interest submission %(number)s from %(organisation)s") % {
            "number": self.reference,
            "organisation": self.organisation_name,
        }

    @property
    def reference(self):
        """The number a citizen can quote, e.g. "INT-2026-42"."""
        if not self.pk:
            return ""
        return f"INT-{timezone.localtime(self.created_at):%Y}-{self.pk}"

    def interests_text(self):
        return ", ".join(area.name for area in self.priority_areas.all())

    def partners_text(self):
        return ", ".join(partner.title for partner in self.partners.all())

    def notification_recipients(self):
        recipients = list(self.page.recipients()) if self.page else []
        unit = self.project.unit if self.project else None
        if unit and unit.contact_email and unit.contact_email not in recipients:
            recipients.append(unit.contact_email)
        return recipients


class RateLimitCounter(models.Model):
    """Requests per client and time window, shared by every process and server."""

    key = models.CharField(max_length=64)
    window_start = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window_start"], name="ratelimit_unique_window"
            )
        ]

    def __str__(self):
        return f"{self.key[:8]}… {self.window_start:%Y-%m-%d %H:%M}: {self.count}"


class DisposalLog(models.Model):
    """A record of submissions disposed of (gallrade) under a retention decision."""

    disposed_at = models.DateTimeField(_("disposed"), auto_now_add=True)
    form_title = models.CharField(_("form"), max_length=255)
    count = models.PositiveIntegerField(_("number of submissions"))
    received_from = models.DateTimeField(_("received from"))
    received_until = models.DateTimeField(_("received until"))
    retention_months = models.PositiveSmallIntegerField(_("retention period (months)"))
    decision = models.CharField(_("retention decision"), max_length=255)
    exported_to = models.CharField(_("exported to"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("disposal")
        verbose_name_plural = _("disposal log")
        ordering = ["-disposed_at"]

    def __str__(self):
        return _("%(count)s submissions from %(form)s") % {
            "count": self.count,
            "form": self.form_title,
        }


class JobLock(models.Model):
    """A lease that lets one run of a periodic job proceed at a time."""

    name = models.CharField(max_length=100, unique=True)
    locked_until = models.DateTimeField(null=True)
    holder = models.CharField(max_length=100, blank=True)

    def __str__(self):
        return self.name
