//! The live stream as a page reads it: server-sent events, parsed.

use std::pin::Pin;
use std::time::Duration;

use eventsource_stream::{Event, EventStreamError, Eventsource};
use futures_util::{Stream, StreamExt};
use serde_json::Value;

type Events = Pin<Box<dyn Stream<Item = Result<Event, EventStreamError<reqwest::Error>>> + Send>>;

/// One open stream.
pub struct LiveStream {
    events: Events,
}

/// One event: its name and its JSON data.
#[derive(Debug, Clone)]
pub struct LiveEvent {
    pub name: String,
    pub data: Value,
}

impl LiveStream {
    /// Opens `/api/projects/{project}/live` on `base` with the client's cookies;
    /// the HTTP status when the server refuses.
    pub async fn open(
        http: &reqwest::Client,
        base: &str,
        project: &str,
    ) -> Result<LiveStream, u16> {
        let response = http
            .get(format!(
                "{base}/api/projects/{project}/live?page=/p/{project}"
            ))
            .send()
            .await
            .map_err(|_| 0u16)?;
        if response.status() != 200 {
            return Err(response.status().as_u16());
        }
        Ok(LiveStream {
            events: Box::pin(response.bytes_stream().eventsource()),
        })
    }

    /// The next event, waiting at most `wait`.
    pub async fn next(&mut self, wait: Duration) -> Option<LiveEvent> {
        let event = tokio::time::timeout(wait, self.events.next())
            .await
            .ok()??
            .ok()?;
        Some(LiveEvent {
            name: event.event,
            data: serde_json::from_str(&event.data).unwrap_or(Value::Null),
        })
    }

    /// Whether the server ends the stream within `wait` (events before the
    /// end are skipped).
    pub async fn ends_within(&mut self, wait: Duration) -> bool {
        tokio::time::timeout(wait, async {
            while let Some(Ok(_)) = self.events.next().await {}
        })
        .await
        .is_ok()
    }

    /// Skips events until one named `name` satisfying `test` comes, within `wait`.
    pub async fn until(
        &mut self,
        name: &str,
        wait: Duration,
        test: impl Fn(&Value) -> bool,
    ) -> Option<Value> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let event = self.next(left).await?;
            if event.name == name && test(&event.data) {
                return Some(event.data);
            }
        }
    }
}
