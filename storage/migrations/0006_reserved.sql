-- Number reserved for a migration being written on another branch. This file
-- only keeps the numbering without a gap on this branch; delete it when that
-- branch's 0006_*.sql is merged.
SELECT 1;
