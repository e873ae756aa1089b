-- Placeholder: number 0014 belongs to the migration of the OIDC branch (national identity login).
-- This empty step only keeps the numbers consecutive (store/migrate.c stops at a gap) on the net
-- branch; it is dropped when the branches merge and 0015 follows the real 0014.
SELECT 1;
