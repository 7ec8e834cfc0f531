-- Projects and everything in them. Every row of the model carries the project
-- revision that last changed it (version), so a write based on a stale view of
-- the same object can be refused instead of overwriting it.

CREATE TABLE projects (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    revision BIGINT NOT NULL DEFAULT 0,
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    deleted_at BIGINT
);

CREATE TABLE members (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX members_by_user ON members (user_id);

CREATE TABLE invites (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('editor', 'viewer')),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    uses BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE modules (
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
    PRIMARY KEY (project_id, module_id)
);

CREATE TABLE calls (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    caller TEXT NOT NULL,
    callee TEXT NOT NULL,
    position BIGINT NOT NULL,
    volume REAL NOT NULL DEFAULT 1,
    style TEXT NOT NULL DEFAULT 'sync',
    transactional BIGINT NOT NULL DEFAULT 0,
    kind TEXT NOT NULL DEFAULT 'command',
    version BIGINT NOT NULL,
    PRIMARY KEY (project_id, caller, callee)
);

CREATE TABLE splits (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    split_id TEXT NOT NULL,
    name TEXT NOT NULL,
    origin TEXT NOT NULL,
    position BIGINT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (project_id, split_id),
    UNIQUE (project_id, name)
);

CREATE TABLE services (
    project_id TEXT NOT NULL,
    split_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL,
    PRIMARY KEY (project_id, split_id, service_id),
    FOREIGN KEY (project_id, split_id) REFERENCES splits (project_id, split_id) ON DELETE CASCADE
);

CREATE TABLE assignments (
    project_id TEXT NOT NULL,
    split_id TEXT NOT NULL,
    module_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (project_id, split_id, module_id),
    FOREIGN KEY (project_id, split_id) REFERENCES splits (project_id, split_id) ON DELETE CASCADE
);

CREATE TABLE readiness_questions (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    question_group TEXT NOT NULL,
    ko TEXT NOT NULL,
    en TEXT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (project_id, question_id)
);

CREATE TABLE readiness_answers (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    participant TEXT NOT NULL,
    question_id TEXT NOT NULL,
    answer TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    version BIGINT NOT NULL,
    PRIMARY KEY (project_id, participant, question_id)
);

-- One row per revision: who, when, what (the edit, replayable) and, every so
-- often, the whole project after the change. Restoring a revision loads the
-- nearest snapshot at or before it and replays the edits after that.
CREATE TABLE history (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    revision BIGINT NOT NULL,
    user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
    user_name TEXT NOT NULL,
    at BIGINT NOT NULL,
    action TEXT NOT NULL,
    summary_ko TEXT NOT NULL,
    summary_en TEXT NOT NULL,
    edit TEXT NOT NULL,
    snapshot TEXT,
    PRIMARY KEY (project_id, revision)
);

CREATE TABLE access_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at BIGINT
);

CREATE TABLE sign_in_failures (
    key TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_by_key ON sign_in_failures (key, at);
