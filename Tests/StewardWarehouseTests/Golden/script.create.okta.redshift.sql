-- Steward create script for integration analytics on examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com:5439 (redshift dialect).
-- Run it inside database immuta, after the initial-create script, as the same user.
-- Then add the spec file (autoBootstrap: false); Steward checks the result and reports enabled.

-- ===== Inside the managed database =====
-- Connect to database immuta to run this part.
BEGIN;

-- 1. Create schema immuta_system owned by taylor@redshift.com
CREATE SCHEMA IF NOT EXISTS "immuta_system" AUTHORIZATION "taylor@redshift.com";

-- 2. Grant PUBLIC usage on schema immuta_system
GRANT USAGE ON SCHEMA "immuta_system" TO PUBLIC;

-- 3. Create schema immuta_functions owned by taylor@redshift.com
CREATE SCHEMA IF NOT EXISTS "immuta_functions" AUTHORIZATION "taylor@redshift.com";

-- 4. Grant PUBLIC usage on schema immuta_functions
GRANT USAGE ON SCHEMA "immuta_functions" TO PUBLIC;

-- 5. Create schema immuta_procedures owned by taylor@redshift.com
CREATE SCHEMA IF NOT EXISTS "immuta_procedures" AUTHORIZATION "taylor@redshift.com";

-- 6. Grant PUBLIC usage on schema immuta_procedures
GRANT USAGE ON SCHEMA "immuta_procedures" TO PUBLIC;

-- 7. Create the ownership marker table
CREATE TABLE IF NOT EXISTS "immuta_system"."steward_marker" (integration_uid VARCHAR(36) NOT NULL, integration_name VARCHAR(256) NOT NULL, system_user_name VARCHAR(128) NOT NULL, impersonation_role VARCHAR(128));

-- 8. Let taylor@redshift.com read the ownership marker
GRANT SELECT ON "immuta_system"."steward_marker" TO "taylor@redshift.com";

-- 9. Clear any earlier ownership record of integration analytics (2b4de783-4aac-a38c-fe83-8ce2753e7af7)
DELETE FROM "immuta_system"."steward_marker" WHERE integration_uid = '2b4de783-4aac-a38c-fe83-8ce2753e7af7';

-- 10. Record ownership by integration analytics (2b4de783-4aac-a38c-fe83-8ce2753e7af7)
INSERT INTO "immuta_system"."steward_marker" (integration_uid, integration_name, system_user_name, impersonation_role) VALUES ('2b4de783-4aac-a38c-fe83-8ce2753e7af7', 'analytics', 'taylor@redshift.com', 'immuta_impersonation');

COMMIT;
