-- Reminders and weekly summaries. What is due when is computed from the
-- group's rules, schedule and loans; this table records each firing, in the
-- same transaction that queues its message, so a firing is sent at most once
-- across restarts. A firing missed beyond its grace window is recorded as
-- skipped. Append-only.
CREATE TABLE reminder_firings (
    id       INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES groups(id),
    -- meeting_before, summary, installment_before, installment_due,
    -- installment_overdue, meeting_missed; poll_close and poll_nudge are
    -- reserved for polls.
    kind     TEXT NOT NULL,
    -- What the firing is about: "1440" (minutes before the meeting), "P3/2"
    -- (loan P3, installment 2), "" for the weekly summary.
    target   TEXT NOT NULL,
    -- The moment it was due (UTC) and when it was handled.
    due_at   TEXT NOT NULL,
    fired_at TEXT NOT NULL,
    -- sent: its message was queued; skipped: too late or nothing to say.
    outcome  TEXT NOT NULL CHECK (outcome IN ('sent', 'skipped')),
    UNIQUE (group_id, kind, target, due_at)
);

CREATE TRIGGER reminder_firings_append_only_u BEFORE UPDATE ON reminder_firings BEGIN SELECT RAISE(ABORT, 'reminder firings are append-only'); END;
CREATE TRIGGER reminder_firings_append_only_d BEFORE DELETE ON reminder_firings BEGIN SELECT RAISE(ABORT, 'reminder firings are append-only'); END;
