"""The Swedish catalogue is complete and its compiled form is committed and current."""

from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "sv" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")


def test_every_swedish_message_is_translated():
    catalogue = polib.pofile(str(PO))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue.translated_entries()) > 100


def test_compiled_catalogue_matches_the_source():
    source = {
        (e.msgctxt, e.msgid): e for e in polib.pofile(str(PO)).translated_entries()
    }
    compiled = {(e.msgctxt, e.msgid): e for e in polib.mofile(str(MO))}
    assert set(source) <= set(compiled)
    for key, entry in source.items():
        assert compiled[key].msgstr == entry.msgstr, key


def test_swedish_is_the_default_and_ui_strings_are_swedish():
    assert settings.LANGUAGE_CODE == "sv"
    with translation.override("sv"):
        assert (
            translation.gettext("Skip to main content") == "Gå direkt till innehållet"
        )
