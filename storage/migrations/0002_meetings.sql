-- Meetings: opened and closed in the chat, with their attendance, agenda,
-- decisions, money and minutes. Append-only like the rest of the books.

CREATE TABLE meetings (
    id           INTEGER PRIMARY KEY,
    group_id     INTEGER NOT NULL REFERENCES groups(id),
    no           INTEGER NOT NULL,
    place        TEXT NOT NULL DEFAULT '',
    -- The start that lateness is counted from: the schedule's time that
    -- day, or the opening time when the group has no schedule.
    scheduled_at TEXT NOT NULL,
    opened_by    INTEGER NOT NULL REFERENCES members(id),
    opened_at    TEXT NOT NULL,
    source       TEXT NOT NULL,
    UNIQUE (group_id, no)
);

-- How a meeting ended: closed (with its minutes) or cancelled. One row at most.
CREATE TABLE meeting_ends (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id),
    kind       TEXT NOT NULL CHECK (kind IN ('closed', 'cancelled')),
    by_member  INTEGER NOT NULL REFERENCES members(id),
    at         TEXT NOT NULL,
    -- The minutes as they were at the close (JSON), rendered in any language.
    minutes    TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL
);

-- Attendance at a meeting. A member's latest row counts; an officer corrects
-- a mark by adding a row, and the earlier one stays.
CREATE TABLE meeting_attendance (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
    member_id   INTEGER NOT NULL REFERENCES members(id),
    status      TEXT NOT NULL CHECK (status IN ('present', 'late', 'excused', 'absent')),
    reason      TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER NOT NULL REFERENCES members(id),
    at          TEXT NOT NULL,
    source      TEXT NOT NULL
);
-- A member's latest mark counts: an officer corrects a mark by adding one.
CREATE INDEX meeting_attendance_member ON meeting_attendance(meeting_id, member_id, id);

-- Excuses sent before a meeting opens; the next meeting takes them.
CREATE TABLE excuses (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES groups(id),
    member_id   INTEGER NOT NULL REFERENCES members(id),
    reason      TEXT NOT NULL DEFAULT '',
    recorded_by INTEGER NOT NULL REFERENCES members(id),
    at          TEXT NOT NULL,
    source      TEXT NOT NULL
);
CREATE INDEX excuses_group ON excuses(group_id, id);

-- Agenda items, numbered per group. An item added while no meeting is open
-- waits (meeting_id NULL) and is taken by the next meeting that closes.
CREATE TABLE agenda_items (
    id         INTEGER PRIMARY KEY,
    group_id   INTEGER NOT NULL REFERENCES groups(id),
    no         INTEGER NOT NULL,
    meeting_id INTEGER REFERENCES meetings(id),
    text       TEXT NOT NULL,
    added_by   INTEGER NOT NULL REFERENCES members(id),
    at         TEXT NOT NULL,
    source     TEXT NOT NULL,
    UNIQUE (group_id, no)
);

-- Which meeting dealt with a waiting item (filled at the close).
CREATE TABLE agenda_taken (
    item_id    INTEGER PRIMARY KEY REFERENCES agenda_items(id),
    meeting_id INTEGER NOT NULL REFERENCES meetings(id)
);

-- What was said about an item, and what was decided.
CREATE TABLE agenda_notes (
    id         INTEGER PRIMARY KEY,
    item_id    INTEGER NOT NULL REFERENCES agenda_items(id),
    kind       TEXT NOT NULL CHECK (kind IN ('discussed', 'decided')),
    text       TEXT NOT NULL,
    by_member  INTEGER NOT NULL REFERENCES members(id),
    at         TEXT NOT NULL,
    source     TEXT NOT NULL
);
CREATE INDEX agenda_notes_item ON agenda_notes(item_id, id);

-- Visible corrections of closed minutes.
CREATE TABLE minutes_amendments (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id),
    text       TEXT NOT NULL,
    by_member  INTEGER NOT NULL REFERENCES members(id),
    at         TEXT NOT NULL,
    source     TEXT NOT NULL
);
CREATE INDEX minutes_amendments_meeting ON minutes_amendments(meeting_id, id);

-- Every ledger entry made during a meeting names it, and so does every
-- confirmation, so a report confirmed at a later meeting shows there.
ALTER TABLE entries ADD COLUMN meeting_id INTEGER REFERENCES meetings(id);
CREATE INDEX entries_meeting ON entries(meeting_id) WHERE meeting_id IS NOT NULL;
-- An entry is corrected at most once (a reversal names it).
CREATE UNIQUE INDEX entries_reverses ON entries(reverses) WHERE reverses IS NOT NULL;
ALTER TABLE entry_decisions ADD COLUMN meeting_id INTEGER REFERENCES meetings(id);
CREATE INDEX entry_decisions_meeting ON entry_decisions(meeting_id) WHERE meeting_id IS NOT NULL;

CREATE TRIGGER meetings_append_only_u BEFORE UPDATE ON meetings BEGIN SELECT RAISE(ABORT, 'meetings are append-only'); END;
CREATE TRIGGER meetings_append_only_d BEFORE DELETE ON meetings BEGIN SELECT RAISE(ABORT, 'meetings are append-only'); END;
CREATE TRIGGER meeting_ends_append_only_u BEFORE UPDATE ON meeting_ends BEGIN SELECT RAISE(ABORT, 'meeting ends are append-only'); END;
CREATE TRIGGER meeting_ends_append_only_d BEFORE DELETE ON meeting_ends BEGIN SELECT RAISE(ABORT, 'meeting ends are append-only'); END;
CREATE TRIGGER meeting_attendance_append_only_u BEFORE UPDATE ON meeting_attendance BEGIN SELECT RAISE(ABORT, 'attendance is append-only'); END;
CREATE TRIGGER meeting_attendance_append_only_d BEFORE DELETE ON meeting_attendance BEGIN SELECT RAISE(ABORT, 'attendance is append-only'); END;
CREATE TRIGGER excuses_append_only_u BEFORE UPDATE ON excuses BEGIN SELECT RAISE(ABORT, 'excuses are append-only'); END;
CREATE TRIGGER excuses_append_only_d BEFORE DELETE ON excuses BEGIN SELECT RAISE(ABORT, 'excuses are append-only'); END;
CREATE TRIGGER agenda_items_append_only_u BEFORE UPDATE ON agenda_items BEGIN SELECT RAISE(ABORT, 'agenda items are append-only'); END;
CREATE TRIGGER agenda_items_append_only_d BEFORE DELETE ON agenda_items BEGIN SELECT RAISE(ABORT, 'agenda items are append-only'); END;
CREATE TRIGGER agenda_taken_append_only_u BEFORE UPDATE ON agenda_taken BEGIN SELECT RAISE(ABORT, 'agenda links are append-only'); END;
CREATE TRIGGER agenda_taken_append_only_d BEFORE DELETE ON agenda_taken BEGIN SELECT RAISE(ABORT, 'agenda links are append-only'); END;
CREATE TRIGGER agenda_notes_append_only_u BEFORE UPDATE ON agenda_notes BEGIN SELECT RAISE(ABORT, 'agenda notes are append-only'); END;
CREATE TRIGGER agenda_notes_append_only_d BEFORE DELETE ON agenda_notes BEGIN SELECT RAISE(ABORT, 'agenda notes are append-only'); END;
CREATE TRIGGER minutes_amendments_append_only_u BEFORE UPDATE ON minutes_amendments BEGIN SELECT RAISE(ABORT, 'amendments are append-only'); END;
CREATE TRIGGER minutes_amendments_append_only_d BEFORE DELETE ON minutes_amendments BEGIN SELECT RAISE(ABORT, 'amendments are append-only'); END;
