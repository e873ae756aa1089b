-- Placeholder for migration 0023, which belongs to the national portal sync (issue 14, another
-- branch). It exists only so that 0024 applies on this branch: when merging, keep the sync
-- branch's 0023 and delete this file. It changes nothing.
SELECT 1;
