//! The page's live connection to its project: others' changes appear in place,
//! who is here and on which page, votes and the workshop timer stay current,
//! and the facilitator's "come here" is followed (unless opted out). The
//! browser's EventSource reconnects by itself; every (re)connection starts with
//! the current state, so a dropped connection, a sleeping laptop or a server
//! restart costs nothing but a moment.

use leptos::prelude::*;

use super::context::ProjectContext;
use crate::models::{Presence, VoteRound};

/// Where the live connection stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Connection {
    /// Connected: changes arrive as they happen.
    Online,
    /// Lost; the browser is reconnecting.
    Reconnecting,
    /// The server refused the stream (signed out, access removed): reload.
    Stopped,
}

/// A running workshop timer as this page counts it.
#[derive(Clone, Debug, PartialEq)]
pub struct RunningTimer {
    /// What the time is for.
    pub label: String,
    /// Who started it.
    pub started_by: String,
    /// When it ends, on this browser's clock (ms).
    pub ends_at: f64,
}

/// Live state shared by the project's pages.
#[derive(Clone, Copy)]
pub struct Live {
    /// The connection.
    pub connection: RwSignal<Connection>,
    /// Who is on the project now.
    pub people: RwSignal<Vec<Presence>>,
    /// Open voting rounds.
    pub rounds: RwSignal<Vec<VoteRound>>,
    /// The workshop timer.
    pub timer: RwSignal<Option<RunningTimer>>,
    /// This browser's clock, ticking every second while a timer runs (ms).
    pub now: RwSignal<f64>,
    /// Whether this page follows the facilitator's "come here".
    pub follow: RwSignal<bool>,
    /// The last "come here": (path, who asked, whether it was followed).
    pub called: RwSignal<Option<(String, String, bool)>>,
}

impl Live {
    /// The open round on a topic, if any.
    pub fn round(&self, topic: &str) -> Option<VoteRound> {
        self.rounds
            .with(|rounds| rounds.iter().find(|r| r.topic == topic).cloned())
    }
}

/// The live state of the open project.
pub fn use_live() -> Live {
    expect_context::<Live>()
}

/// Connects the page to the project's stream and provides [`Live`].
pub fn provide_live(context: ProjectContext) -> Live {
    let live = Live {
        connection: RwSignal::new(Connection::Online),
        people: RwSignal::new(Vec::new()),
        rounds: RwSignal::new(Vec::new()),
        timer: RwSignal::new(None),
        now: RwSignal::new(0.0),
        follow: RwSignal::new(crate::cookies::read(FOLLOW_COOKIE).as_deref() != Some("off")),
        called: RwSignal::new(None),
    };
    provide_context(live);
    #[cfg(feature = "hydrate")]
    browser::connect(context, live);
    #[cfg(not(feature = "hydrate"))]
    let _ = context;
    live
}

/// The cookie that remembers whether this browser follows the facilitator.
const FOLLOW_COOKIE: &str = "seams-follow";

/// Remembers the viewer's choice to follow the facilitator (or not).
pub fn set_follow(live: Live, follow: bool) {
    live.follow.set(follow);
    crate::cookies::remember(FOLLOW_COOKIE, if follow { "on" } else { "off" });
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use leptos::task::spawn_local;
    use leptos_router::NavigateOptions;
    use leptos_router::hooks::{use_location, use_navigate};
    use send_wrapper::SendWrapper;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use web_sys::{Event, EventSource, MessageEvent};

    use engine::edit::Edit;

    use super::{Connection, Live, RunningTimer};
    use crate::functions::live::live_page;
    use crate::models::LiveMessage;
    use crate::routes::project::context::ProjectContext;
    use crate::session::use_session;

    /// The edit a revision message carries. Reading an [`Edit`] is a good
    /// part of the bundle, so it is a chunk of its own. Should revisions be
    /// handed on out of order while it loads, `receive` reads the project
    /// again; an edit it cannot read is treated the same way.
    #[lazy]
    fn read_edit(edit: serde_json::Value) -> Option<Edit> {
        serde_json::from_value(edit).ok()
    }

    pub fn connect(context: ProjectContext, live: Live) {
        let session = use_session();
        let location = use_location();
        let navigate = use_navigate();
        let page = location.pathname.get_untracked();
        let url = format!(
            "/api/projects/{}/live?page={}",
            context.id(),
            String::from(js_sys::encode_uri_component(&page))
        );
        let Ok(source) = EventSource::new(&url) else {
            live.connection.set(Connection::Stopped);
            return;
        };
        // The edit reader's chunk is fetched now, before the first edit comes.
        let _ = lazy_preload!(read_edit);
        let handle = move |message: LiveMessage| match message {
            LiveMessage::Revision {
                revision,
                by,
                by_id,
                edit: None,
            } => context.receive(revision, &by, &by_id, None),
            LiveMessage::Revision {
                revision,
                by,
                by_id,
                edit: Some(edit),
            } => spawn_local(async move {
                let edit = read_edit(edit).await;
                // The page may have been left while the reader's chunk loaded.
                if !context.head.is_disposed() {
                    context.receive(revision, &by, &by_id, edit);
                }
            }),
            LiveMessage::Presence { people } => live.people.set(people),
            LiveMessage::Votes { rounds } => live.rounds.set(rounds),
            LiveMessage::Timer { timer } => {
                let now = js_sys::Date::now();
                live.now.set(now);
                live.timer.set(timer.map(|t| RunningTimer {
                    label: t.label,
                    started_by: t.started_by,
                    ends_at: now + t.remaining_ms as f64,
                }));
            }
            LiveMessage::Follow { path, by, by_id } => {
                let me = session.current().map(|u| u.id);
                if me.as_deref() == Some(by_id.as_str()) {
                    return;
                }
                let follow = live.follow.get_untracked();
                if follow {
                    navigate(&path, NavigateOptions::default());
                }
                live.called.set(Some((path, by, follow)));
            }
        };
        let mut listeners: Vec<Closure<dyn FnMut(MessageEvent)>> = Vec::new();
        for name in ["revision", "presence", "votes", "timer", "follow"] {
            let handle = handle.clone();
            let listener = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                if let Some(data) = event.data().as_string()
                    && let Ok(message) = serde_json::from_str::<LiveMessage>(&data)
                {
                    handle(message);
                }
            });
            let _ =
                source.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
            listeners.push(listener);
        }
        let project = context.id();
        let opened_on = page.clone();
        let on_open = Closure::<dyn FnMut(Event)>::new(move |_| {
            live.connection.set(Connection::Online);
            context.resume();
            // A reconnection names the page the stream was opened on: tell
            // the others where this page is now.
            let now = location.pathname.get_untracked();
            if now != opened_on {
                let project = project.clone();
                spawn_local(async move {
                    let _ = live_page(project, now).await;
                });
            }
        });
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        let watched = source.clone();
        let on_error = Closure::<dyn FnMut(Event)>::new(move |_| {
            live.connection
                .set(if watched.ready_state() == EventSource::CLOSED {
                    Connection::Stopped
                } else {
                    Connection::Reconnecting
                });
        });
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let held = SendWrapper::new((source, listeners, on_open, on_error));
        on_cleanup(move || held.0.close());

        tick_while_timing(live);

        // Tell the others which page this is.
        let project = context.id();
        Effect::new(move |previous: Option<String>| {
            let page = location.pathname.get();
            if previous.as_ref().is_some_and(|p| p != &page) {
                let (project, page) = (project.clone(), page.clone());
                spawn_local(async move {
                    let _ = live_page(project, page).await;
                });
            }
            page
        });
    }

    /// Advances `live.now` every second while a timer runs.
    fn tick_while_timing(live: Live) {
        let ticking = StoredValue::new_local(None::<IntervalHandle>);
        Effect::new(move |_| {
            let running = live.timer.with(Option::is_some);
            ticking.update_value(|handle| {
                if let Some(old) = handle.take() {
                    old.clear();
                }
                if running {
                    *handle = set_interval_with_handle(
                        move || live.now.set(js_sys::Date::now()),
                        std::time::Duration::from_secs(1),
                    )
                    .ok();
                }
            });
        });
        on_cleanup(move || {
            ticking.update_value(|handle| {
                if let Some(old) = handle.take() {
                    old.clear();
                }
            });
        });
    }
}
