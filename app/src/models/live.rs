//! What the live stream of a project tells its open pages.

use serde::{Deserialize, Serialize};

/// Someone on the project now, and the page they are on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    /// User id.
    pub user_id: String,
    /// Display name.
    pub name: String,
    /// The page (path) they have open.
    pub page: String,
}

/// A voting round as one participant sees it: hidden votes stay hidden until
/// the facilitator reveals them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteRound {
    /// Round id.
    pub id: String,
    /// What is voted on: a readiness question id, or `split`.
    pub topic: String,
    /// 1 for the first round on the topic, 2 for the second, …
    pub round: i64,
    /// Whether everyone's votes are shown.
    pub revealed: bool,
    /// Who has voted (names).
    pub voters: Vec<String>,
    /// The viewer's own vote.
    pub mine: Option<String>,
    /// Everyone's votes (name, value), once revealed.
    pub votes: Vec<(String, String)>,
}

/// The workshop timer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Timer {
    /// What the time is for.
    pub label: String,
    /// When it ends (ms since 1970, server clock).
    pub ends_at: i64,
    /// Milliseconds left when it was read (so clocks out of step do not matter).
    pub remaining_ms: i64,
    /// Who started it.
    pub started_by: String,
}

/// What the live stream tells an open page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LiveMessage {
    /// The project changed: this is its revision now.
    Revision {
        /// Current revision.
        revision: i64,
        /// Who made the change (empty in a catch-up).
        by: String,
        /// Who made the change (user id; empty in a catch-up).
        by_id: String,
        /// The edit that made this revision from the one before, when small,
        /// as JSON: a page reads it as an [`engine::edit::Edit`] only when it applies it
        /// (with code that is a chunk of the bundle of its own).
        edit: Option<serde_json::Value>,
    },
    /// Who is here.
    Presence {
        /// Everyone on the project now.
        people: Vec<Presence>,
    },
    /// The open voting rounds.
    Votes {
        /// Rounds, oldest first.
        rounds: Vec<VoteRound>,
    },
    /// The timer (none when stopped).
    Timer {
        /// The running timer.
        timer: Option<Timer>,
    },
    /// The facilitator asks everyone to come to a page.
    Follow {
        /// The page.
        path: String,
        /// Who asks (display name).
        by: String,
        /// Who asks (user id), so they do not follow themselves.
        by_id: String,
    },
}

impl LiveMessage {
    /// The SSE event name.
    pub fn event(&self) -> &'static str {
        match self {
            LiveMessage::Revision { .. } => "revision",
            LiveMessage::Presence { .. } => "presence",
            LiveMessage::Votes { .. } => "votes",
            LiveMessage::Timer { .. } => "timer",
            LiveMessage::Follow { .. } => "follow",
        }
    }
}
