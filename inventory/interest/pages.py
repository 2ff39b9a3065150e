"""The interest form page and its views: show, validate, store, say thank you.

What a citizen sends is an official document: once the row is committed the citizen is
told so. The notification is not sent here: the committed row is the pending
notification, which the task worker sends (``inventory.interest.tasks``) and
``housekeeping`` sends if no worker did, so no mail server can hold a request.
"""

import hashlib
import json
import logging
from http import HTTPMethod

from django.apps import apps
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, validate_email
from django.db import DatabaseError, IntegrityError, models, transaction
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, Site
from wagtail.search import index

from inventory.conf import setting
from inventory.interest import ratelimit
from inventory.interest.forms import SLUG, InterestForm, issue_form_token
from inventory.interest.models import InterestSubmission
from inventory.interest.tasks import notify_after_commit
from partnerships.blocks import RICH_TEXT_FEATURES
from partnerships.cache import memoize
from partnerships.models import BaseTemplateMixin, NotAtRootMixin

logger = logging.getLogger(__name__)

_REFERENCE_SALT = "inventory.interest.reference"
# The form has about fifteen fields plus one value per ticked interest; the site-wide
# limit is higher because the admin's page editor posts thousands.
MAX_FIELD_VALUES = 300
_FIELDS = [
    "organisation_type",
    "organisation_name",
    "organisation_number",
    "has_no_organisation_number",
    "contact_name",
    "email",
    "phone",
    "town",
    "message",
]


def _problem(request, page, status, heading, text):
    context = page.get_context(request)
    context.update({"heading": heading, "text": text})
    return TemplateResponse(
        request, "inventory/interest/problem.html", context, status=status
    )


def method_not_allowed(request, page, allow=None):
    response = _problem(
        request,
        page,
        405,
        _("This page cannot do that"),
        _("The form can only be read and sent. Go back to the form and try again."),
    )
    response["Allow"] = ", ".join(allow or page.allowed_http_method_names())
    return response


def _render_form(request, page, form, status=200, notice=""):
    form.offer_kept_choices(request, page.locale_id)
    if form.is_bound:
        form.mark_invalid_fields()
    errors = []
    if form.is_bound:
        for name, field_errors in form.errors.items():
            target = form[name].auto_id if name in form.fields else "interest-form"
            label = form.fields[name].label if name in form.fields else ""
            errors.extend((target, label, error) for error in field_errors)
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "error_list": errors,
            "notice": notice,
            "project": form.chosen_project(),
            "project_list_url": page.project_list_url(request),
            "privacy": page.privacy_facts(request),
        }
    )
    return TemplateResponse(request, page.get_template(request), context, status=status)


def _fresh_token(form, filled_in=True):
    """Give a re-shown form a new token, keeping everything the citizen typed.

    ``filled_in``: whoever sees it has filled in the whole form already, so the
    token counts as old enough for the minimum fill time.
    """
    data = form.data.copy()
    data[form.add_prefix("form_token")] = issue_form_token(
        backdate=setting("INTEREST_MIN_FILL_SECONDS") if filled_in else 0
    )
    form.data = data


def _thanks_url(page):
    return page.url + page.reverse_subpage("thanks")


def _thanks_with(url, submission):
    """The thank-you address with the reference only its sender can read."""
    return url + "?ref=" + signing.dumps(submission.pk, salt=_REFERENCE_SALT)


def _content_hash(data):
    """A fingerprint of what was sent, to tell a repeat from a changed resend."""
    canonical = {
        name: sorted(item.pk for item in value)
        if name in ("priority_areas", "partners")
        else getattr(value, "pk", value)
        for name, value in sorted(data.items())
        if name not in ("form_token", "website")
    }
    encoded = json.dumps(canonical, sort_keys=True, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def interest_form_view(request, page):
    if request.method != "POST":
        form = page.get_form(initial={"form_token": issue_form_token()})
        notice = ""
        # What a project's or a partner's link chooses; a form reads ``initial``
        # only when it is rendered.
        slug = request.GET.get("project", "")
        if slug:
            project = form.fields["project"].find(slug)
            if project is not None:
                form.initial["project"] = project
            else:
                notice = _(
                    "The project you came from could not be found: it may have been "
                    "removed. You can still send the form, without a specific project."
                )
        partner = request.GET.get("partner", "")
        if partner and SLUG.fullmatch(partner):
            partners = form.fields["partners"].queryset.filter(slug=partner)
            form.initial["partners"] = list(partners.values_list("pk", flat=True))
        return _render_form(request, page, form, notice=notice)

    length = request.META.get("CONTENT_LENGTH") or "0"
    too_large = not (length.isascii() and length.isdigit())
    if too_large or int(length) > setting("INTEREST_MAX_BODY_BYTES"):
        return _problem(
            request,
            page,
            413,
            _("The form was too large"),
            _(
                "What you sent was larger than the form allows. Shorten the message "
                "and send it again."
            ),
        )

    values = sum(len(items) for _name, items in request.POST.lists())
    if values > MAX_FIELD_VALUES:
        return _problem(
            request,
            page,
            400,
            _("The form could not be read"),
            _("What you sent does not look like this form. Go back and try again."),
        )

    form = page.get_form(request.POST)
    if form.is_honeypot_filled():
        logger.warning(
            "Interest form %s: automated submission suspected; nothing stored", page.pk
        )
        return HttpResponseRedirect(_thanks_url(page), status=303)

    token = form.token()
    if token is None or token[1] > setting("INTEREST_TOKEN_MAX_AGE"):
        problem = (
            _("The form could not be verified. Check your answers and send it again.")
            if token is None
            else _(
                "The form was open for too long to be sent. Check your answers and "
                "send it again."
            )
        )
        _fresh_token(form)
        form.is_valid()
        form.add_error(None, problem)
        return _render_form(request, page, form, status=400)
    if not form.is_valid():
        return _render_form(request, page, form, status=400)
    if form.was_sent_quickly():
        # Autofill makes a person as fast as a program: ask, never drop.
        _fresh_token(form)
        return _render_form(
            request,
            page,
            form,
            notice=_(
                "The form was sent very quickly. Check that your answers are right, "
                "then send the form again."
            ),
        )

    try:
        return _accept(request, page, form, token[0])
    except DatabaseError:
        # Locked or unreachable beyond the busy timeout: nothing was committed, so
        # the citizen is told to send again, with every answer still in the form.
        logger.exception(
            "Interest form %s: the submission could not be stored", page.pk
        )
        response = _render_form(
            request,
            page,
            form,
            status=503,
            notice=_(
                "We could not receive the form just now. Nothing was saved. Your "
                "answers are kept below: please send again in a minute."
            ),
        )
        response["Retry-After"] = "60"
        return response


def _accept(request, page, form, token):
    # Everything the redirect needs is looked up before the row is stored, so
    # nothing after the commit can fail.
    thanks = _thanks_url(page)
    content_hash = _content_hash(form.cleaned_data)
    existing = InterestSubmission.objects.filter(token=token).first()
    if existing is not None:
        return _sent_before(request, page, form, thanks, existing, content_hash)

    verdict = ratelimit.hit(
        "interest",
        ratelimit.client_ip(request),
        limit=setting("INTEREST_RATE_LIMIT"),
        seconds=setting("INTEREST_RATE_WINDOW"),
    )
    if not verdict.allowed:
        minutes = max(1, round(verdict.retry_after / 60))
        response = _render_form(
            request,
            page,
            form,
            status=429,
            notice=ngettext(
                "Many forms have been sent from your connection in a short time. "
                "Your answers are kept below: wait %(minutes)s minute and send again.",
                "Many forms have been sent from your connection in a short time. "
                "Your answers are kept below: wait %(minutes)s minutes and send "
                "again.",
                minutes,
            )
            % {"minutes": minutes},
        )
        response["Retry-After"] = str(verdict.retry_after)
        return response

    try:
        submission = page.process_form_submission(form, token, content_hash)
    except IntegrityError:
        # A concurrent request with the same token won the race.
        existing = InterestSubmission.objects.filter(token=token).first()
        if existing is None:
            raise
        return _sent_before(request, page, form, thanks, existing, content_hash)
    return HttpResponseRedirect(_thanks_with(thanks, submission), status=303)


def _sent_before(request, page, form, thanks, existing, content_hash):
    """The answer to a form whose token is already used: each token is used once."""
    if existing.content_hash == content_hash:
        # The same form sent again (a double click, a resend): one row only.
        return HttpResponseRedirect(_thanks_with(thanks, existing), status=303)
    # Changed and sent again with the same token (the Back button keeps it): not
    # taken as it is, but the citizen may send the changed answers as a new form.
    _fresh_token(form, filled_in=False)
    form.add_error(
        None,
        _(
            "This form has already been sent, with reference %(reference)s. Your "
            "changed answers were not received: to send them as a new form, check "
            "them and send again."
        )
        % {"reference": existing.reference},
    )
    return _render_form(request, page, form, status=409)


def thank_you_view(request, page):
    if request.method == "POST":
        return method_not_allowed(request, page, allow=["GET", "HEAD", "OPTIONS"])
    ref = request.GET.get("ref", "")
    if ref:
        try:
            pk = signing.loads(ref, salt=_REFERENCE_SALT)
        except signing.BadSignature:
            pk = None
        submission = InterestSubmission.objects.filter(pk=pk).first() if pk else None
        return page.render_landing_page(request, submission)
    return page.render_landing_page(request)


# What the receipt says happens next when the page does not say it.
DEFAULT_NEXT_STEPS = _(
    "Your form goes to the officers who work with the municipality's international "
    "cooperation. They read it and get in touch, usually within two weeks."
)
# The id of the privacy notice on the form page (privacy_notice.html): the receipt
# links to it.
PRIVACY_NOTICE_ANCHOR = "privacy-notice"


def parse_recipients(text):
    """The addresses in a comma- or line-separated list, without blanks."""
    return [item.strip() for item in text.replace("\n", ",").split(",") if item.strip()]


class InterestFormPage(BaseTemplateMixin, NotAtRootMixin, RoutablePageMixin, Page):
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
    public_record_notice = models.CharField(
        _("official document notice"),
        max_length=255,
        blank=True,
        help_text=_(
            "Shown above the fields (offentlighetsprincipen). If empty: “What you "
            "send to the municipality becomes an official document.”"
        ),
    )
    controller = models.CharField(
        _("controller"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who is responsible for the personal data in the forms "
            "(personuppgiftsansvarig), e.g. “Kommunstyrelsen, Kungälvs kommun”. "
            "If empty, the site's name."
        ),
    )
    privacy_notice = RichTextField(
        _("more about personal data"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_(
            "Optional. Added below the privacy notice, which always states the "
            "controller, the purpose, the legal basis, the rights, the retention "
            "period, the data protection officer and the right to complain to IMY."
        ),
    )
    dpo_contact = models.CharField(
        _("data protection officer"),
        max_length=200,
        blank=True,
        help_text=_(
            "How to reach the data protection officer: an e-mail address or a "
            "phone number. If empty, the contact e-mail."
        ),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_(
            "Given in the receipt each submitter is sent, and where replies to it "
            "go. Published on the form page."
        ),
    )
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    next_steps = models.TextField(
        _("what happens next"),
        blank=True,
        help_text=_(
            "Told in the receipt: who reads the form and roughly when they answer. "
            "If empty, the receipt says that the officers for international "
            "cooperation read it and answer, usually within two weeks."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldPanel("next_steps"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
            ],
            heading=_("Receipt and contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("public_record_notice"),
                FieldPanel("controller"),
                FieldPanel("dpo_contact"),
                FieldPanel("privacy_notice"),
            ],
            heading=_("Personal data"),
        ),
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

    def public_record_text(self):
        """The official-document sentence shown above the fields."""
        return self.public_record_notice or format_html(
            _(
                "What you send to the municipality becomes an official document "
                "({term})."
            ),
            # The Swedish legal term, marked as Swedish on English pages.
            term=format_html('<span lang="sv">{}</span>', "allmän handling"),
        )

    def next_steps_text(self):
        """Who reads a form and roughly when they answer, as the receipt says."""
        return self.next_steps.strip() or DEFAULT_NEXT_STEPS

    def contact_address(self):
        """The address submitters reach the municipality at about their form
        (the receipt's Reply-To, the privacy notice's), or "". Never one of the
        notification recipients: those are staff inboxes, not published."""
        return self.contact_email.strip()

    def controller_name(self, site=None):
        """Who is responsible for the personal data: the page's answer, else the
        name of ``site`` (the page's own if not given), else "the municipality"."""
        if self.controller.strip():
            return self.controller.strip()
        site = site or self.get_site()
        return (site.site_name if site else "") or _("the municipality")

    def retention_period(self):
        """How long a submission is kept, in words ("12 months"), or "" when no
        retention decision lets it be disposed of (``retention.dispose_expired``)."""
        months = self.retention_months
        if not months or not self.retention_decision.strip():
            return ""
        return ngettext("%(count)s month", "%(count)s months", months) % {
            "count": number_format(months, force_grouping=True)
        }

    def privacy_notice_url(self, request=None):
        """The full address of the privacy notice on this page, or ""."""
        url = self.get_full_url(request)
        return f"{url}#{PRIVACY_NOTICE_ANCHOR}" if url else ""

    def privacy_facts(self, request=None):
        """What the privacy notice states, for the page and the receipt alike."""
        site = Site.find_for_request(request) if request is not None else None
        contact = self.contact_address()
        return {
            "controller": self.controller_name(site),
            "retention_period": self.retention_period(),
            "contact": contact,
            # Only the officer's own contact: no other address stands in for it.
            "dpo": self.dpo_contact.strip(),
        }

    # Shaped like Wagtail's FormMixin (wagtail.contrib.forms), with a fixed form.
    landing_page_template = "inventory/interest_form_page_landing.html"
    preview_modes = [("form", _("Form")), ("landing", _("Thank-you page"))]

    def get_form(self, *args, **kwargs):
        """The form, offering the choices in this page's language."""
        return InterestForm(*args, locale=self.locale_id, **kwargs)

    def process_form_submission(self, form, token, content_hash):
        """Store what was sent, in one transaction; the committed row is also the
        pending notification and receipt, queued for the task worker once it is
        committed (and sent by ``housekeeping`` if no worker does)."""
        data = form.cleaned_data
        project = data.get("project")
        with transaction.atomic():
            submission = InterestSubmission.objects.create(
                token=token,
                content_hash=content_hash,
                page=self,
                language=self.locale.language_code,
                # The address has passed the form's validation: a receipt goes to it.
                receipt_due=True,
                project=project,
                project_title=project.title if project else "",
                **{name: data[name] for name in _FIELDS},
            )
            submission.priority_areas.set(data["priority_areas"])
            submission.partners.set(data["partners"])
            notify_after_commit(submission.pk)
        return submission

    def get_landing_page_template(self, request, *args, **kwargs):
        return self.landing_page_template

    def render_landing_page(self, request, form_submission=None, *args, **kwargs):
        """The thank-you page, with the reference of ``form_submission`` if any."""
        context = self.get_context(request)
        context["reference"] = form_submission.reference if form_submission else ""
        context["receipt_due"] = bool(form_submission and form_submission.receipt_due)
        return TemplateResponse(
            request, self.get_landing_page_template(request), context
        )

    def serve_preview(self, request, mode_name):
        if mode_name == "landing":
            return self.render_landing_page(request)
        form = self.get_form(initial={"form_token": issue_form_token()})
        return _render_form(request, self, form)

    def check_request_method(self, request, *args, **kwargs):
        # Wagtail's own check, with a page a person can read instead of an empty 405.
        if request.method not in self.allowed_http_method_names():
            response = method_not_allowed(request, self)
            add_never_cache_headers(response)
            return response
        return None

    def project_list_url(self, request):
        """The address of ``project_index()``, or "" (kept with the page cache: the
        form is never cached itself, and every visitor is shown this link)."""

        def build():
            index = self.project_index()
            return index.get_url(request) if index is not None else ""

        return memoize(request, "interest-project-list", build, self.pk)

    def project_index(self):
        """The project list in this page's language whose projects' "take part"
        links lead here (to this page in any language), or None.

        Live and public, as the rule for those links asks of this page
        (``InterestLinkMixin.interest_link``). Named by its label: the interest room
        does not import the projects room's pages (tests/test_layering.py).
        """
        index_model = apps.get_model("inventory", "ProjectIndexPage")
        return (
            index_model.objects.live()
            .public()
            .filter(
                locale_id=self.locale_id,
                interest_page__translation_key=self.translation_key,
            )
            .order_by("path")
            .first()
        )

    # Every response carries a per-render token, the CSRF token or a citizen's
    # reference: no shared or page cache may keep one.
    @path("")
    @method_decorator(never_cache)
    def form_route(self, request):
        return interest_form_view(request, self)

    @path("thanks/", name="thanks")
    @method_decorator(never_cache)
    def thanks_route(self, request):
        return thank_you_view(request, self)
