-- A role without a unit (citizen) is unique per user too: SQLite's UNIQUE treats NULLs as distinct.
CREATE UNIQUE INDEX user_roles_unique ON user_roles (user_id, role, coalesce(unit_code, ''));
