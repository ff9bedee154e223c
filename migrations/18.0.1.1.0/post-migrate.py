"""Consultations cancelled before 18.0.1.1.0 were archived, so the "Cancelled"
filter could not find them: bring them back, as free time declined by their
attendees, as cancellations are kept now."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE calendar_event
           SET active = TRUE, show_as = 'free'
         WHERE itlaw_state = 'cancelled' AND NOT active
     RETURNING id
        """
    )
    event_ids = [row[0] for row in cr.fetchall()]
    if event_ids:
        cr.execute(
            "UPDATE calendar_attendee SET state = 'declined' WHERE event_id = ANY(%s)",
            [event_ids],
        )
