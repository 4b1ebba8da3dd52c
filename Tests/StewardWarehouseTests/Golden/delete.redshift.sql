-- Drop the impersonation role immuta_impersonation [initialDatabase]
DROP ROLE "immuta_impersonation" FORCE;

-- Drop the managed database immuta [initialDatabase]
DROP DATABASE "immuta" FORCE;

-- Drop the system account steward_analytics [initialDatabase]
DROP USER IF EXISTS "steward_analytics";
