"""Benchmark-only settings for ``speed.py``: production's, with the floors' views
and templates added (see ``floor_urls.py``). Never used by the site itself."""

from pathlib import Path

from website.settings.production import *  # noqa: F403
from website.settings.production import TEMPLATES

ROOT_URLCONF = "benchmarks.floor_urls"
TEMPLATES = [
    {
        **TEMPLATES[0],
        "DIRS": [
            *TEMPLATES[0]["DIRS"],
            Path(__file__).resolve().parent / "floor_templates",
        ],
    },
    *TEMPLATES[1:],
]
