"""The form texts move from the organisation settings onto each interest form page.

The official-document sentence, the privacy notice and the data protection officer were
site settings (Swedish, with English variants) read by host template tags; they are now
fields of ``InterestFormPage``, one text per language's page. Each page gets what it
showed before, in its language, both on the page row and in its latest revision, which
is what the editor opens and publishes next (so a publish does not blank them). A
sentence equal to the built-in default is left empty, so the page keeps following the
translated default. The settings fields are removed in the next migration.
"""

from django.db import migrations

# The settings' former defaults, which the pages now show when the field is empty.
DEFAULT_RECORD_NOTICE = {
    "sv": "Det du skickar till kommunen blir allmän handling.",
    "en": (
        "What you send to the municipality becomes an official document "
        "(allmän handling)."
    ),
}


def _texts(org, language):
    """What the form in ``language`` showed: English where given, else Swedish."""
    english = language == "en"
    record = (
        org.public_record_notice_en
        if english and org.public_record_notice_en
        else org.public_record_notice
    )
    privacy = (
        org.privacy_notice_en
        if english and org.privacy_notice_en
        else org.privacy_notice
    )
    if record == DEFAULT_RECORD_NOTICE.get(language):
        record = ""
    return {
        "public_record_notice": record or "",
        "privacy_notice": privacy or "",
        "dpo_contact": org.dpo_contact or "",
    }


def _settings_for(page, sites, by_site, fallback, Page):
    """The organisation settings of the site ``page`` belongs to: the site whose root
    page, or a translation of it, is an ancestor of the page."""
    for site in sites:
        root = site.root_page
        roots = Page.objects.filter(translation_key=root.translation_key).values_list(
            "path", flat=True
        )
        if any(page.path.startswith(path) for path in roots) and site.pk in by_site:
            return by_site[site.pk]
    return fallback


def copy_to_pages(apps, schema_editor):
    OrganisationSettings = apps.get_model("website", "OrganisationSettings")
    InterestFormPage = apps.get_model("inventory", "InterestFormPage")
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    Site = apps.get_model("wagtailcore", "Site")

    by_site = {org.site_id: org for org in OrganisationSettings.objects.all()}
    if not by_site:
        return
    sites = list(Site.objects.select_related("root_page").order_by("-is_default_site"))
    default = next((s for s in sites if s.is_default_site), None)
    fallback = by_site.get(default.pk) if default else None
    fallback = fallback or next(iter(by_site.values()))

    for page in InterestFormPage.objects.select_related("locale"):
        org = _settings_for(page, sites, by_site, fallback, Page)
        texts = _texts(org, page.locale.language_code)
        InterestFormPage.objects.filter(pk=page.pk).update(**texts)
        if page.latest_revision_id:
            revision = Revision.objects.filter(pk=page.latest_revision_id).first()
            if revision is not None and isinstance(revision.content, dict):
                revision.content.update(texts)
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("website", "0002_public_record_notice"),
        ("inventory", "0009_interest_page_notices"),
    ]

    operations = [
        migrations.RunPython(copy_to_pages, migrations.RunPython.noop),
    ]
