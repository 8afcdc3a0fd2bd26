-- Polls, after review. rule_from: the rule's value in force when a rule
-- poll opened; a poll whose rule changed while it was open is not applied
-- (NULL for polls opened before this column: their opening time decides).
-- cast_by: the officer who recorded a vote on behalf of a member without a
-- chat account (NULL: the voter cast it).
ALTER TABLE polls ADD COLUMN rule_from TEXT;
ALTER TABLE poll_votes ADD COLUMN cast_by INTEGER REFERENCES members(id);
