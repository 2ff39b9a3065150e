"""Interest forms: what citizens send, and the records kept about it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InterestSubmission(models.Model):
    """An interest form as a citizen sent it: an official document (allmän handling)."""

    # No public page shows these rows (see partnerships.cache).
    shown_on_public_pages = False

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
        "inventory.InterestFormPage",
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

    # The receipt to the address the submitter gave. Only a form sent through the
    # public page asks for one: rows stored before receipts existed, or added any
    # other way, are never sent one.
    receipt_due = models.BooleanField(default=False, editable=False)
    receipt_sent_at = models.DateTimeField(_("receipt sent"), null=True, blank=True)
    receipt_claimed_at = models.DateTimeField(null=True, blank=True)
    receipt_attempts = models.PositiveSmallIntegerField(default=0)
    receipt_error = models.CharField(_("receipt problem"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("interest submission")
        verbose_name_plural = _("interest submissions")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["notified_at", "notification_claimed_at"],
                name="interest_pending_notify",
            ),
            models.Index(
                fields=["receipt_due", "receipt_sent_at"],
                name="interest_pending_receipt",
            ),
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

    # The admin's label for it (list, inspect view); without one it would show
    # the untranslated attribute name.
    reference.fget.short_description = _("Reference")

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

    # No public page shows these rows (see partnerships.cache).
    shown_on_public_pages = False

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

    # No public page shows these rows (see partnerships.cache).
    shown_on_public_pages = False

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
