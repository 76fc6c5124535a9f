"""What the database in use can do, for code that chooses a query by engine."""


def sqlite_has_fts5(connection) -> bool:
    """Whether connection is SQLite with FTS5, with which catalog migration 0008 builds the words
    index (a Python whose SQLite lacks it gets no index, and search scans instead)."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')")
        return bool(cursor.fetchone()[0])
