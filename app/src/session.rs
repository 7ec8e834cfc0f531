//! Who is signed in, for every page: loaded once per page load and refreshed
//! after signing in, out or joining.

use leptos::prelude::*;

use crate::errors::AppError;
use crate::functions::auth::me;
use crate::models::UserInfo;

/// The signed-in user, shared by all pages.
#[derive(Clone, Copy)]
pub struct Session {
    /// The user (none when signed out).
    pub user: Resource<Result<Option<UserInfo>, AppError>>,
    refresh: RwSignal<u32>,
}

impl Session {
    /// Asks the server again who is signed in.
    pub fn refresh(&self) {
        self.refresh.update(|n| *n += 1);
    }

    /// The user, if known and signed in.
    pub fn current(&self) -> Option<UserInfo> {
        self.user.get().and_then(|r| r.ok()).flatten()
    }
}

/// Loads the session and provides it.
pub fn provide_session() {
    let refresh = RwSignal::new(0u32);
    let user = Resource::new(move || refresh.get(), |_| me());
    provide_context(Session { user, refresh });
}

/// The session provided by the app.
pub fn use_session() -> Session {
    expect_context::<Session>()
}
