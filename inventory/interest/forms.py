"""The interest form: a fixed, structured form, every value validated."""

import re
import time
import uuid

import phonenumbers
from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from inventory.conf import setting
from inventory.ids import is_id
from inventory.interest.models import InterestSubmission
from inventory.projects.models import Project
from partnerships.cache import memoize
from partnerships.identifiers import (
    is_personal_identity_number,
    normalise_organisation_number,
)
from partnerships.models import PartnerPage, PriorityArea
from partnerships.text import clean_text, has_line_break

MESSAGE_MAX_LENGTH = 4000
# What a slug in a link or a field may look like; anything else (a NUL byte, say) is
# not looked up.
SLUG = re.compile(r"[-\w]{1,255}")
_TOKEN_SALT = "inventory.interest.form-token"  # noqa: S105 - a namespace, not a secret


def issue_form_token(backdate=0):
    """A signed token naming this form instance and when it was shown.

    ``backdate`` (seconds) moves the time shown into the past, for a form re-shown to
    someone who has already filled it in.
    """
    return signing.dumps(
        {"id": uuid.uuid4().hex, "at": round(time.time() - backdate, 3)},
        salt=_TOKEN_SALT,
    )


def read_form_token(value):
    """The (uuid, age in seconds) of a form token, or None if it was tampered with.

    How old a token may be is the view's decision (``INTEREST_TOKEN_MAX_AGE``).
    """
    try:
        data = signing.loads(value, salt=_TOKEN_SALT)
        return uuid.UUID(hex=data["id"]), time.time() - float(data["at"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def _no_line_breaks(value):
    if has_line_break(value):
        raise ValidationError(_("Write this on one line."), code="line_break")


def _short_local_part(value):
    # RFC 5321: at most 64 characters before the @; a longer address bounces.
    if len(value.rpartition("@")[0]) > 64:
        raise ValidationError(
            _("The part before @ can be at most 64 characters. Check the address."),
            code="invalid",
        )


class TextField(forms.CharField):
    """Text without control or invisible format characters; on one line unless
    ``multiline``."""

    def __init__(self, *, multiline=False, **kwargs):
        super().__init__(**kwargs)
        self.multiline = multiline
        if not multiline:
            self.validators.append(_no_line_breaks)

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return value
        # A NUL byte is never typed: refused, as Django's fields do, not cleaned.
        ProhibitNullCharactersValidator()(value)
        value = clean_text(value)
        if not self.multiline:
            value = value.replace("\t", " ")
        return value.strip() if self.strip else value


class IdsField(forms.ModelMultipleChoiceField):
    """Choices by id, where a value that cannot be an id is the citizen's error.

    (SQLite raises OverflowError for a number beyond 64 bits instead of finding
    nothing.)
    """

    def _check_values(self, value):
        for pk in value:
            if not is_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(pk)[:40]},
                )
        return super()._check_values(value)


class ProjectField(forms.ModelChoiceField):
    """A project named by its slug in a hidden field, never listed.

    The page shows the chosen project as text; checking it is one query, however many
    projects there are.
    """

    widget = forms.HiddenInput
    default_error_messages = {
        "invalid_choice": _(
            "The project could not be found: it may have been removed, or belong to "
            "the site in another language. The form now names no project: send it "
            "as it is, or choose a project in the project list."
        ),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Project.objects.none())
        super().__init__(to_field_name="slug", **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value and not SLUG.fullmatch(value):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)

    def find(self, slug):
        """The offered project with this slug, or None."""
        try:
            return self.to_python(slug)
        except ValidationError:
            return None


class InterestForm(forms.Form):
    """What an association or business tells the municipality about its interest."""

    # The honeypot: hidden from people (and from assistive technology), so only a
    # program filling in every field puts anything in it.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    # Checked by the view (a missing or forged token is the form's error, not a
    # field's: the field is hidden).
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    organisation_type = forms.ChoiceField(
        label=_("Type of organisation"),
        choices=InterestSubmission.OrganisationType.choices,
        widget=forms.RadioSelect,
    )
    organisation_name = TextField(
        label=_("Name of the organisation"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        required=False,
        max_length=20,
        help_text=_(
            "Ten digits, e.g. 212000-1371. A sole trader does not give a personal "
            "identity number: tick the box below instead."
        ),
    )
    has_no_organisation_number = forms.BooleanField(
        label=_("The organisation has no organisation number"), required=False
    )
    contact_name = TextField(
        label=_("Contact person"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        validators=[_short_local_part],
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = TextField(
        label=_("Phone"),
        required=False,
        max_length=30,
        help_text=_("Optional. A Swedish number, or an international one with +."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    town = TextField(
        label=_("Town or municipality"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    priority_areas = IdsField(
        label=_("Priority areas you are interested in"),
        queryset=PriorityArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    partners = IdsField(
        label=_("Partner municipalities you are interested in"),
        queryset=PartnerPage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    project = ProjectField(label=_("Project"), required=False)
    message = TextField(
        label=_("Message"),
        multiline=True,
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, locale=None, **kwargs):
        """``locale``: the page's language (a Locale or its id), whose choices the
        form offers."""
        super().__init__(*args, **kwargs)
        self.fields["priority_areas"].queryset = PriorityArea.objects.filter(
            locale=locale
        ).order_by("sort_order", "name")
        # Only public partners may be chosen. Wagtail's public() reads the view
        # restrictions at once, so it is applied when a sent form is checked
        # (full_clean) or the choices are made for the page cache, not each time
        # an empty form is shown.
        self.fields["partners"].queryset = (
            PartnerPage.objects.live().filter(locale=locale).order_by("title")
        )
        self.fields["project"].queryset = Project.objects.live_in(locale)
        # The fieldset that shows the project carries the field's id (the error
        # summary links to it); the hidden input needs another.
        project = self["project"]
        if project.auto_id:
            project.field.widget.attrs["id"] = f"{project.auto_id}_slug"
        self.fields["partners"].label_from_instance = lambda partner: partner.title
        # Formatted here, not at import: the reader's language is known now, and
        # with it how the number is written ("4 000" in Swedish, "4,000" in English).
        self.fields["message"].help_text = _(
            "Optional. At most %(count)s characters."
        ) % {"count": number_format(MESSAGE_MAX_LENGTH, force_grouping=True)}

    def _only_public_partners(self):
        field = self.fields["partners"]
        field.queryset = field.queryset.public()

    def full_clean(self):
        if self.is_bound:
            self._only_public_partners()
        super().full_clean()

    def offer_kept_choices(self, request, locale_id):
        """Show the priority areas and partners from the page cache: the same for
        every visitor until the next change, so showing the form reads neither
        list (checking a sent form still does)."""
        for name in ("priority_areas", "partners"):
            field = self.fields[name]

            def build(field=field, name=name):
                if name == "partners":
                    self._only_public_partners()
                return [
                    (str(item.pk), field.label_from_instance(item))
                    for item in field.queryset
                ]

            field.choices = memoize(request, f"interest-{name}", build, locale_id)

    def clean_organisation_number(self):
        raw = clean_text(self.cleaned_data["organisation_number"]).strip()
        if not raw:
            return ""
        number = normalise_organisation_number(raw)
        if number is None and is_personal_identity_number(raw):
            raise ValidationError(
                _(
                    "This is a personal identity number, not an organisation "
                    "number. A sole trader has no organisation number: remove the "
                    "number and tick “The organisation has no organisation number”."
                ),
                code="personal_identity_number",
            )
        if number is None:
            raise ValidationError(
                _(
                    "This is not a valid organisation number. Check the digits; it "
                    "has ten, e.g. 212000-1371."
                ),
                code="invalid",
            )
        return number

    def clean_phone(self):
        raw = self.cleaned_data["phone"].strip()
        if not raw:
            return ""
        try:
            number = phonenumbers.parse(raw, "SE")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise ValidationError(
                _("Enter a phone number, e.g. 0303-23 80 00 or +46 303 23 80 00."),
                code="invalid",
            )
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)

    def clean(self):
        cleaned = super().clean()
        number = cleaned.get("organisation_number")
        has_none = cleaned.get("has_no_organisation_number")
        if "organisation_number" in cleaned and not number and not has_none:
            self.add_error(
                "organisation_number",
                ValidationError(
                    _(
                        "Enter the organisation number, or tick “The organisation has "
                        "no organisation number”."
                    ),
                    code="required",
                ),
            )
        elif number and has_none:
            self.add_error(
                "has_no_organisation_number",
                ValidationError(
                    _(
                        "You entered an organisation number; untick this box or "
                        "remove the number."
                    ),
                    code="conflict",
                ),
            )
        return cleaned

    def chosen_project(self):
        """The project the form is about, or None: once bound, the valid one sent;
        before, the one the page was linked from (``initial``, a Project)."""
        if self.is_bound:
            return getattr(self, "cleaned_data", {}).get("project")
        return self.initial.get("project")

    def token(self):
        """(uuid, age) of the submitted token, or None if it is missing or forged."""
        value = self.data.get(self.add_prefix("form_token"), "")
        return read_form_token(value) if value else None

    def is_honeypot_filled(self):
        """Whether the field hidden from people was filled in: only a program does."""
        return bool(self.data.get(self.add_prefix("website")))

    def was_sent_quickly(self):
        """Whether the form came back sooner than a person fills it in (or a
        browser's autofill lets them): asked to confirm, never dropped."""
        token = self.token()
        return token is not None and token[1] < setting("INTEREST_MIN_FILL_SECONDS")

    def mark_invalid_fields(self):
        """Tie each error to its field for assistive technology."""
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            bound = self[name]
            described = [f"{bound.auto_id}_error"]
            if self.fields[name].help_text:
                described.append(f"{bound.auto_id}_helptext")
            widget.attrs["aria-describedby"] = " ".join(described)
            widget.attrs["aria-invalid"] = "true"
