import pytest

pytestmark = pytest.mark.django_db


def test_swedish_home_at_root_and_english_at_en(client, demo_site):
    sv = client.get("/")
    en = client.get("/en/")
    assert sv.status_code == 200
    assert en.status_code == 200
    assert '<html lang="sv">' in sv.text
    assert '<html lang="en">' in en.text
    assert "Internationellt samarbete" in sv.text
    assert "International cooperation" in en.text
