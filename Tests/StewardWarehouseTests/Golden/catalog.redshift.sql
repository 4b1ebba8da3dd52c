-- user
SELECT current_user AS current_user, u.usesuper AS is_superuser, u.usecreatedb AS can_create_database
FROM pg_user u WHERE u.usename = current_user;

-- database
SELECT d.datname AS database_name, pg_get_userbyid(d.datdba) AS database_owner, d.datacl AS database_acl,
  EXISTS (SELECT 1 FROM pg_user WHERE usename = $2) AS system_user_exists
FROM (SELECT 1) AS one LEFT JOIN pg_database d ON d.datname = $1;

-- role
SELECT role_name FROM svv_roles WHERE role_name = $1;

-- admin
SELECT role_name FROM svv_user_grants WHERE user_name = $1 AND admin_option = true;

-- schema
SELECT n.nspname AS name, pg_get_userbyid(n.nspowner) AS owner, n.nspacl AS acl
FROM pg_namespace n WHERE n.nspname = $1;

-- markerTable
SELECT count(*) AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relname = $2;
