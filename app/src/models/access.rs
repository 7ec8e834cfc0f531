use serde::{Deserialize, Serialize};

use crate::i18n::Locale;

/// What a member may do in a project.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Reads everything and watches the workshop.
    Viewer,
    /// Changes the model, the splits and the checklist, and votes ("editor"
    /// before facilitation became a role of its own).
    #[serde(alias = "editor")]
    Participant,
    /// A participant who also runs the room: votes, the timer, bringing everyone to a page.
    Facilitator,
    /// Everything, including members, invites, deleting and restoring.
    Owner,
}

impl Role {
    /// Every role, highest first, as the member list offers them.
    pub const ALL: [Role; 4] = [
        Role::Owner,
        Role::Facilitator,
        Role::Participant,
        Role::Viewer,
    ];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Participant => "participant",
            Role::Facilitator => "facilitator",
            Role::Owner => "owner",
        }
    }

    /// Reads a stored name (`editor`, the old name of participants, too).
    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "viewer" => Some(Role::Viewer),
            "participant" | "editor" => Some(Role::Participant),
            "facilitator" => Some(Role::Facilitator),
            "owner" => Some(Role::Owner),
            _ => None,
        }
    }

    /// The role as the pages name it.
    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            Role::Viewer => locale.pick("보기 전용", "viewer"),
            Role::Participant => locale.pick("참가자", "participant"),
            Role::Facilitator => locale.pick("진행자", "facilitator"),
            Role::Owner => locale.pick("소유자", "owner"),
        }
    }

    /// Whether this role may change the project's content.
    pub fn can_edit(self) -> bool {
        self >= Role::Participant
    }

    /// Whether this role runs the workshop (votes, timer, bringing everyone along).
    pub fn can_facilitate(self) -> bool {
        self >= Role::Facilitator
    }
}

/// The signed-in person, as the pages see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserInfo {
    /// User id.
    pub id: String,
    /// Name shown to others.
    pub display_name: String,
    /// Email, none for a guest.
    pub email: Option<String>,
}

impl UserInfo {
    /// A guest joined from an invite link with only a name.
    pub fn is_guest(&self) -> bool {
        self.email.is_none()
    }
}

/// A member of a project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// User id.
    pub user_id: String,
    /// Display name.
    pub display_name: String,
    /// Email, none for a guest.
    pub email: Option<String>,
    /// Role.
    pub role: Role,
}

/// An invite link of a project.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invite {
    /// Invite id (not the secret).
    pub id: String,
    /// Role granted.
    pub role: Role,
    /// Creation time (ms since 1970).
    pub created_at: i64,
    /// Expiry time (ms since 1970).
    pub expires_at: i64,
    /// Revoked, when it was.
    pub revoked_at: Option<i64>,
    /// How many people joined with it.
    pub uses: i64,
    /// The secret token, only right after creation.
    pub token: Option<String>,
}

/// A personal access token, as listed (never the secret).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessToken {
    /// Token id.
    pub id: String,
    /// The name its owner gave it.
    pub name: String,
    /// Creation time (ms).
    pub created_at: i64,
    /// Last use (ms).
    pub last_used_at: Option<i64>,
    /// Revocation time (ms).
    pub revoked_at: Option<i64>,
}

/// A token right after creation: the only time the secret is shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedToken {
    /// The listed token.
    pub token: AccessToken,
    /// The secret, for `Authorization: Bearer …`.
    pub secret: String,
}
