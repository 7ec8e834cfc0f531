//! A request body that stops at a byte limit while it is read, whatever the
//! request said about its length (chunked bodies carry no `Content-Length`).
//! Unlike `http_body_util::Limited`, it remembers that it stopped, so the
//! answer can be 413 whichever handler was reading.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use http_body::{Frame, SizeHint};

/// Set once a capped body has refused to go past its limit.
#[derive(Clone, Default)]
pub struct Overflow(Arc<AtomicBool>);

impl Overflow {
    /// Whether the body went past its limit.
    pub fn happened(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// The body and what is left of its allowance.
pub struct CappedBody {
    inner: Body,
    remaining: usize,
    overflow: Overflow,
}

impl CappedBody {
    /// Caps `inner` at `limit` bytes; `overflow` is set if it tries to go past.
    pub fn new(inner: Body, limit: usize, overflow: Overflow) -> Self {
        CappedBody {
            inner,
            remaining: limit,
            overflow,
        }
    }
}

/// The error a reader of a capped body gets past the limit.
#[derive(Debug)]
pub struct TooLarge;

impl std::fmt::Display for TooLarge {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the request body is over the limit")
    }
}

impl std::error::Error for TooLarge {}

impl http_body::Body for CappedBody {
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(data) = frame.data_ref() {
                    if data.len() > this.remaining {
                        this.overflow.0.store(true, Ordering::Relaxed);
                        return Poll::Ready(Some(Err(Box::new(TooLarge))));
                    }
                    this.remaining -= data.len();
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(error))) => Poll::Ready(Some(Err(error.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        let mut hint = self.inner.size_hint();
        let cap = self.remaining as u64;
        if hint.lower() > cap {
            return SizeHint::with_exact(cap + 1);
        }
        if hint.upper().is_none_or(|upper| upper > cap) {
            hint.set_upper(cap + 1);
        }
        hint
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use http_body_util::BodyExt;

    fn chunked(parts: &[&'static str]) -> Body {
        let frames: Vec<Result<Frame<Bytes>, std::convert::Infallible>> = parts
            .iter()
            .map(|p: &&'static str| Ok(Frame::data(Bytes::from_static(p.as_bytes()))))
            .collect();
        Body::new(http_body_util::StreamBody::new(futures_util::stream::iter(
            frames,
        )))
    }

    #[tokio::test]
    async fn a_chunked_body_stops_at_the_limit_and_says_so() {
        let overflow = Overflow::default();
        let body = CappedBody::new(chunked(&["abcd", "efgh", "ijkl"]), 10, overflow.clone());
        assert!(body.collect().await.is_err());
        assert!(overflow.happened());
    }

    #[tokio::test]
    async fn a_body_within_the_limit_passes_unchanged() {
        let overflow = Overflow::default();
        let body = CappedBody::new(chunked(&["abcd", "efgh"]), 8, overflow.clone());
        let bytes = body.collect().await.unwrap().to_bytes();
        assert_eq!(&bytes[..], b"abcdefgh");
        assert!(!overflow.happened());
    }
}
