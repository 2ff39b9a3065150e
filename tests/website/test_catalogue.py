"""The Swedish catalogues (the host's and each app's) are complete, and their compiled
forms are committed and current."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

BASE = Path(settings.BASE_DIR)
CATALOGUES = {
    where: BASE / where / "locale" / "sv" / "LC_MESSAGES" / "django.po"
    for where in (".", "partnerships", "inventory")
}


@pytest.mark.parametrize("where", CATALOGUES)
def test_every_swedish_message_is_translated(where):
    catalogue = polib.pofile(str(CATALOGUES[where]))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue.translated_entries()) > 50


@pytest.mark.parametrize("where", CATALOGUES)
def test_compiled_catalogue_matches_the_source(where):
    po = CATALOGUES[where]
    source = {
        (e.msgctxt, e.msgid): e for e in polib.pofile(str(po)).translated_entries()
    }
    compiled = {
        (e.msgctxt, e.msgid): e for e in polib.mofile(str(po.with_suffix(".mo")))
    }
    assert set(source) <= set(compiled)
    for key, entry in source.items():
        assert compiled[key].msgstr == entry.msgstr, key


def test_swedish_is_the_default_and_ui_strings_are_swedish():
    assert settings.LANGUAGE_CODE == "sv"
    with translation.override("sv"):
        assert (
            translation.gettext("Skip to main content") == "Gå direkt till innehållet"
        )
