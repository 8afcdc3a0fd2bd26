-- A loan keeps the time zone its installments are dated in, taken from the
-- group's rules when it is asked for: a later change of the group's zone
-- does not move a loan's due days. '' (loans asked for before this
-- migration) means the group's current zone.
ALTER TABLE loans ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';
