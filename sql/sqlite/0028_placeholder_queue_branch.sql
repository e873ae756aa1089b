-- PLACEHOLDER on branch queue only, so that 0029 applies in this branch's tests: migration 0028
-- belongs to another helper's branch (feedback). Drop this file (its commit) when merging.
SELECT 1;
