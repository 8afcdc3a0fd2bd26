-- Kelompok's first schema. The books are append-only: triggers refuse any
-- UPDATE or DELETE on the tables that hold money, attendance, roles and rules.
-- A mistake is fixed by a new row (a decision or, later, a reversal entry).

CREATE TABLE groups (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Every chat reference a group has had. A Telegram group upgraded to a
-- supergroup gets a second row pointing at the same group.
CREATE TABLE group_chats (
    chat_ref TEXT PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES groups(id),
    added_at TEXT NOT NULL
);
CREATE INDEX group_chats_group ON group_chats(group_id);

-- What happened to the bot in the group: added, removed, migrated.
CREATE TABLE group_events (
    id       INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES groups(id),
    kind     TEXT NOT NULL,
    chat_ref TEXT NOT NULL,
    by_ref   TEXT,
    at       TEXT NOT NULL
);
CREATE INDEX group_events_group ON group_events(group_id, id);

CREATE TABLE members (
    id        INTEGER PRIMARY KEY,
    group_id  INTEGER NOT NULL REFERENCES groups(id),
    -- NULL for a member without a phone, recorded by an officer.
    user_ref  TEXT,
    name      TEXT NOT NULL,
    username  TEXT,
    added_by  INTEGER REFERENCES members(id),
    joined_at TEXT NOT NULL,
    source    TEXT NOT NULL
);
CREATE UNIQUE INDEX members_ref ON members(group_id, user_ref) WHERE user_ref IS NOT NULL;
CREATE UNIQUE INDEX members_name ON members(group_id, name COLLATE NOCASE);
CREATE INDEX members_username ON members(group_id, username COLLATE NOCASE);
CREATE INDEX members_user ON members(user_ref);

-- Offices, append-only: the latest row for a role names its holder.
CREATE TABLE roles (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES groups(id),
    role        TEXT NOT NULL CHECK (role IN ('chair', 'treasurer', 'secretary')),
    member_id   INTEGER REFERENCES members(id),
    assigned_by INTEGER REFERENCES members(id),
    assigned_at TEXT NOT NULL,
    source      TEXT NOT NULL
);
CREATE INDEX roles_group ON roles(group_id, role, id);

-- The group's rules, append-only: the latest row for a key is in force.
CREATE TABLE settings (
    id       INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES groups(id),
    key      TEXT NOT NULL,
    value    TEXT NOT NULL,
    set_by   INTEGER REFERENCES members(id),
    set_at   TEXT NOT NULL,
    source   TEXT NOT NULL
);
CREATE INDEX settings_group ON settings(group_id, key, id);

-- The ledger. amount is a positive count of the currency's minor unit; the
-- kind says which way it moves money. no is the number people quote.
CREATE TABLE entries (
    id                 INTEGER PRIMARY KEY,
    group_id           INTEGER NOT NULL REFERENCES groups(id),
    no                 INTEGER NOT NULL,
    kind               TEXT NOT NULL,
    member_id          INTEGER REFERENCES members(id),
    amount             INTEGER NOT NULL CHECK (amount > 0),
    requested_by       INTEGER NOT NULL REFERENCES members(id),
    needs_confirmation INTEGER NOT NULL CHECK (needs_confirmation IN (0, 1)),
    reverses           INTEGER REFERENCES entries(id),
    note               TEXT NOT NULL DEFAULT '',
    source             TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    UNIQUE (group_id, no)
);
CREATE INDEX entries_member ON entries(group_id, member_id, kind);

-- At most one decision per entry that needed confirmation.
CREATE TABLE entry_decisions (
    entry_id   INTEGER PRIMARY KEY REFERENCES entries(id),
    decision   TEXT NOT NULL CHECK (decision IN ('confirmed', 'rejected', 'withdrawn')),
    decided_by INTEGER NOT NULL REFERENCES members(id),
    decided_at TEXT NOT NULL,
    source     TEXT NOT NULL
);

-- Attendance, one mark per member per meeting day (local date).
CREATE TABLE attendance (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES groups(id),
    meeting_day TEXT NOT NULL,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    status      TEXT NOT NULL CHECK (status IN ('present', 'late', 'excused', 'absent')),
    recorded_by INTEGER NOT NULL REFERENCES members(id),
    at          TEXT NOT NULL,
    source      TEXT NOT NULL,
    UNIQUE (group_id, meeting_day, member_id)
);

-- Every platform event whose effects are committed, so a redelivery is a no-op.
CREATE TABLE processed (
    source TEXT PRIMARY KEY,
    at     TEXT NOT NULL
) WITHOUT ROWID;

-- Replies waiting to be sent; a row is deleted once the platform took it.
-- The writer numbers rows itself, never reusing an id while it runs, so the
-- sender's "after id" cursor cannot skip a new reply.
CREATE TABLE outbox (
    id         INTEGER PRIMARY KEY,
    platform   TEXT NOT NULL,
    chat_ref   TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TRIGGER entries_append_only_u BEFORE UPDATE ON entries BEGIN SELECT RAISE(ABORT, 'entries are append-only'); END;
CREATE TRIGGER entries_append_only_d BEFORE DELETE ON entries BEGIN SELECT RAISE(ABORT, 'entries are append-only'); END;
CREATE TRIGGER decisions_append_only_u BEFORE UPDATE ON entry_decisions BEGIN SELECT RAISE(ABORT, 'entry decisions are append-only'); END;
CREATE TRIGGER decisions_append_only_d BEFORE DELETE ON entry_decisions BEGIN SELECT RAISE(ABORT, 'entry decisions are append-only'); END;
CREATE TRIGGER attendance_append_only_u BEFORE UPDATE ON attendance BEGIN SELECT RAISE(ABORT, 'attendance is append-only'); END;
CREATE TRIGGER attendance_append_only_d BEFORE DELETE ON attendance BEGIN SELECT RAISE(ABORT, 'attendance is append-only'); END;
CREATE TRIGGER roles_append_only_u BEFORE UPDATE ON roles BEGIN SELECT RAISE(ABORT, 'roles are append-only'); END;
CREATE TRIGGER roles_append_only_d BEFORE DELETE ON roles BEGIN SELECT RAISE(ABORT, 'roles are append-only'); END;
CREATE TRIGGER settings_append_only_u BEFORE UPDATE ON settings BEGIN SELECT RAISE(ABORT, 'settings are append-only'); END;
CREATE TRIGGER settings_append_only_d BEFORE DELETE ON settings BEGIN SELECT RAISE(ABORT, 'settings are append-only'); END;
CREATE TRIGGER group_events_append_only_u BEFORE UPDATE ON group_events BEGIN SELECT RAISE(ABORT, 'group events are append-only'); END;
CREATE TRIGGER group_events_append_only_d BEFORE DELETE ON group_events BEGIN SELECT RAISE(ABORT, 'group events are append-only'); END;
