-- People who sign in (email + password) or join a workshop as a guest (no email).
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT,
    created_at BIGINT NOT NULL
);
