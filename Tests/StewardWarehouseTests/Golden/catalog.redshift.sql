-- user
SELECT current_user AS user_name, u.usesuper AS is_superuser, u.usecreatedb AS can_create_database
FROM pg_user u WHERE u.usename = current_user;

-- database
SELECT d.datname AS database_name, o.usename AS database_owner, d.datacl AS database_acl,
  EXISTS (SELECT 1 FROM pg_user WHERE usename = $2) AS system_user_exists
FROM (SELECT 1) AS one LEFT JOIN pg_database d ON d.datname = $1 LEFT JOIN pg_user o ON o.usesysid = d.datdba;

-- role
SELECT role_name FROM svv_roles WHERE role_name = $1;

-- admin
SELECT role_name FROM svv_user_grants WHERE user_name = $1 AND admin_option = true;

-- schema
SELECT n.nspname AS name, COALESCE(o.usename, '') AS owner, n.nspacl AS acl
FROM pg_namespace n LEFT JOIN pg_user o ON o.usesysid = n.nspowner WHERE n.nspname = $1;

-- markerTable
SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relname = $2;

-- markers
SELECT integration_uid, integration_name, system_user_name, impersonation_role FROM "immuta_system"."steward_marker" ORDER BY integration_uid;
