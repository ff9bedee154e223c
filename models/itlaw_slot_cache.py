"""Free consultation starts kept per process, checked against versions in the database.

Every change that can move a lawyer's free slots (an event or attendee of the
lawyer, a leave, working hours, a time zone, a consultation type) bumps a
version in ``itlaw_slot_version`` in its own transaction: the lawyer's row, or
row 0 that every lawyer's slots depend on. An event or attendee bumps the
lawyer's busy-time row instead (``-user_id``): the working time computed for
the same working version is then reused, only the busy time is read again
(bookings are the common change, working time the costly computation). A page
reads the versions it sees (one query, on the replica as well) and reuses the
starts this process computed for the same versions; anything else is computed
again. Versions come from a sequence, never reused: starts computed inside a
transaction that is later rolled back are stored under versions no other
transaction will ever read.

A change adds a row (the newest per row key is the version), never updates
one: under REPEATABLE READ an update of a row that a concurrent transaction
updated and committed fails, and Odoo replays the whole request. Superseded
rows are deleted by the daily autovacuum.
"""

import threading
from datetime import timedelta

from odoo import api, models
from odoo.tools import SQL

# Starts are computed for the horizon plus this much, then reused while younger.
CACHE_TTL = timedelta(minutes=10)
# The version row that every lawyer's slots depend on.
ALL_LAWYERS = 0
# Bounded memory: (database, type, lawyer) keys, the oldest dropped past this.
MAX_ENTRIES = 2000

_entries = {}
_entries_lock = threading.Lock()


class ItlawSlotCache(models.AbstractModel):
    _name = "itlaw.slot.cache"
    _description = "Free slots cache"

    def init(self):
        # Databases of 18.0.1.x before append-only versions had one row per
        # key (a primary key): dropped, the rows stay valid versions.
        self.env.cr.execute(
            SQL(
                """
                CREATE SEQUENCE IF NOT EXISTS itlaw_slot_version_seq;
                CREATE TABLE IF NOT EXISTS itlaw_slot_version (
                    user_id integer NOT NULL,
                    version bigint NOT NULL
                );
                ALTER TABLE itlaw_slot_version DROP CONSTRAINT IF EXISTS itlaw_slot_version_pkey;
                CREATE INDEX IF NOT EXISTS itlaw_slot_version_user_version
                    ON itlaw_slot_version (user_id, version);
                """
            )
        )

    @api.model
    def _invalidate(self, user_ids=None):
        """Called in the transaction of a change: ``user_ids`` whose slots it
        may move, or every lawyer's when None."""
        keys = sorted({ALL_LAWYERS} if user_ids is None else set(user_ids))
        if not keys:
            return
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO itlaw_slot_version (user_id, version)
                SELECT id, nextval('itlaw_slot_version_seq') FROM unnest(%s::int[]) AS id
                """,
                keys,
            )
        )

    @api.autovacuum
    def _gc_superseded_versions(self):
        """Only the newest version of each key counts."""
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM itlaw_slot_version v
                 USING (SELECT user_id, max(version) AS newest
                          FROM itlaw_slot_version GROUP BY user_id) n
                 WHERE v.user_id = n.user_id AND v.version < n.newest
                """
            )
        )

    @api.model
    def _invalidate_partners(self, partner_ids):
        """The busy time of the users of these contacts (an event's attendees)."""
        partner_ids = [pid for pid in set(partner_ids) if pid]
        if not partner_ids:
            return
        self.env.cr.execute(SQL("SELECT id FROM res_users WHERE partner_id = ANY(%s)", partner_ids))
        self._invalidate([-row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _versions(self, user_ids):
        """user id -> (version of every lawyer, working-time version of the
        lawyer, busy-time version of the lawyer)."""
        self.env.cr.execute(
            SQL(
                """SELECT user_id, max(version) FROM itlaw_slot_version
                    WHERE user_id = ANY(%s) GROUP BY user_id""",
                [ALL_LAWYERS, *user_ids, *(-uid for uid in user_ids)],
            )
        )
        found = dict(self.env.cr.fetchall())
        shared = found.get(ALL_LAWYERS, 0)
        return {uid: (shared, found.get(uid, 0), found.get(-uid, 0)) for uid in user_ids}

    @api.model
    def _shared_version(self):
        """The version every lawyer's slots depend on (working hours, leaves,
        time zones, companies' hours): what a firm-wide working day depends on."""
        self.env.cr.execute(
            SQL("SELECT max(version) FROM itlaw_slot_version WHERE user_id = %s", ALL_LAWYERS)
        )
        return self.env.cr.fetchone()[0] or 0

    @api.model
    def _version_rows(self, cr, user_id):
        """The version rows ``cr``'s transaction sees that the user's slots
        depend on (all lawyers', their working and busy time)."""
        cr.execute(
            SQL(
                "SELECT version FROM itlaw_slot_version WHERE user_id = ANY(%s)",
                [ALL_LAWYERS, user_id, -user_id],
            )
        )
        return {row[0] for row in cr.fetchall()}

    @api.model
    def _get(self, key, versions, now):
        """What is cached for ``key`` at ``versions``, computed at most
        CACHE_TTL before ``now``, else None."""
        entry = _entries.get((self.env.cr.dbname, *key))
        if entry and entry[0] == versions and entry[1] <= now <= entry[1] + CACHE_TTL:
            return entry[2]
        return None

    @api.model
    def _put(self, key, versions, computed_at, values):
        with _entries_lock:
            if len(_entries) >= MAX_ENTRIES:
                _entries.pop(next(iter(_entries)))
            _entries[(self.env.cr.dbname, *key)] = (versions, computed_at, tuple(values))
