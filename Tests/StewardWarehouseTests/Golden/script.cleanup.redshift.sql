-- Steward cleanup script for integration analytics on examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com:5439 (redshift dialect).
-- Removes what a failed creation of analytics left behind. Run it in database REDSHIFT_SAMPLE_DATA.
-- Statements for objects that were never created fail harmlessly where the engine has no IF EXISTS; go on past them.

-- ===== Server objects =====
-- Connect to database REDSHIFT_SAMPLE_DATA to run this part.

-- 1. Drop the impersonation role immuta_impersonation
--    Fails if the object does not exist (this engine has no IF EXISTS here); skip it then.
DROP ROLE "immuta_impersonation" FORCE;

-- 2. Drop the managed database immuta
--    Fails if the object does not exist (this engine has no IF EXISTS here); skip it then.
DROP DATABASE "immuta" FORCE;

-- 3. Drop the system account taylor@redshift.com
DROP USER IF EXISTS "taylor@redshift.com";
