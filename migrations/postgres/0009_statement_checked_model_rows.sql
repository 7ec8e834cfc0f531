-- A foreign key checks each inserted row with a lookup of its own: 205 ms of
-- a 57,000-call project's creation on PostgreSQL, more than the rows and
-- their index together. The model's big tables (modules, calls, assignments)
-- are checked once per statement instead: one anti-join of the inserted rows
-- against their parents, with the same error class a foreign key raises. Rows
-- leave with their project or split by triggers, as ON DELETE CASCADE did.

ALTER TABLE modules DROP CONSTRAINT modules_project_id_fkey;
ALTER TABLE calls DROP CONSTRAINT calls_project_id_fkey;
ALTER TABLE assignments DROP CONSTRAINT assignments_project_id_split_id_fkey;

CREATE FUNCTION model_rows_name_their_project() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM inserted i
        WHERE NOT EXISTS (SELECT 1 FROM projects p WHERE p.id = i.project_id)
    ) THEN
        RAISE foreign_key_violation USING MESSAGE = 'a row of ' || TG_TABLE_NAME || ' names no project';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER modules_name_their_project AFTER INSERT ON modules
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT
    EXECUTE FUNCTION model_rows_name_their_project();
CREATE TRIGGER calls_name_their_project AFTER INSERT ON calls
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT
    EXECUTE FUNCTION model_rows_name_their_project();

CREATE FUNCTION assignments_name_their_split() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM inserted i
        WHERE NOT EXISTS (
            SELECT 1 FROM splits s WHERE s.project_id = i.project_id AND s.split_id = i.split_id
        )
    ) THEN
        RAISE foreign_key_violation USING MESSAGE = 'a row of assignments names no split';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER assignments_name_their_split AFTER INSERT ON assignments
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT
    EXECUTE FUNCTION assignments_name_their_split();

CREATE FUNCTION delete_model_rows_of_projects() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM modules m USING deleted d WHERE m.project_id = d.id;
    DELETE FROM calls c USING deleted d WHERE c.project_id = d.id;
    DELETE FROM assignments a USING deleted d WHERE a.project_id = d.id;
    RETURN NULL;
END $$;

CREATE TRIGGER projects_delete_model_rows AFTER DELETE ON projects
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT
    EXECUTE FUNCTION delete_model_rows_of_projects();

CREATE FUNCTION delete_assignments_of_splits() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM assignments a USING deleted d
        WHERE a.project_id = d.project_id AND a.split_id = d.split_id;
    RETURN NULL;
END $$;

CREATE TRIGGER splits_delete_assignments AFTER DELETE ON splits
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT
    EXECUTE FUNCTION delete_assignments_of_splits();
