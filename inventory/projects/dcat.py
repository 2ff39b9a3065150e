"""The inventory's open data described for data portals: DCAT-AP-SE as JSON-LD.

DCAT-AP-SE (https://docs.dataportal.se/dcat/) is the Swedish profile of DCAT-AP,
which Sveriges dataportal harvests and passes on to data.europa.eu. The catalogue
has the profile's mandatory properties (a catalogue's title, description,
publisher, CC0 licence and datasets; a dataset's title, description and publisher;
a publisher's name and type; a contact point's name and e-mail; a distribution's
access URL) and its recommended ones where the inventory knows them. Formats are
given both ways the profile accepts: the EU file type in ``dcterms:format`` and the
IANA media type in ``dcat:mediaType``.

Every address is absolute, made from the Wagtail site's configured root URL, not
the request's host.
"""

from django.apps import apps
from django.conf import settings
from django.db.models import Max, Min
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from inventory.conf import setting
from inventory.projects import opendata
from inventory.reports.models import ReportSnapshot
from inventory.reports.pages import FILES as REPORT_FILES
from inventory.reports.pages import organisation_name

JSON_LD_CONTENT_TYPE = "application/ld+json"

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

# The EU's controlled vocabularies (Publications Office authority tables).
EU = "http://publications.europa.eu/resource/authority/"
THEMES = [EU + "data-theme/INTR", EU + "data-theme/GOVE"]
PUBLIC = EU + "access-right/PUBLIC"
# The inventory changes whenever a project is published; the reports are three a
# year (tertial 1, tertial 2 and the year-end report).
IRREGULAR = EU + "frequency/IRREG"
THREE_TIMES_A_YEAR = EU + "frequency/ANNUAL_3"
# ISO 639-1 as the site's languages are named, to the EU's language table.
LANGUAGES = {
    "sv": "SWE",
    "en": "ENG",
    "fi": "FIN",
    "de": "DEU",
    "da": "DAN",
    "nb": "NOB",
    "no": "NOR",
    "fr": "FRA",
    "es": "SPA",
}
# The EU file type of each media type the inventory writes.
FILE_TYPES = {
    "text/csv": "CSV",
    "application/json": "JSON",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ("DOCX"),
}
IANA = "https://www.iana.org/assignments/media-types/"
LOCAL_AUTHORITY = "http://purl.org/adms/publishertype/LocalAuthority"

CATALOG_TITLE = _("Open data on international work")
CATALOG_DESCRIPTION = _(
    "Datasets on the municipality's international work: the inventory of "
    "international projects and the published follow-up reports."
)
REPORTS_TITLE = _("Follow-up reports on international projects")
REPORTS_DESCRIPTION = _(
    "The tertial and year-end follow-up of the international projects, frozen as "
    "each report was published: figures by priority area, sustainability "
    "dimension and responsible unit, and each unit's commentary."
)
API_TITLE = _("Project API (JSON, a page at a time)")
API_DESCRIPTION = _(
    "The projects as JSON, a page at a time, with the same filters as the list."
)


def _id(uri):
    return {"@id": uri}


def _texts(text):
    """A translatable text in each of the site's languages."""
    values = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values.append({"@value": str(text), "@language": code})
    return values


def _keywords():
    values = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            values.extend(
                {"@value": str(keyword), "@language": code}
                for keyword in opendata.KEYWORDS
            )
    return values


def _moment(value):
    return {"@value": value.isoformat(), "@type": "xsd:dateTime"}


def _language(code):
    eu_code = LANGUAGES.get(code.split("-")[0])
    return [_id(f"{EU}language/{eu_code}")] if eu_code else []


def _format(media_type):
    """``dcterms:format`` and ``dcat:mediaType`` of a file."""
    media_type = media_type.split(";")[0].strip()
    described = {"dcat:mediaType": _id(IANA + media_type)}
    if media_type in FILE_TYPES:
        described["dcterms:format"] = _id(f"{EU}file-type/{FILE_TYPES[media_type]}")
    return described


def host_setting(request, label):
    """The value of the host's setting field ``label`` ("app_label.Model.field",
    a site setting or a generic one), or "" if there is no such model."""
    model_label, _dot, field_name = label.rpartition(".")
    try:
        model = apps.get_model(model_label) if model_label else None
    except (LookupError, ValueError):
        return ""
    if model is None:
        return ""
    loader = getattr(model, "for_request", None) or model.load
    return getattr(loader(request), field_name, "") or ""


def _publisher(request, root_url):
    return {
        "@id": f"{root_url}/#organisation",
        "@type": "foaf:Organization",
        "foaf:name": organisation_name(request),
        "dcterms:type": _id(LOCAL_AUTHORITY),
        "foaf:homepage": _id(f"{root_url}/"),
    }


def _contact_point(request, name, page_url):
    """The contact point: the organisation, its open data e-mail and the page."""
    email = setting("OPEN_DATA_CONTACT_EMAIL") or host_setting(
        request, setting("ORGANISATION_EMAIL_SETTING")
    )
    contact = {
        "@type": "vcard:Organization",
        "vcard:fn": name,
        "vcard:hasURL": _id(page_url),
    }
    if email:
        contact["vcard:hasEmail"] = _id(f"mailto:{email}")
    return contact


def _project_dataset(request, page, urls, common):
    """The project inventory, one distribution per export format and the API."""
    dates = page.projects().aggregate(
        issued=Min("first_published_at"), modified=Max("last_published_at")
    )
    distributions = []
    for fmt, export in opendata.FORMATS.items():
        address = urls["export"](fmt)
        distribution = {
            "@id": f"{urls['dcat']}#distribution-{fmt}",
            "@type": "dcat:Distribution",
            "dcterms:title": _texts(export.label),
            "dcat:accessURL": _id(address),
            "dcat:downloadURL": _id(address),
            "dcterms:license": _id(opendata.LICENCE_URI),
            **_format(export.media_type),
        }
        if export.media_type == "text/csv":
            # Its columns, as a Table Schema in the Data Package.
            distribution["dcterms:conformsTo"] = _id(urls["datapackage"])
        distributions.append(distribution)
    distributions.append(
        {
            "@id": f"{urls['dcat']}#distribution-api",
            "@type": "dcat:Distribution",
            "dcterms:title": _texts(API_TITLE),
            "dcterms:description": _texts(API_DESCRIPTION),
            "dcat:accessURL": _id(urls["api"]),
            "dcterms:license": _id(opendata.LICENCE_URI),
            **_format("application/json"),
            "dcat:accessService": {
                "@id": f"{urls['dcat']}#api",
                "@type": "dcat:DataService",
                "dcterms:title": _texts(API_TITLE),
                "dcat:endpointURL": _id(urls["api"]),
                "dcat:endpointDescription": _id(urls["data_dictionary"]),
                "dcterms:license": _id(opendata.LICENCE_URI),
                "dcterms:accessRights": _id(PUBLIC),
                "dcat:servesDataset": _id(f"{urls['dcat']}#projects"),
            },
        }
    )
    dataset = {
        "@id": f"{urls['dcat']}#projects",
        "@type": "dcat:Dataset",
        "dcterms:title": _texts(opendata.DATASET_TITLE),
        "dcterms:description": _texts(opendata.DATASET_DESCRIPTION),
        "dcat:keyword": _keywords(),
        "dcat:landingPage": _id(urls["page"]),
        "foaf:page": _id(urls["data_dictionary"]),
        "dcterms:accrualPeriodicity": _id(IRREGULAR),
        **common,
        "dcat:distribution": distributions,
    }
    if dates["issued"]:
        dataset["dcterms:issued"] = _moment(dates["issued"])
    if dates["modified"]:
        dataset["dcterms:modified"] = _moment(dates["modified"])
    return dataset


def _report_dataset(page, urls, common):
    """The published reports, if any: one distribution per file format, which
    lists every report's file (DCAT-AP-SE repeats dcat:downloadURL for a dataset
    kept in several files of one kind)."""
    snapshots = list(
        ReportSnapshot.objects.filter(locale_id=page.locale_id)
        .order_by("period_end")
        .only("period_key", "published_at")
    )
    if not snapshots:
        return None
    distributions = [
        {
            "@id": f"{urls['dcat']}#reports-{fmt}",
            "@type": "dcat:Distribution",
            "dcterms:title": _texts(label),
            "dcat:accessURL": _id(urls["reports"]),
            "dcat:downloadURL": [
                _id(urls["report_file"](snapshot.period_slug, fmt))
                for snapshot in snapshots
            ],
            "dcterms:license": _id(opendata.LICENCE_URI),
            **_format(content_type),
        }
        for fmt, (content_type, label) in REPORT_FILES.items()
    ]
    return {
        "@id": f"{urls['dcat']}#reports",
        "@type": "dcat:Dataset",
        "dcterms:title": _texts(REPORTS_TITLE),
        "dcterms:description": _texts(REPORTS_DESCRIPTION),
        "dcat:keyword": _keywords(),
        "dcat:landingPage": _id(urls["reports"]),
        "dcterms:accrualPeriodicity": _id(THREE_TIMES_A_YEAR),
        "dcterms:issued": _moment(min(s.published_at for s in snapshots)),
        "dcterms:modified": _moment(max(s.published_at for s in snapshots)),
        **common,
        "dcat:distribution": distributions,
    }


def catalog(request, page):
    """The DCAT-AP-SE catalogue of ``page``'s open data as a JSON-LD document."""
    _site_id, root_url, page_path = page.get_url_parts(request)
    page_url = root_url + page_path

    def route(name, **kwargs):
        return page_url + page.reverse_subpage(name, kwargs=kwargs)

    urls = {
        "page": page_url,
        "dcat": route("dcat"),
        "datapackage": route("datapackage"),
        "api": route("api"),
        "data_dictionary": route("data_dictionary"),
        "reports": route("reports"),
        "export": lambda fmt: route("export", fmt=fmt),
        "report_file": lambda key, fmt: route("report_file", key=key, fmt=fmt),
    }
    publisher = _publisher(request, root_url)
    common = {
        "dcterms:publisher": publisher,
        "dcat:contactPoint": _contact_point(
            request, publisher["foaf:name"], urls["data_dictionary"]
        ),
        "dcat:theme": [_id(theme) for theme in THEMES],
        "dcterms:language": _language(page.locale.language_code),
        "dcterms:accessRights": _id(PUBLIC),
        "dcterms:spatial": [_id(uri) for uri in setting("OPEN_DATA_SPATIAL")],
    }
    datasets = [_project_dataset(request, page, urls, common)]
    reports = _report_dataset(page, urls, common)
    if reports is not None:
        datasets.append(reports)
    return {
        "@context": CONTEXT,
        "@id": urls["dcat"],
        "@type": "dcat:Catalog",
        "dcterms:title": _texts(CATALOG_TITLE),
        "dcterms:description": _texts(CATALOG_DESCRIPTION),
        "dcterms:publisher": publisher,
        "dcterms:license": _id(opendata.LICENCE_URI),
        "dcterms:language": [
            language
            for code, _name in settings.LANGUAGES
            for language in _language(code)
        ],
        "foaf:homepage": _id(page_url),
        "dcat:themeTaxonomy": _id(EU + "data-theme"),
        "dcat:dataset": datasets,
    }
