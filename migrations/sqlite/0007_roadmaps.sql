-- What a team decided about a split's migration roadmap (the order it chose,
-- services pinned first, ruled-out orders, tables kept shared, step owners and
-- notes): one JSON body per split that has any decision. Deleting the split
-- deletes it.

CREATE TABLE roadmaps (
    project_id TEXT NOT NULL,
    split_id TEXT NOT NULL,
    body TEXT NOT NULL,
    version BIGINT NOT NULL,
    PRIMARY KEY (project_id, split_id),
    FOREIGN KEY (project_id, split_id) REFERENCES splits (project_id, split_id) ON DELETE CASCADE
);
