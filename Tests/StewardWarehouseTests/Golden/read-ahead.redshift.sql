-- a routine check, one round trip
SELECT current_user AS user_name, u.usesuper AS is_superuser, u.usecreatedb AS can_create_database
FROM pg_user u WHERE u.usename = current_user;
-- parameters: 'sales', 'steward_analytics'
SELECT d.datname AS database_name, o.usename AS database_owner, d.datacl AS database_acl,
  EXISTS (SELECT 1 FROM pg_user WHERE usename = $2) AS system_user_exists
FROM (SELECT 1) AS one LEFT JOIN pg_database d ON d.datname = $1 LEFT JOIN pg_user o ON o.usesysid = d.datdba;
-- parameters: 'immuta_impersonation'
SELECT role_name FROM svv_roles WHERE role_name = $1;
-- parameters: 'steward_analytics'
SELECT role_name FROM svv_user_grants WHERE user_name = $1 AND admin_option = true;
-- parameters: 'immuta_system'
SELECT n.nspname AS name, COALESCE(o.usename, '') AS owner, n.nspacl AS acl
FROM pg_namespace n LEFT JOIN pg_user o ON o.usesysid = n.nspowner WHERE n.nspname = $1;
-- parameters: 'immuta_functions'
SELECT n.nspname AS name, COALESCE(o.usename, '') AS owner, n.nspacl AS acl
FROM pg_namespace n LEFT JOIN pg_user o ON o.usesysid = n.nspowner WHERE n.nspname = $1;
-- parameters: 'immuta_procedures'
SELECT n.nspname AS name, COALESCE(o.usename, '') AS owner, n.nspacl AS acl
FROM pg_namespace n LEFT JOIN pg_user o ON o.usesysid = n.nspowner WHERE n.nspname = $1;
-- parameters: 'immuta_system', 'steward_marker'
SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relname = $2;
SELECT integration_uid, integration_name, system_user_name, impersonation_role FROM "immuta_system"."steward_marker" ORDER BY integration_uid;
-- parameters: 'public', 'customers'
SELECT n.nspname, c.relname, c.relacl, COALESCE(towner.usename, ''), n.nspacl, COALESCE(sowner.usename, '')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_user towner ON towner.usesysid = c.relowner LEFT JOIN pg_user sowner ON sowner.usesysid = n.nspowner
WHERE n.nspname IN ($1)
AND c.relname IN ($2) AND c.relkind IN ('r', 'v');
-- parameters: 'immuta_system', 'steward_profile', 'steward_views', 'steward_impersonation', 'my_profile'
SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relname IN ($2, $3, $4, $5);
SELECT user_name, kind, name, items FROM "immuta_system"."steward_profile";
SELECT object_key, view_schema, view_name, definition_hash, catalog_hash FROM "immuta_system"."steward_views";
-- parameters: 'immuta_procedures', 'impersonate_user'
SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = $1 AND p.proname = $2;
-- parameters: 'governed', 'immuta_procedures'
SELECT n.nspname, c.relname, CASE WHEN c.relkind = 'v' THEN (SELECT MD5(v.definition) FROM pg_views v WHERE v.schemaname = n.nspname AND v.viewname = c.relname) ELSE '' END
FROM pg_catalog.pg_namespace n LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('v', 'r')
WHERE n.nspname IN ($1, $2);
-- parameters: 'lake'
SELECT schema_name, table_name, column_name, data_type FROM svv_all_columns WHERE database_name = $1
ORDER BY schema_name, table_name, ordinal_position;
-- parameters: 'sales'
SELECT schema_name, table_name, column_name, data_type FROM svv_all_columns WHERE database_name = $1
ORDER BY schema_name, table_name, ordinal_position;
SELECT 1 FROM (SELECT * FROM "governed"."customers" LIMIT 0) AS v UNION ALL SELECT 1 FROM (SELECT * FROM "governed"."orders" LIMIT 0) AS v;
-- a read-through chunk that failed, view by view, one round trip
SELECT 1 FROM (SELECT * FROM "governed"."customers" LIMIT 0) AS v;
SELECT 1 FROM (SELECT * FROM "governed"."orders" LIMIT 0) AS v;
-- a profile-only edit: the profile rows, one round trip (before and after the write)
-- parameters: 'immuta_system', 'steward_profile', 'steward_views', 'steward_impersonation', 'my_profile'
SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relname IN ($2, $3, $4, $5);
SELECT user_name, kind, name, items FROM "immuta_system"."steward_profile";
-- the first connection of an apply, one round trip
SELECT version() AS version;
SELECT current_user AS user_name, u.usesuper AS is_superuser, u.usecreatedb AS can_create_database
FROM pg_user u WHERE u.usename = current_user;
-- parameters: 'sales', 'steward_analytics'
SELECT d.datname AS database_name, o.usename AS database_owner, d.datacl AS database_acl,
  EXISTS (SELECT 1 FROM pg_user WHERE usename = $2) AS system_user_exists
FROM (SELECT 1) AS one LEFT JOIN pg_database d ON d.datname = $1 LEFT JOIN pg_user o ON o.usesysid = d.datdba;
-- parameters: 'immuta_impersonation'
SELECT role_name FROM svv_roles WHERE role_name = $1;
-- parameters: 'steward_analytics'
SELECT role_name FROM svv_user_grants WHERE user_name = $1 AND admin_option = true;
