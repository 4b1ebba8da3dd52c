-- Create schema governed for published views
CREATE SCHEMA IF NOT EXISTS "governed";

-- Create schema governed for published views
GRANT USAGE ON SCHEMA "governed" TO PUBLIC;

-- Create schema public for published views
CREATE SCHEMA IF NOT EXISTS "public";

-- Create schema public for published views
GRANT USAGE ON SCHEMA "public" TO PUBLIC;

-- Create the profile table
CREATE TABLE IF NOT EXISTS "immuta_system"."steward_profile" (user_name VARCHAR(128) NOT NULL, kind VARCHAR(16) NOT NULL, name VARCHAR(256) NOT NULL, items VARCHAR(65535) NOT NULL);

-- Create the view tracking table
CREATE TABLE IF NOT EXISTS "immuta_system"."steward_views" (object_key VARCHAR(256) NOT NULL, view_schema VARCHAR(128) NOT NULL, view_name VARCHAR(128) NOT NULL, definition_hash VARCHAR(64) NOT NULL, catalog_hash VARCHAR(64) NOT NULL);

-- Create the impersonation table
CREATE TABLE IF NOT EXISTS "immuta_system"."steward_impersonation" (pid INTEGER NOT NULL, session_user_name VARCHAR(128) NOT NULL, target VARCHAR(128) NOT NULL, token VARCHAR(64) NOT NULL);

-- Create the profile view (the querying user's rows)
CREATE VIEW "immuta_system"."my_profile" AS SELECT kind, name, items FROM "immuta_system"."steward_profile" WHERE user_name = COALESCE((SELECT i.target FROM "immuta_system"."steward_impersonation" i WHERE i.pid = pg_backend_pid() AND i.session_user_name = SESSION_USER AND i.token = CURRENT_SETTING('steward.impersonation', FALSE)), CURRENT_USER);

-- Create the profile view (the querying user's rows)
GRANT SELECT ON "immuta_system"."my_profile" TO PUBLIC;

-- Create immuta_procedures.impersonate_user for members of immuta_impersonation
CREATE OR REPLACE PROCEDURE "immuta_procedures"."impersonate_user"(target VARCHAR) AS $steward$ DECLARE proof VARCHAR(64); setting VARCHAR(64); BEGIN DELETE FROM "immuta_system"."steward_impersonation" WHERE pid = pg_backend_pid(); IF target IS NULL THEN SELECT INTO setting set_config('steward.impersonation', '', false); RETURN; END IF; proof := MD5(CAST(RANDOM() AS VARCHAR) || CAST(GETDATE() AS VARCHAR) || CAST(pg_backend_pid() AS VARCHAR)); INSERT INTO "immuta_system"."steward_impersonation" (pid, session_user_name, target, token) VALUES (pg_backend_pid(), SESSION_USER, target, proof); SELECT INTO setting set_config('steward.impersonation', proof, false); END $steward$ LANGUAGE plpgsql SECURITY DEFINER;

-- Create immuta_procedures.impersonate_user for members of immuta_impersonation
REVOKE ALL ON PROCEDURE "immuta_procedures"."impersonate_user"(VARCHAR) FROM PUBLIC;

-- Create immuta_procedures.impersonate_user for members of immuta_impersonation
GRANT EXECUTE ON PROCEDURE "immuta_procedures"."impersonate_user"(VARCHAR) TO ROLE "immuta_impersonation";

-- Create immuta_procedures.impersonate_user for members of immuta_impersonation
-- $1 = @impersonate
DELETE FROM "immuta_system"."steward_views" WHERE object_key = $1;

-- Create immuta_procedures.impersonate_user for members of immuta_impersonation
-- $1 = @impersonate
-- $2 = immuta_procedures
-- $3 = impersonate_user
-- $4 = a9ed3423280d5b42381e2b88b00feff342a45a2986a4b8475a3fd85802f0927b
INSERT INTO "immuta_system"."steward_views" (object_key, view_schema, view_name, definition_hash, catalog_hash) VALUES ($1, $2, $3, $4, '');

-- Create view public.customers for data source customers (new data source)
DROP VIEW IF EXISTS "public"."customers";

-- Create view public.customers for data source customers (new data source)
CREATE VIEW "public"."customers" AS SELECT t."id" AS "id", CASE WHEN POSITION('|admins|' IN p."g") > 0 THEN CAST(t."email" AS VARCHAR(65535)) ELSE SHA2(CAST(t."email" AS VARCHAR(65535)), 256) END AS "email", t."region" AS "region" FROM "sales"."public"."customers" AS t CROSS JOIN (SELECT MAX(CASE WHEN kind = 'groups' THEN items END) AS "g", MAX(CASE WHEN kind = 'subscriptions' THEN items END) AS "s", MAX(CASE WHEN kind = 'attribute' AND name = 'region' THEN items END) AS "a0" FROM "immuta_system"."my_profile") AS p WHERE POSITION('|customers|' IN p."s") > 0 AND (POSITION('|admins|' IN p."g") > 0 OR POSITION('|' IN CAST(t."region" AS VARCHAR(65535))) = 0 AND POSITION('|' || CAST(t."region" AS VARCHAR(65535)) || '|' IN p."a0") > 0) WITH NO SCHEMA BINDING;

-- Create view public.customers for data source customers (new data source)
GRANT SELECT ON "public"."customers" TO PUBLIC;

-- Create view public.customers for data source customers (new data source)
-- $1 = customers
DELETE FROM "immuta_system"."steward_views" WHERE object_key = $1;

-- Create view public.customers for data source customers (new data source)
-- $1 = customers
-- $2 = public
-- $3 = customers
-- $4 = 974971060d06b18562c43867caf309af27210538c271fafece209a9e1197174b
INSERT INTO "immuta_system"."steward_views" (object_key, view_schema, view_name, definition_hash, catalog_hash) VALUES ($1, $2, $3, $4, '');

-- Create view governed.orders for data source orders (new data source)
DROP VIEW IF EXISTS "governed"."orders";

-- Create view governed.orders for data source orders (new data source)
CREATE VIEW "governed"."orders" AS SELECT t."id" AS "id", ROUND(CAST(t."total" AS DECIMAL(38, 10)), 1) AS "total", t."status" AS "status" FROM "sales"."public"."orders" AS t CROSS JOIN (SELECT MAX(CASE WHEN kind = 'groups' THEN items END) AS "g", MAX(CASE WHEN kind = 'subscriptions' THEN items END) AS "s" FROM "immuta_system"."my_profile") AS p WHERE POSITION('|orders|' IN p."s") > 0 AND (CAST(t."status" AS VARCHAR(65535)) IN ('open', 'paid')) WITH NO SCHEMA BINDING;

-- Create view governed.orders for data source orders (new data source)
GRANT SELECT ON "governed"."orders" TO PUBLIC;

-- Create view governed.orders for data source orders (new data source)
-- $1 = orders
DELETE FROM "immuta_system"."steward_views" WHERE object_key = $1;

-- Create view governed.orders for data source orders (new data source)
-- $1 = orders
-- $2 = governed
-- $3 = orders
-- $4 = bb6e58ca5d32e28d6591d7ab8be330298074fb2f3be47ad24a668ef9956f8eb2
INSERT INTO "immuta_system"."steward_views" (object_key, view_schema, view_name, definition_hash, catalog_hash) VALUES ($1, $2, $3, $4, '');

-- Add attribute region of alice to the profile
-- $1 = alice
-- $2 = attribute
-- $3 = region
-- $4 = |EU|US|
INSERT INTO "immuta_system"."steward_profile" (user_name, kind, name, items) VALUES ($1, $2, $3, $4);

-- Add groups  of alice to the profile
-- $1 = alice
-- $2 = groups
-- $3 = 
-- $4 = |analysts|
INSERT INTO "immuta_system"."steward_profile" (user_name, kind, name, items) VALUES ($1, $2, $3, $4);

-- Add subscriptions  of alice to the profile
-- $1 = alice
-- $2 = subscriptions
-- $3 = 
-- $4 = |customers|orders|
INSERT INTO "immuta_system"."steward_profile" (user_name, kind, name, items) VALUES ($1, $2, $3, $4);
