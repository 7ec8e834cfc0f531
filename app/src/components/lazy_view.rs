//! Parts of a page whose code is a chunk of the bundle of its own (a
//! `#[lazy]` function, split by `scripts/build-site`), fetched the first time
//! the part is shown: panels that start closed, so the page's first load and
//! its hydration never wait for them.

use std::future::Future;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::i18n::tr;

/// Shows the view `load` gives (a call of a `#[lazy]` function), with
/// "Loading…" until its chunk has arrived.
#[component]
pub fn LazyView<F, Fut>(load: F) -> impl IntoView
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = AnyView> + 'static,
{
    view! {
        <Suspense fallback=move || view! { <p class="loading">{tr("불러오는 중…", "Loading…")}</p> }>
            // The chunk's loader is a browser future, polled on this thread only.
            {move || Suspend::new(SendWrapper::new(load()))}
        </Suspense>
    }
}
