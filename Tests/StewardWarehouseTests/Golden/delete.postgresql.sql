-- Drop the impersonation role immuta_impersonation [initialDatabase]
DROP ROLE IF EXISTS "immuta_impersonation";

-- Drop the managed database immuta [initialDatabase]
DROP DATABASE IF EXISTS "immuta" WITH (FORCE);

-- Drop the system account steward_analytics [initialDatabase]
DROP ROLE IF EXISTS "steward_analytics";
