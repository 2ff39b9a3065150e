"""The report as a Word document (DOCX) for the municipal executive board's agenda.

Written from the report's plain data (a published snapshot or the live figures),
with its labels in the active language: the figures' tables, then per unit the
unit's commentary and its projects with the result of the period.
"""

import io

from django.apps import apps
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from wagtail.models import Site

from inventory.reports.figures import report_sectors, report_tables
from inventory.reports.periods import KIND_LABELS, PeriodError, ReportingPeriod
from partnerships import conf
from partnerships.text import strip_unsafe

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

DEFAULTS = {
    # The setting field that holds the municipality's name, as
    # "app_label.ModelName.field"; empty, or a model that is not installed: the
    # name of the Wagtail site.
    "ORGANISATION_NAME_SETTING": "website.OrganisationSettings.name",
}


def organisation_name(request):
    """The municipality's name for the document's heading: from the host's
    organisation settings (``VANORT_ORGANISATION_NAME_SETTING``), else the site's
    name."""
    label = conf.setting("ORGANISATION_NAME_SETTING", DEFAULTS)
    model_label, _dot, field_name = label.rpartition(".")
    try:
        model = apps.get_model(model_label) if model_label else None
    except (LookupError, ValueError):
        model = None
    if model is not None:
        loader = getattr(model, "for_request", None) or model.load
        name = getattr(loader(request), field_name, "")
        if name:
            return str(name)
    site = Site.find_for_request(request)
    return site.site_name if site else ""


def report_heading(data):
    """ "Follow-up of international projects, tertial 2 2026" in the active
    language."""
    try:
        period = ReportingPeriod.parse(data["period"]["key"])
    except PeriodError:
        return gettext("Follow-up of international projects, %(period)s") % {
            "period": data["period"]["label"]
        }
    kind = str(KIND_LABELS[period.kind])
    return gettext("Follow-up of international projects, %(period)s") % {
        "period": f"{kind[:1].lower()}{kind[1:]} {period.year}"
    }


def _text(value):
    return strip_unsafe(str(value))


def _paragraphs(document, text, style=None):
    """Plain text as paragraphs: a blank line parts them, a line break stays one."""
    for block in text.split("\n\n"):
        if block.strip():
            document.add_paragraph(_text(block.strip()), style=style)


def _cell(value, amount):
    if amount:
        return floatformat(value, "-2g")
    return "" if value is None else str(value)


def _repeat_header(row):
    # The header row repeats on every page the table runs over, and tells screen
    # readers it is a header.
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _table(document, table):
    document.add_heading(_text(table.caption), level=2)
    rows = table.rows or [[gettext("Nothing to report.")]]
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    for position, (cell, column) in enumerate(
        zip(grid.rows[0].cells, table.columns, strict=True)
    ):
        cell.text = _text(column)
        cell.paragraphs[0].runs[0].bold = True
        if position:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _repeat_header(grid.rows[0])
    for row in rows:
        cells = grid.add_row().cells
        if not table.rows:
            merged = cells[0].merge(cells[-1])
            merged.text = _text(row[0])
            continue
        for position, (cell, value) in enumerate(zip(cells, row, strict=False)):
            cell.text = _text(_cell(value, position in table.amounts))
            if position:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _period(project):
    """Start–end as on the project pages; an open end stays open."""
    start = date_format(project.start_date, "SHORT_DATE_FORMAT")
    end = date_format(project.end_date, "SHORT_DATE_FORMAT") if project.end_date else ""
    return f"{start}–{end}"


def _set_language(document, code):
    """The language Word checks spelling in and screen readers read in."""
    properties = document.styles["Normal"].element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), code)
    properties.append(lang)
    document.core_properties.language = code


def report_docx(data, organisation, published_at=None):
    """The report as DOCX bytes, labelled in the active language."""
    document = Document()
    heading = report_heading(data)
    document.core_properties.title = _text(heading)
    document.core_properties.author = _text(organisation)
    _set_language(document, get_language() or data.get("locale", "sv"))

    if organisation:
        document.add_paragraph(_text(organisation), style="Subtitle")
    document.add_heading(_text(heading), level=0)
    document.add_paragraph(_text(data["period"]["label"]))
    if published_at:
        status = gettext(
            "Published %(date)s. The figures are as they were then and do not "
            "change when projects are edited later."
        ) % {"date": date_format(timezone.localtime(published_at), "DATE_FORMAT")}
    else:
        status = gettext(
            "Not yet published. The figures below are computed from the projects "
            "as they are now."
        )
    document.add_paragraph(_text(status))

    document.add_heading(gettext("Figures for the period"), level=1)
    for table in report_tables(data):
        _table(document, table)

    sectors = report_sectors(data)
    if sectors:
        document.add_heading(gettext("Projects and results per unit"), level=1)
    for sector in sectors:
        document.add_heading(_text(sector.unit), level=2)
        _paragraphs(document, sector.narrative)
        if not sector.projects:
            document.add_paragraph(gettext("No projects in the period."))
        for project in sector.projects:
            document.add_heading(_text(project.title), level=3)
            facts = [
                (_("Status"), capfirst(project.status_label)),
                (_("Period"), _period(project)),
                (_("Funding"), project.funding),
            ]
            paragraph = document.add_paragraph()
            for position, (label, value) in enumerate(facts):
                if position:
                    paragraph.add_run().add_break()
                paragraph.add_run(_text(f"{label}: ")).bold = True
                paragraph.add_run(_text(value))
            if project.result:
                _paragraphs(document, project.result)
            else:
                document.add_paragraph().add_run(
                    gettext("No result reported")
                ).italic = True

    body = io.BytesIO()
    document.save(body)
    return body.getvalue()
