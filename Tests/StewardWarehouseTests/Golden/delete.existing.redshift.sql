-- Drop what steward_analytics owns in sales (Steward's schemas and views) and its grants there [managedDatabase]
DROP SCHEMA IF EXISTS "immuta_system", "immuta_functions", "immuta_procedures" CASCADE;

-- Drop the impersonation role immuta_impersonation [initialDatabase]
DROP ROLE "immuta_impersonation" FORCE;

-- Drop the system account steward_analytics [initialDatabase]
DROP USER IF EXISTS "steward_analytics";
