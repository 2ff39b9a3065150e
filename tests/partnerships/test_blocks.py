"""The StreamField blocks, rendered as readers and editors see them."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.text import slugify

from partnerships.blocks import (
    CallToActionBlock,
    CaptionedImageBlock,
    ContentStreamBlock,
    DocumentLinkBlock,
    HeadingBlock,
    NumberBlock,
    TableBlock,
)
from website.models import ContentPage

STREAM = ContentStreamBlock()

# What a reader sees of each block's preview value (the editor's block picker).
PREVIEW_TEXT = {
    "heading": ["Vänort och partnerskap"],
    "paragraph": ["Kommunens föreningar och företagare skall bjudas in"],
    "image": ["Besök i Hiddenhausen", "Exempelbild"],
    "quote": ["Med hjärtat i historien och blicken mot framtiden.", "Kungälvs kommun"],
    "fact_box": ["Fakta", "Vänort sedan 1991", "Kreis Herford"],
    "call_to_action": ["Anmäl intresse", "Vill din förening delta?"],
    "document": ["Internationell policy (PDF)"],
    "table": ["Vänorter", "Ort", "Sedan år", "Hiddenhausen", "1991", "Perano", "2011"],
}


def html(markup):
    return BeautifulSoup(str(markup), "html.parser")


def render(block, raw, language="sv"):
    with translation.override(language):
        return block.render(block.to_python(raw))


def test_the_body_offers_exactly_these_blocks():
    # Renaming a block would silently drop every stored block of that name.
    assert set(STREAM.child_blocks) == set(PREVIEW_TEXT)


@pytest.mark.parametrize("name", sorted(PREVIEW_TEXT))
def test_each_block_preview_shows_what_a_reader_would_see(name):
    block = STREAM.child_blocks[name]
    assert block.is_previewable
    with translation.override("sv"):
        text = html(block.render(block.get_preview_value())).get_text(" ", strip=True)
    for expected in PREVIEW_TEXT[name]:
        assert expected in text, f"{name} preview lacks {expected!r}: {text!r}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PREVIEW_TEXT))
def test_the_admin_block_picker_preview_opens_with_the_site_styles(admin_client, name):
    block = ContentPage.body.field.stream_block.child_blocks[name]
    response = admin_client.get(
        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
    )
    assert response.status_code == 200
    styles = [link["href"] for link in html(response.content).find_all("link")]
    assert any(href.endswith("website/css/site.css") for href in styles)


# --- Heading -----------------------------------------------------------------------


def test_heading_anchor_defaults_to_the_slugified_text():
    out = html(
        render(HeadingBlock(), {"text": "Våra vänorter i Europa", "level": "h2"})
    )
    assert out.h2["id"] == "vara-vanorter-i-europa"
    assert out.h2.get_text() == "Våra vänorter i Europa"


def test_heading_uses_the_given_anchor_and_level():
    out = html(
        render(
            HeadingBlock(),
            {"text": "Hiddenhausen", "level": "h3", "anchor": "tyskland"},
        )
    )
    assert out.h2 is None
    assert out.h3["id"] == "tyskland"


def test_a_valid_anchor_passes_validation():
    block = HeadingBlock()
    value = block.clean(
        block.to_python({"text": "Perano", "level": "h2", "anchor": "perano-2011"})
    )
    assert value.anchor_id() == "perano-2011"


@pytest.mark.parametrize("anchor", ["Våra vänorter", "med space", "UPPER", "a/b"])
def test_an_invalid_anchor_is_a_validation_error_with_a_suggestion(anchor):
    block = HeadingBlock()
    value = block.to_python({"text": "Rubrik", "level": "h2", "anchor": anchor})
    with pytest.raises(ValidationError) as excinfo:
        block.clean(value)
    errors = excinfo.value.block_errors
    assert "anchor" in errors
    with translation.override("en"):
        message = " ".join(errors["anchor"].messages)
    assert slugify(anchor) in message


# --- Table and numbers -------------------------------------------------------------


TABLE = {
    "caption": "Utbyten per år",
    "columns": [
        {"type": "text", "heading": "Vänort"},
        {"type": "number", "heading": "Deltagare"},
        {"type": "date", "heading": "Datum"},
    ],
    "rows": [
        {"values": ["Hiddenhausen", "1234.5", "2026-11-02"]},
        {"values": ["Perano", "30", "2025-05-20"]},
    ],
}


def test_table_has_a_caption_and_column_headers_for_screen_readers():
    out = html(render(TableBlock(), TABLE))
    assert out.table.caption.get_text() == "Utbyten per år"
    headers = out.table.thead.find_all("th")
    assert [th.get_text() for th in headers] == ["Vänort", "Deltagare", "Datum"]
    assert all(th["scope"] == "col" for th in headers)
    rows = out.table.tbody.find_all("tr")
    assert len(rows) == 2
    assert rows[0].td.get_text(strip=True) == "Hiddenhausen"


def test_table_formats_numbers_and_dates_in_swedish():
    rows = html(render(TableBlock(), TABLE, "sv")).table.tbody.find_all("tr")
    cells = [td.get_text(strip=True) for td in rows[0].find_all("td")]
    assert cells == ["Hiddenhausen", "1\xa0234,50", "2026-11-02"]
    assert "num" in rows[0].find_all("td")[1]["class"]


def test_table_formats_numbers_in_english():
    rows = html(render(TableBlock(), TABLE, "en")).table.tbody.find_all("tr")
    assert rows[0].find_all("td")[1].get_text(strip=True) == "1,234.50"
    assert rows[1].find_all("td")[1].get_text(strip=True) == "30"


@pytest.mark.parametrize(
    ("number", "swedish", "english"),
    [
        (Decimal("3.5"), "3,50", "3.50"),
        (Decimal("0.25"), "0,25", "0.25"),
        (Decimal("30"), "30", "30"),
        (Decimal("2500000"), "2\xa0500\xa0000", "2,500,000"),
    ],
)
def test_number_block_uses_the_readers_decimal_sign(number, swedish, english):
    block = NumberBlock()
    with translation.override("sv"):
        assert block.render(number).strip() == swedish
    with translation.override("en"):
        assert block.render(number).strip() == english


# --- Image, document, call to action ----------------------------------------------


@pytest.mark.django_db
def test_captioned_image_shows_alt_text_caption_and_credit(test_image):
    out = html(
        render(
            CaptionedImageBlock(),
            {
                "image": {
                    "image": test_image.id,
                    "alt_text": "Borgmästarna skakar hand",
                    "decorative": False,
                },
                "caption": "Vänortsbesök i Hiddenhausen",
                "credit": "Foto: Kungälvs kommun",
            },
        )
    )
    img = out.figure.img
    assert img["alt"] == "Borgmästarna skakar hand"
    assert img["loading"] == "lazy"
    assert img["src"].startswith("/media/images/")
    assert int(img["width"]) <= 1000
    caption = out.figure.figcaption
    assert "Vänortsbesök i Hiddenhausen" in caption.get_text()
    assert caption.find(class_="figure__credit").get_text() == "Foto: Kungälvs kommun"


@pytest.mark.django_db
def test_a_decorative_image_has_empty_alt_text(test_image):
    out = html(
        render(
            CaptionedImageBlock(),
            {
                "image": {"image": test_image.id, "alt_text": "", "decorative": True},
                "caption": "",
                "credit": "",
            },
        )
    )
    assert out.img["alt"] == ""
    assert out.figcaption is None


@pytest.mark.django_db
def test_document_link_shows_its_file_type_and_size(test_document):
    out = html(render(DocumentLinkBlock(), {"document": test_document.id, "label": ""}))
    link = out.find("a")
    assert link["href"] == test_document.url
    assert link.get_text() == "Internationell policy"  # the title, without a label
    meta = out.find(class_="document-link__meta").get_text()
    assert "PDF" in meta
    assert "kB" in meta


@pytest.mark.django_db
def test_document_link_prefers_the_editors_label(test_document):
    out = html(
        render(DocumentLinkBlock(), {"document": test_document.id, "label": "Policyn"})
    )
    assert out.find("a").get_text() == "Policyn"


@pytest.mark.django_db
def test_call_to_action_links_to_the_chosen_page(demo_site):
    contact = demo_site["sv"].get_children().get(slug="kontakt")
    block = CallToActionBlock()
    out = html(render(block, {"page": contact.id, "label": "", "text": "Frågor?"}))
    assert out.find("a", class_="button")["href"] == "/kontakt/"
    assert out.find("a", class_="button").get_text() == "Kontakt"  # page title
    assert "Frågor?" in out.get_text()
    out = html(render(block, {"page": contact.id, "label": "Ring oss", "text": ""}))
    assert out.find("a", class_="button").get_text() == "Ring oss"


def test_quote_keeps_line_breaks_and_omits_a_missing_attribution():
    block = STREAM.child_blocks["quote"]
    out = html(render(block, {"quote": "Rad ett\nRad två", "attribution": ""}))
    assert out.blockquote.find("br") is not None
    assert out.figcaption is None


def test_fact_box_is_a_labelled_complementary_region():
    block = STREAM.child_blocks["fact_box"]
    out = html(render(block, {"title": "Fakta", "body": "<ul><li>1991</li></ul>"}))
    assert out.aside["aria-label"] == "Fakta"
    assert out.aside.li.get_text() == "1991"


def test_dates_in_a_table_use_the_short_swedish_format():
    table = {
        "caption": "Möten",
        "columns": [{"type": "date", "heading": "Datum"}],
        "rows": [{"values": [datetime.date(2026, 3, 9).isoformat()]}],
    }
    out = html(render(TableBlock(), table, "sv"))
    assert out.td.get_text(strip=True) == "2026-03-09"
