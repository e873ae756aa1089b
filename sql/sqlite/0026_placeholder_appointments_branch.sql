-- PLACEHOLDER on branch appointments only, so that 0027 applies in this branch's tests: migration
-- 0026 belongs to another helper's branch. Drop this file (its commit) when merging.
SELECT 1;
