-- Facilitation becomes a role of its own: owners grant it; everyone who could
-- edit before ("editor") is a participant now.

ALTER TABLE members DROP CONSTRAINT members_role_check;
UPDATE members SET role = 'participant' WHERE role = 'editor';
ALTER TABLE members ADD CONSTRAINT members_role_check
    CHECK (role IN ('owner', 'facilitator', 'participant', 'viewer'));

ALTER TABLE invites DROP CONSTRAINT invites_role_check;
UPDATE invites SET role = 'participant' WHERE role = 'editor';
ALTER TABLE invites ADD CONSTRAINT invites_role_check
    CHECK (role IN ('facilitator', 'participant', 'viewer'));
