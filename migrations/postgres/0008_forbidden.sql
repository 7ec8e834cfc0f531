-- Service dependencies the team ruled out for a split (the boundary rules
-- exported from it forbid them): a JSON list of {"from", "to"} service ids.
ALTER TABLE splits ADD COLUMN forbidden TEXT NOT NULL DEFAULT '[]';
