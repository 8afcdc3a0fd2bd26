-- Polls: the group decides by vote, natively on platforms that have polls
-- (Telegram) or by text (/pilih). A poll may be binding: a loan approval, a
-- rule change or an officer election takes effect when it passes, in the
-- same transaction as its decision. Append-only, like the rest of the books.

CREATE TABLE polls (
    id           INTEGER PRIMARY KEY,
    group_id     INTEGER NOT NULL REFERENCES groups(id),
    no           INTEGER NOT NULL,
    question     TEXT NOT NULL,
    -- The options as a JSON array of strings, 2 to 10.
    options      TEXT NOT NULL,
    kind         TEXT NOT NULL CHECK (kind IN ('plain', 'loan', 'rule', 'officer')),
    loan_id      INTEGER REFERENCES loans(id),
    rule_key     TEXT,
    rule_value   TEXT,
    reason       TEXT NOT NULL DEFAULT '',
    candidate    INTEGER REFERENCES members(id),
    role         TEXT CHECK (role IS NULL OR role IN ('chair', 'treasurer', 'secretary')),
    -- The quorum and majority in force when the poll opened (percent).
    quorum_pct   INTEGER NOT NULL CHECK (quorum_pct BETWEEN 0 AND 100),
    majority_pct INTEGER NOT NULL CHECK (majority_pct BETWEEN 50 AND 100),
    opened_by    INTEGER NOT NULL REFERENCES members(id),
    opened_at    TEXT NOT NULL,
    closes_at    TEXT NOT NULL,
    meeting_id   INTEGER REFERENCES meetings(id),
    source       TEXT NOT NULL,
    UNIQUE (group_id, no)
);
CREATE INDEX polls_closes ON polls(closes_at);

-- The platform's poll for one of ours, known once the platform took it
-- (a poll resent after a crash gets a second row; both count).
CREATE TABLE poll_links (
    platform_poll_id TEXT PRIMARY KEY,
    poll_id          INTEGER NOT NULL REFERENCES polls(id),
    chat_ref         TEXT NOT NULL,
    message_id       TEXT NOT NULL,
    at               TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX poll_links_poll ON poll_links(poll_id);

-- Votes as events: a vote (or a changed vote) and a retraction. A voter's
-- latest event before the close counts. member_id is NULL for a voter who
-- is not a member (counted apart, never in the result).
CREATE TABLE poll_votes (
    id        INTEGER PRIMARY KEY,
    poll_id   INTEGER NOT NULL REFERENCES polls(id),
    voter_ref TEXT NOT NULL,
    member_id INTEGER REFERENCES members(id),
    -- JSON array of option indexes; empty for a retraction.
    choices   TEXT NOT NULL,
    via       TEXT NOT NULL CHECK (via IN ('native', 'text')),
    at        TEXT NOT NULL,
    source    TEXT NOT NULL
);
CREATE INDEX poll_votes_poll ON poll_votes(poll_id, voter_ref, id);

-- A poll's decision: one row at most, so a close is never applied twice.
CREATE TABLE poll_decisions (
    poll_id    INTEGER PRIMARY KEY REFERENCES polls(id),
    outcome    TEXT NOT NULL CHECK (outcome IN ('decided', 'no_majority', 'no_quorum', 'tie')),
    winner     INTEGER,
    -- JSON: the count per option, the voters, members and ignored votes.
    tally      TEXT NOT NULL,
    closed_by  INTEGER REFERENCES members(id),
    meeting_id INTEGER REFERENCES meetings(id),
    at         TEXT NOT NULL,
    source     TEXT NOT NULL
);

-- Why a rule was changed, and by which poll (if any).
CREATE TABLE rule_changes (
    setting_id INTEGER PRIMARY KEY REFERENCES settings(id),
    reason     TEXT NOT NULL DEFAULT '',
    poll_id    INTEGER REFERENCES polls(id)
);

-- Which poll elected an officer.
CREATE TABLE role_elections (
    role_id INTEGER PRIMARY KEY REFERENCES roles(id),
    poll_id INTEGER NOT NULL REFERENCES polls(id)
);

CREATE TRIGGER polls_append_only_u BEFORE UPDATE ON polls BEGIN SELECT RAISE(ABORT, 'polls are append-only'); END;
CREATE TRIGGER polls_append_only_d BEFORE DELETE ON polls BEGIN SELECT RAISE(ABORT, 'polls are append-only'); END;
CREATE TRIGGER poll_links_append_only_u BEFORE UPDATE ON poll_links BEGIN SELECT RAISE(ABORT, 'poll links are append-only'); END;
CREATE TRIGGER poll_links_append_only_d BEFORE DELETE ON poll_links BEGIN SELECT RAISE(ABORT, 'poll links are append-only'); END;
CREATE TRIGGER poll_votes_append_only_u BEFORE UPDATE ON poll_votes BEGIN SELECT RAISE(ABORT, 'poll votes are append-only'); END;
CREATE TRIGGER poll_votes_append_only_d BEFORE DELETE ON poll_votes BEGIN SELECT RAISE(ABORT, 'poll votes are append-only'); END;
CREATE TRIGGER poll_decisions_append_only_u BEFORE UPDATE ON poll_decisions BEGIN SELECT RAISE(ABORT, 'poll decisions are append-only'); END;
CREATE TRIGGER poll_decisions_append_only_d BEFORE DELETE ON poll_decisions BEGIN SELECT RAISE(ABORT, 'poll decisions are append-only'); END;
CREATE TRIGGER rule_changes_append_only_u BEFORE UPDATE ON rule_changes BEGIN SELECT RAISE(ABORT, 'rule changes are append-only'); END;
CREATE TRIGGER rule_changes_append_only_d BEFORE DELETE ON rule_changes BEGIN SELECT RAISE(ABORT, 'rule changes are append-only'); END;
CREATE TRIGGER role_elections_append_only_u BEFORE UPDATE ON role_elections BEGIN SELECT RAISE(ABORT, 'role elections are append-only'); END;
CREATE TRIGGER role_elections_append_only_d BEFORE DELETE ON role_elections BEGIN SELECT RAISE(ABORT, 'role elections are append-only'); END;
