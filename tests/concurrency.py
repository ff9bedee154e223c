"""PostgreSQL connections of their own for the tests whose threads work in
transactions of their own, as concurrent HTTP requests do.

Such a test once took a connection per thread from Odoo's shared pool, 30 at
once: on a PostgreSQL server shared with other Odoo instances that reached
``max_connections`` and the test failed with an ``OperationalError`` among its
threads' results. Here a test gets a small pool of a fixed size, all of its
connections opened before any thread starts: when PostgreSQL refuses one, the
test fails there, saying so."""

import psycopg2

from odoo.sql_db import ConnectionPool, Cursor, connection_info_for

# Enough transactions at once for the races the tests provoke; few enough to
# leave room for the other users of a shared server.
POOL_SIZE = 8

TOO_MANY = ("too many clients", "too many connections", "connection slots are reserved")


def refusal_message(cr, number, size, error):
    """Why the test cannot run, for its failure: the connection refused, the
    server's limit and use (read through the test's own cursor ``cr``)."""
    text = str(error).strip()
    message = (
        f"PostgreSQL refused connection {number} of the {size} this test opens for its "
        f"threads: {text}"
    )
    if any(reason in text for reason in TOO_MANY):
        cr.execute("SELECT current_setting('max_connections'), count(*) FROM pg_stat_activity")
        limit, in_use = cr.fetchone()
        message += (
            f"\nThe server allows {limit} connections and {in_use} are open: other Odoo "
            "instances or test runs on this server use them up. Run the test when fewer are "
            "open or raise max_connections; the code under test is not at fault."
        )
    return message


class ThreadConnections:
    """``size`` connections to the test's database, for ``size`` threads at most.

    ``cursor()`` gives a thread a cursor of its own (``with pool.cursor() as cr``
    commits and gives the connection back); a thread more than ``size`` at once
    gets Odoo's ``PoolError``. The connections are closed when the test ends."""

    def __init__(self, case, size=POOL_SIZE, dsn=None):
        self.dbname, self.dsn = connection_info_for(case.registry.db_name)
        if dsn:
            self.dsn = {**self.dsn, **dsn}
        self.pool = ConnectionPool(maxconn=size)
        case.addCleanup(self.pool.close_all)
        opened, refused = [], None
        for number in range(1, size + 1):
            try:
                opened.append(self.cursor())
            except psycopg2.OperationalError as error:
                refused = refusal_message(case.env.cr, number, size, error)
                break
        # Back into the pool, still connected: the threads reuse them.
        for cr in opened:
            cr.close()
        if refused:
            case.fail(refused)

    def cursor(self):
        return Cursor(self.pool, self.dbname, self.dsn)
