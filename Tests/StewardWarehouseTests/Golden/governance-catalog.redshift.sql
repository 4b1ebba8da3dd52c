-- governance objects
SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = $1 AND c.relname IN ($2, $3, $4, $5);

-- profile rows
SELECT user_name, kind, name, items FROM "immuta_system"."steward_profile";

-- tracked views
SELECT object_key, view_schema, view_name, definition_hash, catalog_hash FROM "immuta_system"."steward_views";

-- impersonation procedure
SELECT 1 FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = $1 AND p.proname = $2;

-- live views
SELECT n.nspname, c.relname, CASE WHEN c.relkind = 'v' THEN (SELECT MD5(v.definition) FROM pg_views v WHERE v.schemaname = n.nspname AND v.viewname = c.relname) ELSE '' END
FROM pg_catalog.pg_namespace n LEFT JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relkind IN ('v', 'r')
WHERE n.nspname IN ($1, $2);

-- source columns
SELECT schema_name, table_name, column_name, data_type FROM svv_all_columns WHERE database_name = $1
ORDER BY schema_name, table_name, ordinal_position;

-- source-table grants
SELECT n.nspname, c.relname, c.relacl, COALESCE(towner.usename, ''), n.nspacl, COALESCE(sowner.usename, '')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_user towner ON towner.usesysid = c.relowner LEFT JOIN pg_user sowner ON sowner.usesysid = n.nspowner
WHERE n.nspname IN ($1)
AND c.relname IN ($2, $3) AND c.relkind IN ('r', 'v');

-- views read through as their owner, one chunk
SELECT 1 FROM (SELECT * FROM "governed"."customers" LIMIT 0) AS v UNION ALL SELECT 1 FROM (SELECT * FROM "governed"."order lines" LIMIT 0) AS v;

-- one view read through (to name a failing one)
SELECT 1 FROM (SELECT * FROM "governed"."order lines" LIMIT 0) AS v;
