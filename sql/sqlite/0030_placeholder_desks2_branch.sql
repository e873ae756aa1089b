-- TEST ONLY on branch desks2: a placeholder so that 0032 applies here. Drop this file when
-- merging; the number belongs to another helper.
SELECT 1;
