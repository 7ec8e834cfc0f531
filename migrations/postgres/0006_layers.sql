-- Evidence layers: what an import from the team's history, traces or a
-- dependency analyzer brought to a project (co-change, owners, call
-- measurements), one JSON body per source; and, per call, the layer that added
-- it (NULL: made by hand or by a whole-model import).

ALTER TABLE calls ADD COLUMN source TEXT;

CREATE TABLE layers (
    project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    source TEXT NOT NULL,
    position BIGINT NOT NULL,
    body TEXT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (project_id, source)
);
