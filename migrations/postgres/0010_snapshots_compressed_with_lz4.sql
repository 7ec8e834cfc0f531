-- A project's snapshot in its history is the whole model as JSON: 6 MB for
-- 10,000 modules, 100 MB for a million calls. PostgreSQL compresses such a
-- value with pglz by default, which took 750 ms of a million-call project's
-- creation on this machine; lz4 does the same work several times faster.
-- Servers built without lz4 (or older than PostgreSQL 14) keep pglz: the
-- statement is run by EXECUTE, so an older server's parser never reads it.
DO $$
BEGIN
    EXECUTE 'ALTER TABLE history ALTER COLUMN snapshot SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported OR syntax_error OR invalid_parameter_value THEN
    RAISE NOTICE 'history snapshots stay compressed with pglz: %', SQLERRM;
END $$;
