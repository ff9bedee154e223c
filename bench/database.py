"""The benchmarks' database before a run."""


def vacuum(registry, *tables):
    """Reclaim the rows of earlier runs. The in-process benchmarks roll their
    rows back, which leaves them in the tables and their indexes as dead
    tuples until autovacuum passes (hundreds of thousands per run): without
    this, each run reads more dead index entries than the one before (a
    conflict check's trigram scan went from 6 to 18 ms per name after six
    runs)."""
    with registry.cursor() as cr:
        connection = cr._cnx
        connection.rollback()
        # VACUUM cannot run inside a transaction block.
        connection.autocommit = True
        try:
            for table in tables:
                cr.execute(f"VACUUM ANALYZE {table}")
        finally:
            connection.autocommit = False
