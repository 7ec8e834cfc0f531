//! Pages whose code is a chunk of the bundle of its own (Leptos lazy routes,
//! split by `scripts/build-site`): fetched when the page is first opened, so
//! the first page load does not grow with every page. Hydration of such a page
//! waits for its chunk; the page then marks itself taken over
//! ([`crate::root::mark_lazy_page_hydrated`]), and `root::is_lazy_page` must
//! list its path.

/// Declares `$route`, the lazy route that shows the component `$page`:
/// `lazy_page!(/// doc … SettingsRoute => SettingsPage);`, then
/// `view={Lazy::<SettingsRoute>::new()}` in the router.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:ident) => {
        $(#[$doc])*
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> leptos::prelude::AnyView {
                crate::root::mark_lazy_page_hydrated();
                leptos::prelude::IntoAny::into_any(leptos::prelude::view! { <$page/> })
            }
        }
    };
}

pub(crate) use lazy_page;

/// Starts fetching the chunk of the lazy route `R` in the background. Links
/// to a lazy page call it when the pointer comes onto them or the keyboard
/// focuses them, so by the click the page's code is usually there. Asking
/// again is free: the chunk's loader fetches it once.
pub fn prefetch<R: leptos_router::LazyRoute>() {
    leptos::task::spawn_local(R::preload());
}
