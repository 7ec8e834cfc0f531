-- Facilitation becomes a role of its own: owners grant it; everyone who could
-- edit before ("editor") is a participant now. SQLite cannot change a CHECK
-- constraint, so members and invites are recreated with the new role names.

CREATE TABLE members_with_roles (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'facilitator', 'participant', 'viewer')),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (project_id, user_id)
);
INSERT INTO members_with_roles
    SELECT project_id, user_id, CASE role WHEN 'editor' THEN 'participant' ELSE role END, added_at
    FROM members;
DROP TABLE members;
ALTER TABLE members_with_roles RENAME TO members;
CREATE INDEX members_by_user ON members (user_id);

CREATE TABLE invites_with_roles (
    id TEXT PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('facilitator', 'participant', 'viewer')),
    created_by TEXT NOT NULL REFERENCES users (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    uses BIGINT NOT NULL DEFAULT 0
);
INSERT INTO invites_with_roles
    SELECT id, token_hash, project_id, CASE role WHEN 'editor' THEN 'participant' ELSE role END,
           created_by, created_at, expires_at, revoked_at, uses
    FROM invites;
DROP TABLE invites;
ALTER TABLE invites_with_roles RENAME TO invites;
