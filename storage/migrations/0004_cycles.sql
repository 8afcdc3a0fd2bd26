-- Savings cycles and their share-out. A group's first cycle has no row: it
-- runs from the start of the book. Each share-out that is booked starts the
-- next cycle with a row here, stating what the share-out paid. The money
-- itself is in entries (withdrawal and profit_paid, note 'bagi hasil').
-- Append-only.

CREATE TABLE cycles (
    id                 INTEGER PRIMARY KEY,
    group_id           INTEGER NOT NULL REFERENCES groups(id),
    no                 INTEGER NOT NULL CHECK (no >= 2),
    started_at         TEXT NOT NULL,
    -- The share-out that closed the previous cycle.
    shareout_savings   INTEGER NOT NULL CHECK (shareout_savings >= 0),
    shareout_profit    INTEGER NOT NULL,
    shareout_remainder INTEGER NOT NULL CHECK (shareout_remainder >= 0),
    booked_by          INTEGER NOT NULL REFERENCES members(id),
    source             TEXT NOT NULL,
    UNIQUE (group_id, no)
);

-- The chair's and the treasurer's confirmations of a share-out preview,
-- for the cycle it closes. fingerprint identifies the preview's numbers:
-- the second confirmation books the share-out only if it confirms the same
-- numbers as the first.
CREATE TABLE shareout_confirmations (
    id          INTEGER PRIMARY KEY,
    group_id    INTEGER NOT NULL REFERENCES groups(id),
    cycle_no    INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    total       INTEGER NOT NULL,
    by_member   INTEGER NOT NULL REFERENCES members(id),
    at          TEXT NOT NULL,
    meeting_id  INTEGER REFERENCES meetings(id),
    source      TEXT NOT NULL,
    UNIQUE (group_id, cycle_no, fingerprint, by_member)
);
CREATE INDEX shareout_confirmations_cycle ON shareout_confirmations(group_id, cycle_no, id);

-- The totals of the books (/kas, the share-out) read the entries that
-- needed no confirmation from this index alone.
CREATE INDEX entries_totals ON entries(group_id, needs_confirmation, kind, member_id, reverses, amount);

CREATE TRIGGER cycles_append_only_u BEFORE UPDATE ON cycles BEGIN SELECT RAISE(ABORT, 'cycles are append-only'); END;
CREATE TRIGGER cycles_append_only_d BEFORE DELETE ON cycles BEGIN SELECT RAISE(ABORT, 'cycles are append-only'); END;
CREATE TRIGGER shareout_confirmations_append_only_u BEFORE UPDATE ON shareout_confirmations BEGIN SELECT RAISE(ABORT, 'share-out confirmations are append-only'); END;
CREATE TRIGGER shareout_confirmations_append_only_d BEFORE DELETE ON shareout_confirmations BEGIN SELECT RAISE(ABORT, 'share-out confirmations are append-only'); END;
