"""The test databases' templates: the migrated schema and the demo, each built once and cloned.

Two things dominated a test process's set-up, and every pytest-xdist process did both again:

- migrating an empty database (Django renders every model's state at each step of 50
  migrations: about 20 seconds on a quiet two-core machine, over a minute on a busy one);
- loading the small demo that most tests share (conftest.py, `_demo_for_session`).

Here each is built once, into a template named by a hash of what it depends on, and each
process clones it; later runs reuse a template until what it depends on changes:

- the schema: built by real migrations; its hash covers every installed app's migration files,
  the Django version and the database's vendor;
- the demo: the schema's clone with the demo loaded by `gemini demo`'s own loaders; its hash
  adds every file of the gemini package outside its tests (code, templates, data) and the
  caller's `recipe` (the demo's size and password).

On SQLite (the suite's in-memory database) a template is a file in the system's temporary
folder, copied into the process's database with SQLite's backup API; on PostgreSQL it is a
database (`<test name>_schema_<hash>`, `<test name>_demo_<hash>`) from which the process's test
database is created (`CREATE DATABASE … TEMPLATE …`). A file lock in the temporary folder makes
one process build while the others wait. After the schema is cloned, Django's own set-up still
runs `migrate` (finding nothing to apply, and applying whatever there were), so a stale schema
template costs time, never correctness. The last few templates are kept (other checkouts may
have other migrations); older ones are deleted.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import django
from django.apps import apps
from django.core.management import call_command
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper

import gemini

CACHE = Path(tempfile.gettempdir()) / "gemini-test-databases"
KEEP = 4  # templates of each kind kept, newest first
_SKIPPED = {"tests", "__pycache__", "static", "node_modules"}


# ---------------------------------------------------------------- what a template depends on


def schema_key(vendor: str) -> str:
    """A hash of everything the migrated schema depends on: each installed app's migration
    files (name and content), the Django version and the database's vendor."""
    digest = hashlib.sha256(f"{django.__version__}|{vendor}".encode())
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        for path in sorted((Path(config.path) / "migrations").glob("*.py")):
            digest.update(f"|{config.label}/{path.name}|".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def demo_key(vendor: str, recipe: str) -> str:
    """A hash of everything the loaded demo depends on: the schema, every file of the gemini
    package outside its tests, and `recipe` (how the caller loads it)."""
    digest = hashlib.sha256(f"{schema_key(vendor)}|{recipe}".encode())
    package = Path(gemini.__file__).parent
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package)
        if path.is_file() and not _SKIPPED & set(relative.parts[:-1]):
            digest.update(f"|{relative}|".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


# ---------------------------------------------------------------- shared machinery


@contextlib.contextmanager
def _locked() -> Iterator[None]:
    """One process at a time (across every checkout on this machine) builds or clones."""
    CACHE.mkdir(parents=True, exist_ok=True)
    with (CACHE / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextlib.contextmanager
def _pointed_at(name: str) -> Iterator[None]:
    """This thread's default connection pointed at the database `name` until the block ends."""
    original = connections["default"]
    settings = {**original.settings_dict, "NAME": name}
    connections["default"] = type(original)(settings, "default")
    try:
        yield
    finally:
        connections["default"].close()
        connections["default"] = original
        _forget_ids()


def _forget_ids() -> None:
    """Content types are cached by id; a cloned database may number them otherwise."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()


def _migrate(name: str) -> None:
    with _pointed_at(name):
        call_command("migrate", interactive=False, verbosity=0)


def _load(name: str, load: Callable[[], None]) -> None:
    with _pointed_at(name), transaction.atomic():
        load()


def _test_name(connection: BaseDatabaseWrapper) -> str:
    return str(connection.creation._get_test_db_name())  # type: ignore[attr-defined]


def _handled(connection: BaseDatabaseWrapper, test_name: str) -> bool:
    """PostgreSQL, or SQLite in memory (a SQLite test database in a file is left to Django)."""
    if connection.vendor == "postgresql":
        return True
    return connection.vendor == "sqlite" and bool(
        connection.creation.is_in_memory_db(test_name)  # type: ignore[attr-defined]
    )


# ---------------------------------------------------------------- SQLite


def _sqlite_template(kind: str, key: str, build: Callable[[Path], None]) -> Path:
    path = CACHE / f"{kind}-{key}.sqlite3"
    if not path.exists():
        building = path.with_suffix(".building")
        for leftover in (building, *(Path(f"{building}{end}") for end in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
        build(building)
        with contextlib.closing(sqlite3.connect(building)) as written:
            written.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        building.rename(path)
    path.touch()
    kept = sorted(CACHE.glob(f"{kind}-*.sqlite3"), key=lambda p: p.stat().st_mtime)
    for old in kept[:-KEEP]:
        old.unlink(missing_ok=True)
    return path


def _sqlite_schema(vendor: str) -> Path:
    return _sqlite_template("schema", schema_key(vendor), lambda path: _migrate(str(path)))


def _copy_sqlite(template: Path, into: sqlite3.Connection) -> None:
    with contextlib.closing(sqlite3.connect(template)) as source:
        source.backup(into)


# ---------------------------------------------------------------- PostgreSQL


def _quoted(connection: BaseDatabaseWrapper, name: str) -> str:
    return str(connection.ops.quote_name(name))


def _base(test_name: str) -> str:
    """The test database's name without pytest-xdist's `_gw0`-style suffix."""
    head, _, tail = test_name.rpartition("_")
    return head if head and tail.startswith("gw") and tail[2:].isdigit() else test_name


def _postgres_template(
    connection: BaseDatabaseWrapper, name: str, build: Callable[[str], None]
) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is not None:
            return
    try:
        build(name)
    except BaseException:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {_quoted(connection, name)}")
        raise


def _postgres_schema(connection: BaseDatabaseWrapper, test_name: str) -> str:
    name = f"{_base(test_name)}_schema_{schema_key('postgresql')}"[:63]

    def build(template: str) -> None:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {_quoted(connection, template)}")
        _migrate(template)

    _postgres_template(connection, name, build)
    return name


def _postgres_copy(
    connection: BaseDatabaseWrapper, template: str, test_name: str, *, ours: bool = False
) -> None:
    """(Re)create the test database `test_name` from `template`, then delete old templates of
    the same kind. `ours`: the database is this process's own (its set-up is done), so any
    connection to it left by this process's threads is ended; otherwise a database someone is
    using is refused, as Django would."""
    connection.close()
    force = " WITH (FORCE)" if ours else ""
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {_quoted(connection, test_name)}{force}")
        cursor.execute(
            f"CREATE DATABASE {_quoted(connection, test_name)} "
            f"TEMPLATE {_quoted(connection, template)}"
        )
        kind = template.rpartition("_")[0] + "_"
        cursor.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE %s ORDER BY oid DESC",
            [kind.replace("_", r"\_") + "%"],
        )
        for (old,) in cursor.fetchall()[KEEP:]:
            with contextlib.suppress(Exception):  # another run may be cloning it
                cursor.execute(f"DROP DATABASE IF EXISTS {_quoted(connection, old)}")


# ---------------------------------------------------------------- the two entry points


@contextlib.contextmanager
def cloned_schema() -> Iterator[bool]:
    """Fill the default alias's test database from the migrated template (built first if
    there is none for today's migrations), for Django's `setup_databases(keepdb=True)` to run
    inside the block. Yields False, doing nothing, for a database it does not handle; the
    caller then sets up as Django would."""
    connection = connections["default"]
    test_name = _test_name(connection)
    if not _handled(connection, test_name):
        yield False
        return
    if connection.vendor == "postgresql":
        with _locked():
            _postgres_copy(connection, _postgres_schema(connection, test_name), test_name)
        yield True
        return
    # The in-memory database lives while a connection to it is open: this one keeps it
    # until Django has opened its own.
    with contextlib.closing(sqlite3.connect(test_name, uri=True)) as keeper:
        with _locked():
            _copy_sqlite(_sqlite_schema(connection.vendor), keeper)
        yield True


def replace_with_demo(load: Callable[[], None], recipe: str) -> bool:
    """Replace everything in the default alias's test database (after Django has set it up)
    with the demo, cloned from its template; the template is built first, by `load()` on a
    clone of the schema, if there is none for today's code and `recipe`. The demo is then
    committed in the test database. False, doing nothing, for a database it does not handle."""
    connection = connections["default"]
    test_name = str(connection.settings_dict["NAME"])
    if not _handled(connection, test_name):
        return False
    key = demo_key(connection.vendor, recipe)
    if connection.vendor == "postgresql":
        base = _base(test_name)
        with _locked():
            schema = _postgres_schema(connection, test_name)

            def build(template: str) -> None:
                with connection._nodb_cursor() as cursor:
                    cursor.execute(
                        f"CREATE DATABASE {_quoted(connection, template)} "
                        f"TEMPLATE {_quoted(connection, schema)}"
                    )
                _load(template, load)

            demo = f"{base}_demo_{key}"[:63]
            _postgres_template(connection, demo, build)
            _postgres_copy(connection, demo, test_name, ours=True)
    else:

        def build_file(path: Path) -> None:
            shutil.copyfile(_sqlite_schema(connection.vendor), path)
            _load(str(path), load)

        with _locked():
            template = _sqlite_template("demo", key, build_file)
            connection.ensure_connection()
            _copy_sqlite(template, connection.connection)
    _forget_ids()
    return True
