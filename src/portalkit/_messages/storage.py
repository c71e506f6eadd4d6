"""Texts of the storage adapters (the SQLite and PostgreSQL stores)."""

from __future__ import annotations

from portalkit._i18n import Message

MESSAGES = {
    "storage_schema_too_new": Message(
        de="Die Datenbank {path} hat das Schema {found}, diese Version von portalkit kennt nur "
        "bis {supported}. Bitte installieren Sie die neuere portalkit-Version, die die "
        "Datenbank zuletzt geöffnet hat.",
        en="The database {path} has schema {found}; this version of portalkit knows only up to "
        "{supported}. Please install the newer portalkit version that last opened the database.",
    ),
    "storage_migrations_invalid": Message(
        de="Die Migrationsdateien sind unvollständig: erwartet wurde Nummer {expected}, "
        "gefunden {found}. Bitte installieren Sie portalkit neu.",
        en="The migration files are incomplete: number {expected} was expected, {found} was "
        "found. Please reinstall portalkit.",
    ),
    "storage_orphaned_rows": Message(
        de="Die Datenbank {path} wurde nicht auf Schema {version} umgestellt: Einträge verweisen "
        "auf fehlende Firmen, Benutzer oder Leistungen ({listing}). Die Datenbank ist "
        "unverändert. Bitte legen Sie die fehlenden Einträge an oder entfernen Sie die "
        "verwaisten Zeilen (siehe „Storage“ in der Dokumentation) und starten Sie erneut.",
        en="The database {path} was not migrated to schema {version}: rows refer to missing "
        "companies, users or services ({listing}). The database is unchanged. Please create the "
        "missing records or remove the orphaned rows (see 'Storage' in the documentation) and "
        "start again.",
    ),
    "storage_unit_of_work_read_only": Message(
        de="Diese Arbeitseinheit darf nur lesen ({reason}). Bitte schreiben Sie in einer "
        "eigenen Arbeitseinheit, nicht in einer verschachtelten.",
        en="This unit of work may only read ({reason}). Please write in a unit of work of its "
        "own, not in a nested one.",
    ),
    "storage_unit_of_work_not_started": Message(
        de="Die Arbeitseinheit wurde nicht mit „with“ begonnen. Bitte verwenden Sie "
        "„with store.unit_of_work() as uow:“.",
        en="The unit of work was not started with 'with'. Please use "
        "'with store.unit_of_work() as uow:'.",
    ),
    "storage_conflict": Message(
        de="Die Änderung traf gleichzeitig auf eine andere und wurde nicht gespeichert. "
        "Bitte versuchen Sie es noch einmal.",
        en="The change met another one made at the same time and was not saved. Please try again.",
    ),
    "storage_copy_target_not_empty": Message(
        de="Die PostgreSQL-Datenbank enthält schon Daten (Tabelle {table}). Bitte kopieren "
        "Sie in eine leere Datenbank.",
        en="The PostgreSQL database holds data already (table {table}). Please copy into an "
        "empty database.",
    ),
    "storage_copy_mismatch": Message(
        de="Die Kopie der Tabelle {table} weicht vom Original ab (Original: {source}; Kopie: "
        "{target}). Bitte verwenden Sie die Kopie nicht, leeren Sie die Zieldatenbank und "
        "kopieren Sie erneut.",
        en="The copy of table {table} differs from the original (original: {source}; copy: "
        "{target}). Do not use the copy: please empty the target database and copy again.",
    ),
    "storage_text_nul": Message(
        de="Der Text enthält ein Nullzeichen, das nicht gespeichert werden kann. Bitte "
        "entfernen Sie es.",
        en="The text contains a NUL character, which cannot be stored. Please remove it.",
    ),
}
