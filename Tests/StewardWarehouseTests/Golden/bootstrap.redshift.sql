-- Create the managed database immuta [initialDatabase]
CREATE DATABASE "immuta";

-- Create the system account steward_analytics with a generated password [initialDatabase]
CREATE USER "steward_analytics" PASSWORD '<REDACTED>' CONNECTION LIMIT UNLIMITED;

-- Revoke all privileges on immuta from PUBLIC [initialDatabase]
REVOKE ALL PRIVILEGES ON DATABASE "immuta" FROM PUBLIC;

-- Grant PUBLIC temporary tables on immuta [initialDatabase]
GRANT TEMP ON DATABASE "immuta" TO PUBLIC;

-- Grant all privileges on immuta to steward_analytics [initialDatabase]
GRANT ALL PRIVILEGES ON DATABASE "immuta" TO "steward_analytics";

-- Create the impersonation role immuta_impersonation [initialDatabase]
CREATE ROLE "immuta_impersonation";

-- Let steward_analytics add users to immuta_impersonation [initialDatabase]
GRANT ROLE "immuta_impersonation" TO "steward_analytics" WITH ADMIN OPTION;

-- Create schema immuta_system owned by steward_analytics [managedDatabase]
CREATE SCHEMA IF NOT EXISTS "immuta_system" AUTHORIZATION "steward_analytics";

-- Grant PUBLIC usage on schema immuta_system [managedDatabase]
GRANT USAGE ON SCHEMA "immuta_system" TO PUBLIC;

-- Create schema immuta_functions owned by steward_analytics [managedDatabase]
CREATE SCHEMA IF NOT EXISTS "immuta_functions" AUTHORIZATION "steward_analytics";

-- Grant PUBLIC usage on schema immuta_functions [managedDatabase]
GRANT USAGE ON SCHEMA "immuta_functions" TO PUBLIC;

-- Create schema immuta_procedures owned by steward_analytics [managedDatabase]
CREATE SCHEMA IF NOT EXISTS "immuta_procedures" AUTHORIZATION "steward_analytics";

-- Grant PUBLIC usage on schema immuta_procedures [managedDatabase]
GRANT USAGE ON SCHEMA "immuta_procedures" TO PUBLIC;

-- Create the ownership marker table [managedDatabase]
CREATE TABLE IF NOT EXISTS "immuta_system"."steward_marker" (integration_uid VARCHAR(36) NOT NULL, integration_name VARCHAR(256) NOT NULL, system_user_name VARCHAR(128) NOT NULL, impersonation_role VARCHAR(128));

-- Let steward_analytics read the ownership marker [managedDatabase]
GRANT SELECT ON "immuta_system"."steward_marker" TO "steward_analytics";

-- Clear any earlier ownership record of integration analytics (00000000-0000-4000-8000-000000000001) [managedDatabase]
-- $1 = 00000000-0000-4000-8000-000000000001
DELETE FROM "immuta_system"."steward_marker" WHERE integration_uid = $1;

-- Record ownership by integration analytics (00000000-0000-4000-8000-000000000001) [managedDatabase]
-- $1 = 00000000-0000-4000-8000-000000000001
-- $2 = analytics
-- $3 = steward_analytics
-- $4 = immuta_impersonation
INSERT INTO "immuta_system"."steward_marker" (integration_uid, integration_name, system_user_name, impersonation_role) VALUES ($1, $2, $3, $4);
