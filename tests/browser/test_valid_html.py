"""Every public page is valid HTML: the Nu HTML Checker finds no error.

The checker (vnu-jar, pinned in the Makefile) runs once, with the machine's Java, over
the HTML the served demo site answers for every page of both sitemaps, a search in each
language and a 404 in each (the ``public_pages`` fixture). ``make test-browser``
downloads it and passes its path in ``VNU_JAR``.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import REPO_ROOT, http_get

pytestmark = pytest.mark.browser

CHECK_TIMEOUT = 300  # seconds, for the whole batch


def _checker():
    jar = Path(os.environ.get("VNU_JAR", REPO_ROOT / "var/vnu-26.9.27/vnu.jar"))
    if not jar.exists():
        pytest.fail(
            f"The Nu HTML Checker is not at {jar}. Run `make vnu` (or `make "
            "test-browser`, which fetches it) or set VNU_JAR.",
            pytrace=False,
        )
    java = shutil.which("java")
    if java is None:
        pytest.fail(
            "Java is not installed; the HTML check needs it. "
            "Install it with: apt-get install -y default-jre-headless",
            pytrace=False,
        )
    return java, jar


def test_every_public_page_passes_the_nu_html_checker(
    served_site, public_pages, tmp_path
):
    java, jar = _checker()
    files = {}
    for number, public_page in enumerate(public_pages):
        status, body = http_get(served_site.origin, public_page.path, timeout=30)
        assert status == public_page.expected_status, (
            f"{public_page.path} answered HTTP {status}"
        )
        path = tmp_path / f"page-{number:03d}.html"
        path.write_text(body, encoding="utf-8")
        files[path.name] = public_page.path

    result = subprocess.run(
        [
            java,
            "-jar",
            str(jar),
            "--errors-only",
            "--format",
            "json",
            "--exit-zero-always",
            *(str(tmp_path / name) for name in files),
        ],
        capture_output=True,
        text=True,
        timeout=CHECK_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"The checker did not run:\n{result.stderr[-3000:]}"
    messages = json.loads(result.stderr)["messages"]
    errors = [
        f"{files.get(Path(urlsplit(m.get('url', '')).path).name, m.get('url'))}"
        f" line {m.get('lastLine', '?')}: {m['message']}"
        f"\n    {m.get('extract', '').strip()[:160]}"
        for m in messages
        if m.get("type") in ("error", "non-document-error")
    ]
    assert len(files) > 20, f"Only {len(files)} pages were checked"
    assert not errors, (
        f"The Nu HTML Checker found {len(errors)} errors on {len(files)} pages:\n"
        + "\n".join(errors)
    )
