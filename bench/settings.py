"""Settings of the benchmark's processes: the application's, plus the trivial page's URL."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
