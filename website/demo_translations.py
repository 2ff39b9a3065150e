"""The demo's English pages and projects as wagtail-localize translations.

The demo writes both languages itself: its English is the municipality's own, not a
word-for-word rendering of the Swedish. Each English object is then registered as the
translation of its Swedish original, with its own text as the translated strings, so
the admin offers "Sync translated pages" (or snippets) on the Swedish and the
translation editor on the English, and a sync rebuilds the English from the English
strings. wagtail-localize has no call for "this existing object is that one's
translation"; pairing the two objects' segments in order and importing the pairs as a
PO file (``Translation.import_po``, as an upload in its editor does) is the nearest.
"""

import json
import re

import polib
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from modelcluster.models import get_serializable_data_for_fields
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin
from wagtail_localize.fields import get_translatable_fields
from wagtail_localize.models import (
    SegmentOverride,
    Translation,
    TranslationContext,
    TranslationSource,
)
from wagtail_localize.segments import (
    OverridableSegmentValue,
    RelatedObjectSegmentValue,
    StringSegmentValue,
    TemplateSegmentValue,
)
from wagtail_localize.segments.extract import extract_segments

# A StreamField block's id: each language's copy of a block has its own.
_BLOCK_ID = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")


# What Wagtail keeps about a snippet's publishing, not its content: a sync copies
# the original's first publication date, say.
_BOOKKEEPING = frozenset(
    field.name
    for mixin in (DraftStateMixin, LockableMixin, RevisionMixin, WorkflowMixin)
    for field in mixin._meta.get_fields()
)


class _Mismatch(Exception):
    """A sync would not give the translation back as it is."""


def _shape(segment):
    """What must match for two segments to be the same place in both languages."""
    shape = (type(segment), _BLOCK_ID.sub("*", segment.path))
    if isinstance(segment, TemplateSegmentValue):
        return (*shape, segment.template)
    if isinstance(segment, RelatedObjectSegmentValue):
        return (*shape, segment.translation_key)
    return shape


def _content(instance):
    """What a sync writes, as text without primary keys.

    StreamFields are left out: a sync rebuilds them from the original's blocks with
    the translated strings, which ``_shape`` has matched segment for segment; what it
    copies from the original besides are block settings the translation editor does
    not offer either (a heading's level, a policy section's anchor).
    """
    content = {}
    for translatable in get_translatable_fields(type(instance)):
        field = translatable.get_field(type(instance))
        if isinstance(field, StreamField) or field.name in _BOOKKEEPING:
            continue
        if isinstance(field, models.ManyToOneRel):
            content[field.name] = [
                {
                    name: value
                    for name, value in get_serializable_data_for_fields(child).items()
                    if name not in ("pk", "id", field.field.name)
                }
                for child in getattr(instance, field.name).all()
            ]
        else:
            content[field.name] = field.value_to_string(instance)
    return json.dumps(content, cls=DjangoJSONEncoder, sort_keys=True)


def register_translation(original, translated):
    """Record ``translated`` as the wagtail-localize translation of ``original``,
    with its own strings and its own links where they differ.

    Returns False, recording nothing, when it already was one or when a sync would
    change it: when the two do not line up segment for segment, or differ in what
    wagtail-localize copies rather than translates (a partner's visits, tags).
    """
    locale = translated.locale
    if Translation.objects.filter(
        source__object_id=original.translation_key, target_locale=locale
    ).exists():
        return False
    theirs, ours = extract_segments(original), extract_segments(translated)
    if list(map(_shape, theirs)) != list(map(_shape, ours)):
        return False
    try:
        with transaction.atomic():
            source, _ = TranslationSource.update_or_create_from_instance(original)
            Translation.objects.create(source=source, target_locale=locale).import_po(
                _strings(source, locale, zip(theirs, ours, strict=True))
            )
            synced = source.get_ephemeral_translated_instance(locale)
            if _content(synced) != _content(translated):
                raise _Mismatch
    except _Mismatch:
        return False
    return True


def _strings(source, locale, pairs):
    """The translated strings of (original, translated) segment pairs as a PO file;
    the translation's own links and settings (its interest form) as overrides."""
    po = polib.POFile()
    for their, our in pairs:
        if isinstance(their, StringSegmentValue):
            po.append(
                polib.POEntry(
                    msgctxt=their.path, msgid=their.string.data, msgstr=our.string.data
                )
            )
        elif isinstance(their, OverridableSegmentValue) and their.data != our.data:
            SegmentOverride.objects.create(
                locale=locale,
                context=TranslationContext.objects.get(
                    object_id=source.object_id, path=their.path
                ),
                data_json=json.dumps(our.data, cls=DjangoJSONEncoder),
            )
    return po
