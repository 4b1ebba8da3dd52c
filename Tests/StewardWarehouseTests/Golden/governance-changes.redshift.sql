-- Drop the impersonation function (impersonation is off)
DROP PROCEDURE "immuta_procedures"."impersonate_user"(VARCHAR);

-- Drop the impersonation function (impersonation is off)
-- $1 = @impersonate
DELETE FROM "immuta_system"."steward_views" WHERE object_key = $1;

-- Drop view governed.old (data source old removed)
DROP VIEW IF EXISTS "governed"."old";

-- Drop view governed.old (data source old removed)
-- $1 = old
DELETE FROM "immuta_system"."steward_views" WHERE object_key = $1;

-- Create view governed.customers for data source customers (new data source)
DROP VIEW IF EXISTS "governed"."customers";

-- Create view governed.customers for data source customers (new data source)
CREATE VIEW "governed"."customers" AS SELECT t."id" AS "id", NULL AS "email", CASE WHEN (POSITION('|admins|' IN p."g") > 0 OR POSITION('|auditors|' IN p."g") > 0) THEN CAST(t."phone" AS VARCHAR(65535)) ELSE 'hidden' END AS "phone", REGEXP_REPLACE(CAST(t."name" AS VARCHAR(65535)), '[[:alpha:]]', 'x') AS "name", SHA2(CAST(t."note" AS VARCHAR(65535)), 256) AS "note", t."region" AS "region" FROM "sales"."public"."customers" AS t CROSS JOIN (SELECT MAX(CASE WHEN kind = 'groups' THEN items END) AS "g", MAX(CASE WHEN kind = 'subscriptions' THEN items END) AS "s" FROM "immuta_system"."my_profile") AS p WHERE POSITION('|customers|' IN p."s") > 0 AND (CAST(t."region" AS VARCHAR(65535)) IN ('EU')) WITH NO SCHEMA BINDING;

-- Create view governed.customers for data source customers (new data source)
GRANT SELECT ON "governed"."customers" TO PUBLIC;

-- Create view governed.customers for data source customers (new data source)
-- $1 = customers
DELETE FROM "immuta_system"."steward_views" WHERE object_key = $1;

-- Create view governed.customers for data source customers (new data source)
-- $1 = customers
-- $2 = governed
-- $3 = customers
-- $4 = 336048a068f77dc095d991d0c25439c331b84c01f49c33499fb63e19f630ea23
INSERT INTO "immuta_system"."steward_views" (object_key, view_schema, view_name, definition_hash, catalog_hash) VALUES ($1, $2, $3, $4, '');

-- Remove groups  of bob from the profile
-- $1 = bob
-- $2 = groups
-- $3 = 
DELETE FROM "immuta_system"."steward_profile" WHERE user_name = $1 AND kind = $2 AND name = $3;

-- Add attribute region of alice to the profile
-- $1 = alice
-- $2 = attribute
-- $3 = region
-- $4 = |EU|
INSERT INTO "immuta_system"."steward_profile" (user_name, kind, name, items) VALUES ($1, $2, $3, $4);

-- Update groups  of alice in the profile
-- $1 = alice
-- $2 = groups
-- $3 = 
-- $4 = |analysts|
UPDATE "immuta_system"."steward_profile" SET items = $4 WHERE user_name = $1 AND kind = $2 AND name = $3;

-- Add subscriptions  of alice to the profile
-- $1 = alice
-- $2 = subscriptions
-- $3 = 
-- $4 = |customers|
INSERT INTO "immuta_system"."steward_profile" (user_name, kind, name, items) VALUES ($1, $2, $3, $4);

-- Record the catalog's rendering of view governed.customers
-- $1 = customers
-- $2 = 0123456789abcdef0123456789abcdef
UPDATE "immuta_system"."steward_views" SET catalog_hash = $2 WHERE object_key = $1;

-- Let steward_analytics use schema public (source of data sources)
GRANT USAGE ON SCHEMA "public" TO "steward_analytics";

-- Let steward_analytics read public.customers for its views
GRANT SELECT ON "public"."customers" TO "steward_analytics";

-- Revoke direct reads of public.customers from PUBLIC (use the view)
REVOKE SELECT ON "public"."customers" FROM PUBLIC;

-- Revoke direct reads of public.customers from alice (use the view)
REVOKE SELECT ON "public"."customers" FROM "alice";
