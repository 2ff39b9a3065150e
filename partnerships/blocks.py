"""StreamField blocks shared by the partnership pages and the host site."""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

# Editors get the few features a readable municipal page needs: no headings inside
# rich text (use HeadingBlock, which carries an anchor), no colours, no embeds.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingValue(blocks.StructValue):
    """A heading's value, with the id its anchor link points at."""

    def anchor_id(self):
        return self.get("anchor") or slugify(self.get("text", ""))


class HeadingBlock(blocks.StructBlock):
    """A section heading (h2 or h3) with a stable anchor for links and tables of
    contents."""

    text = blocks.CharBlock(label=_("Heading"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Heading 2")), ("h3", _("Heading 3"))],
        default="h2",
    )
    anchor = blocks.CharBlock(
        label=_("Anchor"),
        required=False,
        max_length=80,
        help_text=_(
            "Optional. Letters, digits and hyphens; made from the heading if empty."
        ),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "partnerships/blocks/heading_block.html"
        value_class = HeadingValue
        preview_value = {"text": "Vänort och partnerskap", "level": "h2", "anchor": ""}
        description = _("A section heading with an anchor others can link to.")

    def clean(self, value):
        value = super().clean(value)
        anchor = value.get("anchor")
        if anchor and slugify(anchor) != anchor:
            raise StructBlockValidationError(
                block_errors={
                    "anchor": ValidationError(
                        _(
                            "Use only lower-case letters, digits and hyphens, "
                            "e.g. %(ex)s."
                        )
                        % {"ex": slugify(anchor) or "vanort"}
                    )
                }
            )
        return value


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text with a restricted feature set."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Text")
        template = "partnerships/blocks/paragraph_block.html"
        preview_value = (
            "<p>Kommunens föreningar och företagare skall bjudas in till "
            "utvecklingsarbetet.</p>"
        )
        description = _("Running text with bold, italic, lists and links.")


class CaptionedImageBlock(blocks.StructBlock):
    """An image (alt text enforced by Wagtail's ImageBlock) with caption and credit."""

    image = ImageBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    credit = blocks.CharBlock(
        label=_("Photo credit"),
        required=False,
        max_length=120,
        help_text=_("Photographer or source, e.g. 'Foto: Kungälvs kommun'."),
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "partnerships/blocks/captioned_image_block.html"
        preview_value = {"caption": "Besök i Hiddenhausen", "credit": "Exempelbild"}
        description = _("An image with alternative text, caption and credit.")


class QuoteBlock(blocks.StructBlock):
    """A quotation with its source."""

    quote = blocks.TextBlock(label=_("Quote"), max_length=600)
    attribution = blocks.CharBlock(label=_("Said by"), required=False, max_length=200)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "partnerships/blocks/quote_block.html"
        preview_value = {
            "quote": "Med hjärtat i historien och blicken mot framtiden.",
            "attribution": "Kungälvs kommun",
        }
        description = _("A quotation with the name of who said it.")


class FactBoxBlock(blocks.StructBlock):
    """A boxed summary of facts beside the running text."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    body = blocks.RichTextBlock(label=_("Facts"), features=["bold", "link", "ul"])

    class Meta:
        icon = "info-circle"
        label = _("Fact box")
        template = "partnerships/blocks/fact_box_block.html"
        preview_value = {
            "title": "Fakta",
            "body": "<ul><li>Vänort sedan 1991</li><li>Kreis Herford</li></ul>",
        }
        description = _("A short, boxed list of facts.")


class CallToActionBlock(blocks.StructBlock):
    """A prominent link to a page on the site."""

    page = blocks.PageChooserBlock(label=_("Page"))
    label = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=120,
        help_text=_("Say where the link leads. The page title is used if empty."),
    )
    text = blocks.TextBlock(label=_("Text"), required=False, max_length=300)

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "partnerships/blocks/call_to_action_block.html"
        preview_value = {"label": "Anmäl intresse", "text": "Vill din förening delta?"}
        description = _("A prominent link to another page.")


class DocumentLinkBlock(blocks.StructBlock):
    """A link to a document, showing its type and size."""

    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(label=_("Link text"), required=False, max_length=200)

    class Meta:
        icon = "doc-full"
        label = _("Document")
        template = "partnerships/blocks/document_link_block.html"
        preview_value = {"label": "Internationell policy (PDF)"}
        description = _("A link to a document from the document library.")


class NumberBlock(blocks.DecimalBlock):
    """A number shown in the reader's locale (decimal comma in Swedish)."""

    class Meta:
        icon = "decimal"
        template = "partnerships/blocks/number_block.html"


class TableBlock(TypedTableBlock):
    """A table with typed columns and a caption for screen readers."""

    text = blocks.CharBlock(label=_("Text"))
    number = NumberBlock(label=_("Number"))
    date = blocks.DateBlock(
        label=_("Date"), template="partnerships/blocks/date_block.html"
    )
    rich_text = blocks.RichTextBlock(label=_("Rich text"), features=["link"])

    class Meta:
        icon = "table"
        label = _("Table")
        template = "partnerships/blocks/table_block.html"
        preview_value = {
            "caption": "Vänorter",
            "columns": [
                {"type": "text", "heading": "Ort"},
                {"type": "text", "heading": "Sedan år"},
            ],
            "rows": [
                {"values": ["Hiddenhausen", "1991"]},
                {"values": ["Perano", "2011"]},
            ],
        }
        description = _("A table whose columns hold text, numbers, dates or links.")


class ContentStreamBlock(blocks.StreamBlock):
    """The body blocks for general content pages."""

    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    fact_box = FactBoxBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()
    table = TableBlock()
