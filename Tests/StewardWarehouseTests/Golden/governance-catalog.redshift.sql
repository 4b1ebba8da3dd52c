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
SELECT n.nspname, c.relname, c.relacl, COALESCE(o.usename, ''),
  CASE WHEN EXISTS (SELECT 1 FROM pg_user WHERE usename = $1) THEN has_schema_privilege($1, n.nspname, 'USAGE') ELSE false END,
  CASE WHEN EXISTS (SELECT 1 FROM pg_user WHERE usename = $1)
    THEN has_table_privilege($1, QUOTE_IDENT(n.nspname) || '.' || QUOTE_IDENT(c.relname), 'SELECT') ELSE false END
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace LEFT JOIN pg_user o ON o.usesysid = c.relowner
WHERE n.nspname IN ($2)
AND c.relname IN ($3, $4) AND c.relkind IN ('r', 'v');
