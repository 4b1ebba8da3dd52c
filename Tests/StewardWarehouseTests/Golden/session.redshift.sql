-- engine and version
SELECT version() AS version;

-- begin
BEGIN;

-- commit
COMMIT;

-- rollback
ROLLBACK;
