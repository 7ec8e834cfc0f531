-- Model generations: a project's modules and calls belong to the generation the
-- project row names. A big import writes a new generation in short steps (no
-- one waits for the project's row long) and switches to it in one small
-- transaction; the old generation is deleted afterwards, in steps too.

ALTER TABLE projects ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;

ALTER TABLE modules ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE modules DROP CONSTRAINT modules_pkey;
ALTER TABLE modules ADD PRIMARY KEY (project_id, generation, module_id);

ALTER TABLE calls ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE calls DROP CONSTRAINT calls_pkey;
ALTER TABLE calls ADD PRIMARY KEY (project_id, generation, caller, callee);
