-- Steward initial-create script for integration analytics on examplecluster.abc123xyz789.us-west-2.redshift.amazonaws.com:5439 (redshift dialect).
-- Run it in database REDSHIFT_SAMPLE_DATA as a user who may create databases and users and manage grants.
-- Then run the create script inside database immuta.

-- ===== Server objects =====
-- Connect to database REDSHIFT_SAMPLE_DATA to run this part.

-- 1. Create the managed database immuta
--    Not repeatable: on a second run this fails because the object exists; skip it.
CREATE DATABASE "immuta";

-- 2. Create the system account taylor@redshift.com with the password of the spec (as a verifier)
--    Not repeatable: on a second run this fails because the object exists; skip it.
CREATE USER "taylor@redshift.com" PASSWORD 'md53ac2e36a1c5a0b9ac0761fd797835988' CONNECTION LIMIT UNLIMITED;

-- 3. Revoke all privileges on immuta from PUBLIC
REVOKE ALL PRIVILEGES ON DATABASE "immuta" FROM PUBLIC;

-- 4. Grant PUBLIC temporary tables on immuta
GRANT TEMP ON DATABASE "immuta" TO PUBLIC;

-- 5. Grant all privileges on immuta to taylor@redshift.com
GRANT ALL PRIVILEGES ON DATABASE "immuta" TO "taylor@redshift.com";

-- 6. Create the impersonation role immuta_impersonation
--    Not repeatable: on a second run this fails because the object exists; skip it.
CREATE ROLE "immuta_impersonation";

-- 7. Let taylor@redshift.com add users to immuta_impersonation
GRANT ROLE "immuta_impersonation" TO "taylor@redshift.com" WITH ADMIN OPTION;
