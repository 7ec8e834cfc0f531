-- Model generations: a project's modules and calls belong to the generation the
-- project row names. A big import writes a new generation in short steps (no
-- one waits for the write lock long) and switches to it in one small
-- transaction; the old generation is deleted afterwards, in steps too.

ALTER TABLE projects ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;

CREATE TABLE modules_by_generation (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    module_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    size REAL NOT NULL DEFAULT 1,
    team TEXT,
    capability TEXT,
    subdomain TEXT,
    subdomain_kind TEXT,
    use_cases TEXT NOT NULL DEFAULT '[]',
    reads TEXT NOT NULL DEFAULT '[]',
    writes TEXT NOT NULL DEFAULT '[]',
    entry_point BIGINT NOT NULL DEFAULT 0,
    version BIGINT NOT NULL,
    generation BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, generation, module_id)
);
INSERT INTO modules_by_generation
    SELECT project_id, module_id, position, name, description, size, team, capability, subdomain,
           subdomain_kind, use_cases, reads, writes, entry_point, version, 0
    FROM modules;
DROP TABLE modules;
ALTER TABLE modules_by_generation RENAME TO modules;

CREATE TABLE calls_by_generation (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    caller TEXT NOT NULL,
    callee TEXT NOT NULL,
    position BIGINT NOT NULL,
    volume REAL NOT NULL DEFAULT 1,
    style TEXT NOT NULL DEFAULT 'sync',
    transactional BIGINT NOT NULL DEFAULT 0,
    kind TEXT NOT NULL DEFAULT 'command',
    version BIGINT NOT NULL,
    generation BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, generation, caller, callee)
);
INSERT INTO calls_by_generation
    SELECT project_id, caller, callee, position, volume, style, transactional, kind, version, 0
    FROM calls;
DROP TABLE calls;
ALTER TABLE calls_by_generation RENAME TO calls;
