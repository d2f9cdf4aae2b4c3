"""Buffered bulk writes with primary keys chosen by the generator.

The generator numbers rows itself (1, 2, 3… per table, on an empty database), so that the same
seed gives the same primary keys, children can point at parents without reading ids back, and
rows can be written with the fastest path of each database:

* SQLite: ``executemany`` of one prepared ``INSERT`` per table, inside one transaction;
* PostgreSQL: ``COPY … FROM STDIN`` through psycopg.

Columns the generator does not set get their model default, so a field added later with a
default needs no change here; a new required field without default fails loudly at start-up.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.color import no_style
from django.db import connection, models

# Every timestamp of the dataset is relative to this instant, never to the clock: the same seed
# gives the same rows whatever the day it runs.
ANCHOR = datetime.datetime(2026, 11, 1, 9, 0, tzinfo=datetime.UTC)

Converter = Callable[[Any], Any] | None


class Table:
    """The rows of one table waiting to be written, and the next primary key to hand out."""

    def __init__(self, model: type[models.Model], *columns: str) -> None:
        meta = model._meta
        self.model = model
        self.name = meta.db_table
        fields = {f.attname: f for f in meta.concrete_fields}
        unknown = [c for c in columns if c not in fields]
        if unknown:
            raise ImproperlyConfigured(f"{meta.label} has no field {', '.join(unknown)}.")
        pk = meta.pk
        if pk is None or not isinstance(pk, models.AutoField | models.BigAutoField):
            raise ImproperlyConfigured(f"{meta.label}: only tables with an integer id are written.")
        tail = [f for f in meta.concrete_fields if not f.primary_key and f.attname not in columns]
        self.fields = [pk, *(fields[c] for c in columns), *tail]
        self.tail_values = tuple(_default(model, f) for f in tail)
        self.rows: list[tuple[Any, ...]] = []
        self.next_id = 1
        self.written = 0

    def add(self, *values: Any) -> int:
        """Queue one row (the columns given to the constructor, in order); returns its id."""
        pk = self.next_id
        self.next_id = pk + 1
        self.rows.append((pk, *values))
        return pk

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def count(self) -> int:
        """Rows added so far, written or not."""
        return self.next_id - 1


def _default(model: type[models.Model], field: models.Field) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return ANCHOR
    if field.has_default():
        value = field.get_default()
        if isinstance(value, datetime.datetime):
            return ANCHOR  # a default of timezone.now would make the dataset depend on the clock
        return value
    if field.null:
        return None
    if field.blank and isinstance(field, models.CharField | models.TextField | models.FileField):
        return ""  # a file field stores its name: empty is "no file"
    raise ImproperlyConfigured(
        f"{model._meta.label}.{field.name} is required and has no default: "
        "maillage/datasets/generator.py must set it."
    )


class Writer:
    """Writes tables with the fastest bulk path of the current database."""

    def __init__(self) -> None:
        self.vendor = connection.vendor
        if self.vendor not in ("sqlite", "postgresql"):
            raise ImproperlyConfigured(
                f"generate_dataset writes to SQLite or PostgreSQL, not {self.vendor}."
            )

    def write(self, table: Table) -> None:
        if not table.rows:
            return
        converters = [self._converter(f) for f in table.fields]
        n_head = len(table.fields) - len(table.tail_values)
        tail = tuple(
            c(v) if c is not None and v is not None else v
            for c, v in zip(converters[n_head:], table.tail_values, strict=True)
        )
        convert = [(i, c) for i, c in enumerate(converters[:n_head]) if c is not None]
        rows: Iterable[tuple[Any, ...]]
        if convert:

            def converted(row: tuple[Any, ...]) -> tuple[Any, ...]:
                values = list(row)
                for i, c in convert:
                    if values[i] is not None:
                        values[i] = c(values[i])
                return tuple(values)

            rows = (converted(row) + tail for row in table.rows)
        else:
            rows = (row + tail for row in table.rows) if tail else table.rows
        columns = [f.column for f in table.fields]
        if self.vendor == "sqlite":
            self._sqlite(table.name, columns, rows)
        else:
            self._copy(table.name, columns, rows)
        table.written += len(table.rows)
        table.rows = []

    def _converter(self, field: models.Field) -> Converter:
        if isinstance(field, models.JSONField):
            return json.dumps
        if self.vendor != "sqlite":
            return None  # psycopg adapts dates, datetimes, decimals and booleans itself
        if isinstance(field, models.DateTimeField):
            # What Django stores on SQLite: naive UTC, space-separated.
            return lambda v: v.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
        if isinstance(field, models.DateField):
            return datetime.date.isoformat
        if isinstance(field, models.DecimalField):
            return lambda v: str(Decimal(v))
        return None

    @staticmethod
    def _sqlite(name: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
        quote = connection.ops.quote_name
        # Only quoted identifiers from the models' metadata go into the text.
        sql = (
            f"INSERT INTO {quote(name)} ({', '.join(map(quote, columns))}) "  # noqa: S608
            f"VALUES ({', '.join('?' * len(columns))})"
        )
        connection.ensure_connection()
        connection.connection.executemany(sql, rows)

    @staticmethod
    def _copy(name: str, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> None:
        quote = connection.ops.quote_name
        sql = f"COPY {quote(name)} ({', '.join(map(quote, columns))}) FROM STDIN"
        connection.ensure_connection()
        with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)

    def reset_sequences(self, tables: Iterable[Table]) -> None:
        """After explicit ids, the next row created by the application takes the next id."""
        if self.vendor != "postgresql":
            return  # SQLite's AUTOINCREMENT follows the largest id inserted
        statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables])
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
