-- Other references of a member: the same person as the platform shows
-- them in another form (WhatsApp: the LID and the phone number, or a new
-- number). A member is found by its user_ref or by any of its aliases.
-- Append-only: an alias, once seen, stays the member's.
CREATE TABLE member_aliases (
    id        INTEGER PRIMARY KEY,
    group_id  INTEGER NOT NULL REFERENCES groups(id),
    member_id INTEGER NOT NULL REFERENCES members(id),
    ref       TEXT NOT NULL,
    at        TEXT NOT NULL,
    source    TEXT NOT NULL
);
CREATE UNIQUE INDEX member_aliases_ref ON member_aliases(group_id, ref);
CREATE INDEX member_aliases_user ON member_aliases(ref);
CREATE INDEX member_aliases_member ON member_aliases(member_id);
CREATE TRIGGER member_aliases_append_only_u BEFORE UPDATE ON member_aliases BEGIN SELECT RAISE(ABORT, 'member aliases are append-only'); END;
CREATE TRIGGER member_aliases_append_only_d BEFORE DELETE ON member_aliases BEGIN SELECT RAISE(ABORT, 'member aliases are append-only'); END;
