from __future__ import annotations

import uuid

import pytest
from django.db import connection

from maillage.core.backup import raw_connection


@pytest.fixture
def restore_target(tmp_path):
    """The settings of an empty database to restore into: a new SQLite file, or a new database
    on the same PostgreSQL server (dropped afterwards)."""
    source = connection.settings_dict
    if connection.vendor == "sqlite":
        yield {**source, "NAME": str(tmp_path / "restored.sqlite3")}
        return
    name = f"{source['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    admin = raw_connection({**source, "NAME": "postgres"})
    admin.autocommit = True
    try:
        admin.execute(f'CREATE DATABASE "{name}"')
        yield {**source, "NAME": name}
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
