-- Steward edit script for integration analytics on examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com:5439 (redshift dialect).
-- Moves integration analytics from its last applied configuration to the edited spec file.
-- Afterwards Steward checks the result at its next pass (or `systemctl reload steward`).

-- ===== Server objects =====
-- Connect to database REDSHIFT_SAMPLE_DATA to run this part.

-- 1. Set the password of the spec (as a verifier) for the system account taylor@redshift.com
ALTER USER "taylor@redshift.com" PASSWORD 'md53ac2e36a1c5a0b9ac0761fd797835988';

-- 2. Drop the impersonation role immuta_impersonation, no longer configured
--    Fails if the object does not exist (this engine has no IF EXISTS here); skip it then.
DROP ROLE "immuta_impersonation" FORCE;

-- 3. Create the impersonation role analysts_impersonation
--    Not repeatable: on a second run this fails because the object exists; skip it.
CREATE ROLE "analysts_impersonation";

-- 4. Let taylor@redshift.com add users to analysts_impersonation
GRANT ROLE "analysts_impersonation" TO "taylor@redshift.com" WITH ADMIN OPTION;

-- ===== Inside the managed database =====
-- Connect to database immuta to run this part.
BEGIN;

-- 5. Clear any earlier ownership record of integration analytics (2b4de783-4aac-a38c-fe83-8ce2753e7af7)
DELETE FROM "immuta_system"."steward_marker" WHERE integration_uid = '2b4de783-4aac-a38c-fe83-8ce2753e7af7';

-- 6. Record ownership by integration analytics (2b4de783-4aac-a38c-fe83-8ce2753e7af7)
INSERT INTO "immuta_system"."steward_marker" (integration_uid, integration_name, system_user_name, impersonation_role) VALUES ('2b4de783-4aac-a38c-fe83-8ce2753e7af7', 'analytics', 'taylor@redshift.com', 'analysts_impersonation');

COMMIT;
