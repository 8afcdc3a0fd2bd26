-- Loans from the group's own fund. A loan is a request (its terms fixed from
-- the rules at the time) and its events: the approvals of the chair and the
-- treasurer, a rejection, the pay-out. The money itself is in entries
-- (loan_out, loan_principal, loan_interest) that name the loan. Append-only.

CREATE TABLE loans (
    id           INTEGER PRIMARY KEY,
    group_id     INTEGER NOT NULL REFERENCES groups(id),
    no           INTEGER NOT NULL,
    member_id    INTEGER NOT NULL REFERENCES members(id),
    principal    INTEGER NOT NULL CHECK (principal > 0),
    rate_bp      INTEGER NOT NULL CHECK (rate_bp >= 0),
    months       INTEGER NOT NULL CHECK (months > 0),
    method       TEXT NOT NULL CHECK (method IN ('flat', 'declining')),
    purpose      TEXT NOT NULL DEFAULT '',
    requested_by INTEGER NOT NULL REFERENCES members(id),
    requested_at TEXT NOT NULL,
    meeting_id   INTEGER REFERENCES meetings(id),
    source       TEXT NOT NULL,
    UNIQUE (group_id, no)
);
CREATE INDEX loans_member ON loans(group_id, member_id);

-- What happened to a loan. It is approved by both a chair and a treasurer:
-- two 'approved' rows from different members holding those roles.
CREATE TABLE loan_events (
    id         INTEGER PRIMARY KEY,
    loan_id    INTEGER NOT NULL REFERENCES loans(id),
    kind       TEXT NOT NULL CHECK (kind IN ('approved', 'rejected', 'disbursed')),
    by_member  INTEGER NOT NULL REFERENCES members(id),
    at         TEXT NOT NULL,
    meeting_id INTEGER REFERENCES meetings(id),
    source     TEXT NOT NULL,
    UNIQUE (loan_id, by_member, kind)
);
CREATE INDEX loan_events_loan ON loan_events(loan_id, id);

-- The loan a money entry belongs to (pay-out and repayments).
ALTER TABLE entries ADD COLUMN loan_id INTEGER REFERENCES loans(id);
CREATE INDEX entries_loan ON entries(loan_id);

CREATE TRIGGER loans_append_only_u BEFORE UPDATE ON loans BEGIN SELECT RAISE(ABORT, 'loans are append-only'); END;
CREATE TRIGGER loans_append_only_d BEFORE DELETE ON loans BEGIN SELECT RAISE(ABORT, 'loans are append-only'); END;
CREATE TRIGGER loan_events_append_only_u BEFORE UPDATE ON loan_events BEGIN SELECT RAISE(ABORT, 'loan events are append-only'); END;
CREATE TRIGGER loan_events_append_only_d BEFORE DELETE ON loan_events BEGIN SELECT RAISE(ABORT, 'loan events are append-only'); END;
