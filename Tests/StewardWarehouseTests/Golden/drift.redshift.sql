-- Revoke all privileges on immuta from PUBLIC [initialDatabase]
REVOKE ALL PRIVILEGES ON DATABASE "immuta" FROM PUBLIC;

-- Grant PUBLIC temporary tables on immuta [initialDatabase]
GRANT TEMP ON DATABASE "immuta" TO PUBLIC;

-- Grant all privileges on immuta to steward_analytics [initialDatabase]
GRANT ALL PRIVILEGES ON DATABASE "immuta" TO "steward_analytics";

-- Drop the impersonation role old_role, no longer configured [initialDatabase]
DROP ROLE "old_role" FORCE;

-- Create the impersonation role immuta_impersonation [initialDatabase]
CREATE ROLE "immuta_impersonation";

-- Let steward_analytics add users to immuta_impersonation [initialDatabase]
GRANT ROLE "immuta_impersonation" TO "steward_analytics" WITH ADMIN OPTION;

-- Give schema immuta_functions to steward_analytics [managedDatabase]
ALTER SCHEMA "immuta_functions" OWNER TO "steward_analytics";

-- Grant PUBLIC usage on schema immuta_functions [managedDatabase]
GRANT USAGE ON SCHEMA "immuta_functions" TO PUBLIC;

-- Create schema immuta_procedures owned by steward_analytics [managedDatabase]
CREATE SCHEMA IF NOT EXISTS "immuta_procedures" AUTHORIZATION "steward_analytics";

-- Grant PUBLIC usage on schema immuta_procedures [managedDatabase]
GRANT USAGE ON SCHEMA "immuta_procedures" TO PUBLIC;

-- Clear any earlier ownership record of integration analytics (00000000-0000-4000-8000-000000000001) [managedDatabase]
-- $1 = 00000000-0000-4000-8000-000000000001
DELETE FROM "immuta_system"."steward_marker" WHERE integration_uid = $1;

-- Record ownership by integration analytics (00000000-0000-4000-8000-000000000001) [managedDatabase]
-- $1 = 00000000-0000-4000-8000-000000000001
-- $2 = analytics
-- $3 = steward_analytics
-- $4 = immuta_impersonation
INSERT INTO "immuta_system"."steward_marker" (integration_uid, integration_name, system_user_name, impersonation_role) VALUES ($1, $2, $3, $4);
