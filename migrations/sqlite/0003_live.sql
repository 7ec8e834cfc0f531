-- Live workshops: who is on which page, voting rounds, the workshop timer.

CREATE TABLE presence (
    connection_id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    page TEXT NOT NULL,
    seen_at BIGINT NOT NULL
);
CREATE INDEX presence_by_project ON presence (project_id);

CREATE TABLE vote_rounds (
    id TEXT PRIMARY KEY,
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    round BIGINT NOT NULL,
    opened_by TEXT NOT NULL,
    opened_at BIGINT NOT NULL,
    revealed_at BIGINT,
    closed_at BIGINT
);
CREATE INDEX vote_rounds_by_project ON vote_rounds (project_id);

CREATE TABLE votes (
    round_id TEXT NOT NULL REFERENCES vote_rounds (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    value TEXT NOT NULL,
    voted_at BIGINT NOT NULL,
    PRIMARY KEY (round_id, user_id)
);

CREATE TABLE timers (
    project_id TEXT PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    ends_at BIGINT NOT NULL,
    started_by TEXT NOT NULL
);
