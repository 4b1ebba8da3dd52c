-- Drop what steward_analytics owns in sales (Steward's schemas and views) and its grants there [managedDatabase]
DROP SCHEMA IF EXISTS "governed", "immuta_functions", "immuta_procedures", "immuta_system" CASCADE;

-- Drop what steward_analytics owns in sales (Steward's schemas and views) and its grants there [managedDatabase]
DROP VIEW IF EXISTS "public"."customers_governed";

-- Drop what steward_analytics owns in sales (Steward's schemas and views) and its grants there [managedDatabase]
REVOKE ALL PRIVILEGES ON "public"."customers" FROM "steward_analytics";

-- Drop what steward_analytics owns in sales (Steward's schemas and views) and its grants there [managedDatabase]
REVOKE ALL PRIVILEGES ON "sales"."orders" FROM "steward_analytics";

-- Drop what steward_analytics owns in sales (Steward's schemas and views) and its grants there [managedDatabase]
REVOKE ALL PRIVILEGES ON SCHEMA "public" FROM "steward_analytics";

-- Drop what steward_analytics owns in sales (Steward's schemas and views) and its grants there [managedDatabase]
REVOKE ALL PRIVILEGES ON SCHEMA "sales" FROM "steward_analytics";

-- Drop what steward_analytics owns in sales (Steward's schemas and views) and its grants there [managedDatabase]
REVOKE ALL PRIVILEGES ON DATABASE "sales" FROM "steward_analytics";

-- Drop the impersonation role immuta_impersonation [initialDatabase]
DROP ROLE "immuta_impersonation" FORCE;

-- Drop the system account steward_analytics [initialDatabase]
DROP USER IF EXISTS "steward_analytics";

-- the catalog reads that find the footprint [managedDatabase]
-- footprint schemas
SELECT n.nspname AS schema_name, COALESCE(o.usename, '') AS owner, n.nspacl AS acl
FROM pg_namespace n LEFT JOIN pg_user o ON o.usesysid = n.nspowner
WHERE o.usename = $1 OR n.nspacl IS NOT NULL;

-- footprint relations
SELECT n.nspname AS schema_name, c.relname AS relation_name, c.relkind AS relation_kind, COALESCE(o.usename, '') AS owner,
  c.relacl AS acl
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_user o ON o.usesysid = c.relowner
WHERE c.relkind IN ('r', 'v') AND (o.usename = $1 OR c.relacl IS NOT NULL);
