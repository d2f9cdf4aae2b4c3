"""Backup and restore of a whole instance: one ``.tar.gz`` archive.

The archive holds ``database/`` (a consistent snapshot: SQLite's online backup API, or
``pg_dump --format=custom`` on PostgreSQL), ``media/`` (every uploaded file) and, last,
``manifest.json``: format and versions, database engine, the migrations applied per app and the
SHA-256 of every other member. :func:`restore` reads and checks the whole archive before it
writes anything, and writes into an empty database only.

The per-authority export (``authority_export.py``) reuses the archive helpers of this module.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 - runs pg_dump / pg_restore with a fixed argument list
import tarfile
import tempfile
import tomllib
import uuid
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

import django
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

FORMAT = "maillage-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database/db.sqlite3"
POSTGRES_MEMBER = "database/maillage.dump"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024
# A manifest lists one checksum per member: a few megabytes at most, even with many uploads.
MAX_MANIFEST_BYTES = 64 * 1024 * 1024

Progress = Callable[[str], None]


class BackupError(Exception):
    """A backup or restore refused with a message for the person who runs it."""


def _quiet(message: str) -> None:
    """The default progress callback: says nothing."""


# --- Versions and migrations ---------------------------------------------------------------


def maillage_version() -> str:
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as file:
            return str(tomllib.load(file)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


def applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connections[alias]).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def unknown_migrations(archived: dict[str, list[str]]) -> list[str]:
    """Migrations the archive's data went through that this code does not have."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in sorted(archived.items())
        for name in names
        if (app, name) not in known
    ]


def pending_migrations(archived: dict[str, list[str]]) -> list[str]:
    """Migrations of this code that the archive's data has not been through yet."""
    done = {(app, name) for app, names in archived.items() for name in names}
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return sorted(f"{app}.{name}" for app, name in known if (app, name) not in done)


def vendor_of(database: dict[str, Any]) -> str:
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        return "sqlite"
    if engine.endswith("postgresql"):
        return "postgresql"
    raise BackupError(
        _("Moteur de base de données non pris en charge : %(engine)s.") % {"engine": engine}
    )


# --- Archive writing and reading -----------------------------------------------------------


class _HashingReader:
    """Reads a file for tarfile while computing its SHA-256, so the checksum is of the bytes
    actually archived."""

    def __init__(self, file: IO[bytes]) -> None:
        self.file = file
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.file.read(size)
        self.digest.update(data)
        return data


def write_archive(
    path: Path, manifest: dict[str, Any], members: Iterable[tuple[str, Path]], progress: Progress
) -> dict[str, str]:
    """Write the members then the manifest (with their checksums) into ``path``, through a
    temporary file renamed at the end: an interrupted backup leaves no half archive."""
    path = Path(path)
    checksums: dict[str, str] = {}
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with tarfile.open(tmp, "w:gz", format=tarfile.PAX_FORMAT) as tar:
            for arcname, source in members:
                info = tarfile.TarInfo(arcname)
                info.size = source.stat().st_size
                info.mtime = int(source.stat().st_mtime)
                info.mode = 0o644
                with open(source, "rb") as file:
                    reader = _HashingReader(file)
                    tar.addfile(info, reader)  # type: ignore[arg-type]
                checksums[arcname] = reader.digest.hexdigest()
                progress(arcname)
            manifest = {**manifest, "members": checksums}
            data = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            info.mode = 0o644
            tar.addfile(info, _BytesReader(data))  # type: ignore[arg-type]
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return checksums


class _BytesReader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.offset = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.offset + size
        chunk = self.data[self.offset : end]
        self.offset += len(chunk)
        return chunk


def safe_member_name(name: str) -> str:
    """Refuse absolute names and ``..``: an archive never writes outside its target."""
    posix = PurePosixPath(name)
    if (
        not name
        or "\\" in name
        or posix.is_absolute()
        or any(part in {"..", ""} for part in posix.parts)
        or name.startswith("/")
    ):
        raise BackupError(
            _("L'archive contient un chemin interdit (%(name)s) : rien n'a été écrit.")
            % {"name": name}
        )
    return str(posix)


@dataclass
class Archive:
    """An archive read and checked in full: its manifest and its members, extracted into a
    temporary directory."""

    manifest: dict[str, Any]
    files: dict[str, Path] = field(default_factory=dict)

    def media(self) -> dict[str, Path]:
        """Uploaded files, keyed by their name relative to MEDIA_ROOT."""
        return {
            name.removeprefix(MEDIA_PREFIX): path
            for name, path in self.files.items()
            if name.startswith(MEDIA_PREFIX)
        }


def read_archive(path: Path, workdir: Path, expected_format: str, progress: Progress) -> Archive:
    """Read the whole archive into ``workdir`` and check it: readable to the end, the expected
    format and version, every member listed in the manifest with the same SHA-256."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(_("Archive introuvable : %(path)s.") % {"path": path})
    unreadable = _(
        "L'archive %(path)s est illisible, tronquée ou corrompue (%(error)s) : rien n'a été "
        "écrit. Reprenez une archive intacte."
    )
    try:
        # A first pass reads the gzip stream to its end, so a truncated or altered file fails
        # on its length or CRC before anything is extracted.
        with gzip.open(path, "rb") as stream:
            while stream.read(CHUNK):
                pass
        manifest_bytes = None
        files: dict[str, Path] = {}
        digests: dict[str, str] = {}
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                name = safe_member_name(member.name)
                if not member.isfile():
                    raise BackupError(
                        _(
                            "L'archive contient autre chose qu'un fichier (%(name)s) : rien "
                            "n'a été écrit."
                        )
                        % {"name": name}
                    )
                source = tar.extractfile(member)
                assert source is not None  # a regular file always has a stream
                if name == MANIFEST:
                    if member.size > MAX_MANIFEST_BYTES:
                        raise BackupError(_("Le manifeste de l'archive est trop volumineux."))
                    manifest_bytes = source.read()
                    continue
                if name in files:
                    raise BackupError(
                        _("L'archive contient deux fois %(name)s : rien n'a été écrit.")
                        % {"name": name}
                    )
                target = workdir / "members" / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                files[name] = target
                digests[name] = digest.hexdigest()
                progress(name)
    except BackupError:
        raise
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile, OSError) as exc:
        raise BackupError(unreadable % {"path": path, "error": exc}) from exc
    if manifest_bytes is None:
        raise BackupError(
            _(
                "L'archive %(path)s n'a pas de manifeste (manifest.json) : elle est tronquée ou "
                "n'est pas une archive Maillage. Rien n'a été écrit."
            )
            % {"path": path}
        )
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError as exc:
        raise BackupError(unreadable % {"path": path, "error": exc}) from exc
    check_format(manifest, expected_format)
    listed = manifest.get("members")
    if not isinstance(listed, dict) or set(listed) != set(digests):
        missing = sorted(set(listed or {}) - set(digests))
        extra = sorted(set(digests) - set(listed or {}))
        raise BackupError(
            _(
                "Le contenu de l'archive ne correspond pas à son manifeste "
                "(manquants : %(missing)s ; en trop : %(extra)s) : rien n'a été écrit."
            )
            % {"missing": ", ".join(missing) or "-", "extra": ", ".join(extra) or "-"}
        )
    for name, digest in sorted(digests.items()):
        if listed[name] != digest:
            raise BackupError(
                _(
                    "Somme de contrôle incorrecte pour %(name)s : l'archive est corrompue. "
                    "Rien n'a été écrit ; reprenez une archive intacte."
                )
                % {"name": name}
            )
    return Archive(manifest=manifest, files=files)


def check_format(manifest: Any, expected_format: str) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != expected_format:
        found = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(
            _(
                "Ce n'est pas une archive du type attendu (%(expected)s, trouvé : %(found)s). "
                "Rien n'a été écrit."
            )
            % {"expected": expected_format, "found": found or "?"}
        )
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _(
                "Version de format d'archive %(found)s non prise en charge (cette version de "
                "Maillage lit la version %(expected)s). Rien n'a été écrit."
            )
            % {"found": manifest.get("format_version"), "expected": FORMAT_VERSION}
        )
    migrations = manifest.get("migrations")
    if not isinstance(migrations, dict):
        raise BackupError(_("Le manifeste ne dit pas l'état des migrations. Rien n'a été écrit."))
    unknown = unknown_migrations(migrations)
    if unknown:
        raise BackupError(
            _(
                "L'archive vient d'une version plus récente ou différente de Maillage : ces "
                "migrations sont inconnues ici : %(names)s. Installez la version %(version)s (ou "
                "plus récente) avant de restaurer. Rien n'a été écrit."
            )
            % {
                "names": ", ".join(unknown[:10]) + (" …" if len(unknown) > 10 else ""),
                "version": manifest.get("maillage_version", "?"),
            }
        )


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def base_manifest(expected_format: str, alias: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    return {
        "format": expected_format,
        "format_version": FORMAT_VERSION,
        "maillage_version": maillage_version(),
        "django_version": django.get_version(),
        "database": {"engine": connections[alias].vendor},
        "migrations": applied_migrations(alias),
        "created_at": timezone.now().isoformat(),
    }


def media_files(media_root: Path) -> list[tuple[str, Path]]:
    root = Path(media_root)
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        # A restore's staging directory is never part of the data.
        if relative.parts[0].startswith(".restore-"):
            continue
        if path.is_file() and not path.is_symlink():
            found.append((MEDIA_PREFIX + relative.as_posix(), path))
    return found


# --- Full backup ---------------------------------------------------------------------------


@dataclass
class BackupReport:
    path: Path
    members: int
    media: int
    size: int


def backup(
    path: Path | str,
    *,
    alias: str = DEFAULT_DB_ALIAS,
    media_root: Path | None = None,
    progress: Progress = _quiet,
) -> BackupReport:
    """Write the archive of the whole instance into ``path``."""
    path = Path(path)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    connection = connections[alias]
    if connection.in_atomic_block:
        # pg_dump would miss the uncommitted writes, and SQLite's copy would wait for ever.
        raise BackupError(_("La sauvegarde ne peut pas se faire dans une transaction ouverte."))
    manifest = base_manifest(FORMAT, alias)
    with tempfile.TemporaryDirectory(prefix="maillage-backup-") as work:
        if connection.vendor == "sqlite":
            member = SQLITE_MEMBER
            dump = Path(work) / "db.sqlite3"
            progress(_("Copie de la base SQLite…"))
            _sqlite_snapshot(alias, dump)
        elif connection.vendor == "postgresql":
            member = POSTGRES_MEMBER
            dump = Path(work) / "maillage.dump"
            progress(_("Export PostgreSQL (pg_dump)…"))
            _pg_dump(connection.settings_dict, dump)
        else:
            raise BackupError(
                _("Moteur de base de données non pris en charge : %(engine)s.")
                % {"engine": connection.vendor}
            )
        manifest["database"]["member"] = member
        media = media_files(media_root)
        checksums = write_archive(path, manifest, [(member, dump), *media], progress)
    return BackupReport(
        path=path, members=len(checksums), media=len(media), size=path.stat().st_size
    )


def _sqlite_snapshot(alias: str, target: Path) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # The online backup API copies a consistent state while the application keeps running.
        connection.connection.backup(destination)
    finally:
        destination.close()


def pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(
            _(
                "%(tool)s est introuvable : installez le client PostgreSQL "
                "(paquet postgresql-client, même version majeure que le serveur) "
                "et ajoutez-le au PATH."
            )
            % {"tool": name}
        )
    return found


def pg_env(database: dict[str, Any]) -> dict[str, str]:
    """Connection parameters for pg_dump and pg_restore, the password included, through the
    environment so that it never shows in the process list."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    options = database.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(
            _("%(what)s a échoué : %(error)s") % {"what": what, "error": result.stderr.strip()}
        )


def _pg_dump(database: dict[str, Any], target: Path) -> None:
    _run(
        [pg_tool("pg_dump"), "--format=custom", "--no-password", "--file", str(target)],
        pg_env(database),
        "pg_dump",
    )


# --- Restore -------------------------------------------------------------------------------


@dataclass
class RestoreReport:
    tables: int
    rows: int
    media: int
    pending_migrations: list[str]


def restore(
    path: Path | str,
    *,
    database: dict[str, Any] | None = None,
    media_root: Path | None = None,
    progress: Progress = _quiet,
) -> RestoreReport:
    """Restore an archive into an empty database (``database``: Django settings of the target;
    the default connection's by default) and MEDIA_ROOT. Everything is checked before the first
    write; a refusal writes nothing."""
    database = dict(database or connections[DEFAULT_DB_ALIAS].settings_dict)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    vendor = vendor_of(database)
    with tempfile.TemporaryDirectory(prefix="maillage-restore-") as work:
        progress(_("Lecture et vérification de l'archive…"))
        archive = read_archive(Path(path), Path(work), FORMAT, progress)
        engine = archive.manifest["database"].get("engine")
        if engine != vendor:
            raise BackupError(
                _(
                    "L'archive vient d'une base %(archived)s et la base cible est %(target)s : "
                    "restaurez dans le même moteur. Rien n'a été écrit."
                )
                % {"archived": engine, "target": vendor}
            )
        member = SQLITE_MEMBER if vendor == "sqlite" else POSTGRES_MEMBER
        if member not in archive.files:
            raise BackupError(
                _("L'archive ne contient pas la base de données. Rien n'a été écrit.")
            )
        has_tables = ensure_empty(database)
        media = archive.media()
        _check_media_targets(media, media_root)
        # Checks done: from here on, write.
        if vendor == "sqlite":
            progress(_("Mise en place de la base SQLite…"))
            _restore_sqlite(archive.files[member], database)
        else:
            progress(_("Restauration PostgreSQL (pg_restore)…"))
            _pg_restore(archive.files[member], database, clean=has_tables)
        progress(_("Fichiers déposés…"))
        _install_media(media, media_root)
    counts = table_counts(database)
    return RestoreReport(
        tables=len(counts),
        rows=sum(counts.values()),
        media=len(media),
        pending_migrations=pending_migrations(archive.manifest["migrations"]),
    )


def _sqlite_path(database: dict[str, Any]) -> Path:
    name = str(database["NAME"])
    if name == ":memory:" or "mode=memory" in name:
        raise BackupError(_("La base SQLite cible doit être un fichier."))
    return Path(name)


def raw_connection(database: dict[str, Any]) -> Any:
    """A plain DB-API connection to ``database``, outside Django's connection handling."""
    if vendor_of(database) == "sqlite":
        name = str(database["NAME"])
        if name.startswith("file:"):
            # A URI already (the shared in-memory database of the test runner).
            return sqlite3.connect(name, uri=True)
        return sqlite3.connect(f"file:{_sqlite_path(database)}?mode=ro", uri=True)
    import psycopg

    params = {
        "host": database.get("HOST") or None,
        "port": database.get("PORT") or None,
        "user": database.get("USER") or None,
        "password": database.get("PASSWORD") or None,
        "dbname": database["NAME"],
    }
    return psycopg.connect(**{k: v for k, v in params.items() if v is not None})


def _table_names(cursor: Any, vendor: str) -> list[str]:
    if vendor == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
        )
    return [row[0] for row in cursor.fetchall()]


def _quote(name: str, vendor: str) -> str:
    # PostgreSQL names come already quoted by quote_ident().
    return name if vendor == "postgresql" else '"' + name.replace('"', '""') + '"'


def table_counts(database: dict[str, Any]) -> dict[str, int]:
    """Rows per table of ``database``."""
    return {table: count for table, (count, _digest) in fingerprint(database, digest=False).items()}


def fingerprint(database: dict[str, Any], *, digest: bool = True) -> dict[str, tuple[int, str]]:
    """Rows per table and a SHA-256 of their content in a fixed order: two databases with the
    same fingerprint hold the same data."""
    vendor = vendor_of(database)
    name = str(database["NAME"])
    if vendor == "sqlite" and not name.startswith("file:") and not Path(name).exists():
        return {}
    result: dict[str, tuple[int, str]] = {}
    connection = raw_connection(database)
    try:
        cursor = connection.cursor()
        for table in _table_names(cursor, vendor):
            quoted = _quote(table, vendor)
            if not digest:
                cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 - catalogue names
                result[table] = (cursor.fetchone()[0], "")
                continue
            cursor.execute(f"SELECT * FROM {quoted} LIMIT 0")  # noqa: S608
            order = ", ".join(str(i + 1) for i in range(len(cursor.description)))
            cursor.execute(f"SELECT * FROM {quoted} ORDER BY {order}")  # noqa: S608
            hasher = hashlib.sha256()
            count = 0
            for row in cursor:
                hasher.update(repr(tuple(row)).encode())
                count += 1
            result[table] = (count, hasher.hexdigest())
    finally:
        connection.close()
    return result


def ensure_empty(database: dict[str, Any]) -> bool:
    """Refuse a target that holds data; say whether it has (empty) tables."""
    counts = table_counts(database)
    filled = sorted(table for table, count in counts.items() if count)
    if filled:
        raise BackupError(
            ngettext(
                "La base cible %(name)s n'est pas vide (%(count)s table contient des données : "
                "%(tables)s) : la restauration se fait dans une base vide, pour ne rien "
                "écraser. Créez une base neuve (sans lancer migrate) et recommencez. Rien n'a été "
                "écrit.",
                "La base cible %(name)s n'est pas vide (%(count)s tables contiennent des données, "
                "dont %(tables)s) : la restauration se fait dans une base vide, pour ne rien "
                "écraser. Créez une base neuve (sans lancer migrate) et recommencez. Rien n'a été "
                "écrit.",
                len(filled),
            )
            % {"name": database["NAME"], "count": len(filled), "tables": ", ".join(filled[:5])}
        )
    return bool(counts)


def _check_media_targets(media: dict[str, Path], media_root: Path) -> None:
    for name, source in sorted(media.items()):
        target = media_root / safe_member_name(name)
        if target.exists() and (not target.is_file() or sha256_file(target) != sha256_file(source)):
            raise BackupError(
                _(
                    "Le fichier %(path)s existe déjà dans MEDIA_ROOT avec un autre contenu : videz "
                    "MEDIA_ROOT ou choisissez-en un autre. Rien n'a été écrit."
                )
                % {"path": target}
            )


def _restore_sqlite(source: Path, database: dict[str, Any]) -> None:
    target = _sqlite_path(database)
    for alias in connections:
        if connections[alias].settings_dict.get("NAME") == database["NAME"]:
            connections[alias].close()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        shutil.copyfile(source, tmp)
        # The journal files of the empty database being replaced must not be replayed on the
        # restored one.
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _pg_restore(source: Path, database: dict[str, Any], *, clean: bool) -> None:
    command = [
        pg_tool("pg_restore"),
        "--no-owner",
        "--no-privileges",
        "--single-transaction",
        "--exit-on-error",
        "--no-password",
        "--dbname",
        str(database["NAME"]),
    ]
    if clean:
        # Only empty tables are there (checked): replace them.
        command += ["--clean", "--if-exists"]
    _run([*command, str(source)], pg_env(database), "pg_restore")


def _install_media(media: dict[str, Path], media_root: Path) -> None:
    """Copy the files next to their place first, then rename each into place."""
    if not media:
        return
    media_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".restore-", dir=media_root))
    try:
        staged = []
        for name, source in sorted(media.items()):
            tmp = staging / safe_member_name(name)
            tmp.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, tmp)
            staged.append((tmp, media_root / name))
        for tmp, target in staged:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
