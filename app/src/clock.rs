//! The browser's clock for timing work on the page (how long a re-score took).

/// Milliseconds on the page's monotonic clock (0 outside the browser).
pub fn now_ms() -> f64 {
    #[cfg(feature = "hydrate")]
    {
        web_sys::window()
            .and_then(|w| w.performance())
            .map_or(0.0, |p| p.now())
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0.0
    }
}
