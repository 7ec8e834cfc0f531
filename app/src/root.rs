use leptos::prelude::*;
use leptos_meta::{Html, Link, Title, provide_meta_context};
use leptos_router::{
    Lazy, ParamSegment, SsrMode, StaticSegment,
    components::{ParentRoute, Route, Router, Routes},
};

use crate::components::layout::Layout;
use crate::i18n::{provide_locale, use_locale};
use crate::routes::auth::{AccountRoute, SignInPage, SignUpRoute};
use crate::routes::join::JoinRoute;
use crate::routes::project::{
    CompareRoute, ModelRoute, OverviewRoute, ProjectShell, ReadinessRoute, ReportRoute,
    RoadmapRoute, SettingsRoute, SplitEditorRoute, SplitsRoute,
};
use crate::routes::source::SourceRoute;
use crate::routes::{home::HomeRoute, not_found::NotFound};
use crate::session::provide_session;

/// The whole application: meta tags, the locale, the router and the page layout.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_locale();
    provide_session();
    let locale = use_locale();
    mark_hydrated();
    #[cfg(feature = "ssr")]
    set_content_security_policy();

    view! {
        <Html attr:lang=move || locale.get().code()/>
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml"/>
        <Title text="Seams"/>
        <Router>
            <Layout>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=StaticSegment("") view={Lazy::<HomeRoute>::new()}/>
                    <Route path=StaticSegment("signin") view=SignInPage/>
                    <Route path=StaticSegment("signup") view={Lazy::<SignUpRoute>::new()}/>
                    <Route path=StaticSegment("account") view={Lazy::<AccountRoute>::new()}/>
                    <Route path=(StaticSegment("join"), ParamSegment("token")) view={Lazy::<JoinRoute>::new()}/>
                    <Route path=(StaticSegment("new"), StaticSegment("source")) view={Lazy::<SourceRoute>::new()}/>
                    <ParentRoute path=(StaticSegment("p"), ParamSegment("id")) view=ProjectShell ssr=SsrMode::Async>
                        <Route path=StaticSegment("") view={Lazy::<OverviewRoute>::new()}/>
                        <Route path=StaticSegment("model") view={Lazy::<ModelRoute>::new()}/>
                        <Route path=StaticSegment("splits") view={Lazy::<SplitsRoute>::new()}/>
                        <Route path=(StaticSegment("splits"), ParamSegment("split")) view={Lazy::<SplitEditorRoute>::new()}/>
                        <Route path=StaticSegment("compare") view={Lazy::<CompareRoute>::new()}/>
                        <Route path=StaticSegment("readiness") view={Lazy::<ReadinessRoute>::new()}/>
                        <Route path=StaticSegment("roadmap") view={Lazy::<RoadmapRoute>::new()}/>
                        <Route path=(StaticSegment("roadmap"), ParamSegment("split")) view={Lazy::<RoadmapRoute>::new()}/>
                        <Route path=StaticSegment("report") view={Lazy::<ReportRoute>::new()}/>
                        <Route path=StaticSegment("settings") view={Lazy::<SettingsRoute>::new()}/>
                    </ParentRoute>
                </Routes>
            </Layout>
        </Router>
    }
}

/// Marks `<body data-hydrated="true">` once the browser has taken over the
/// server-rendered page, so styles and tests can tell the page is interactive.
/// A lazy page is taken over only once its chunk has arrived: it marks itself
/// (see [`mark_lazy_page_hydrated`]), or a click in that moment would be lost.
fn mark_hydrated() {
    Effect::new(move |_| {
        let path = window().location().pathname().unwrap_or_default();
        if !is_lazy_page(&path) {
            set_hydrated();
        }
    });
}

/// Marks a lazy page taken over; its route's view calls it.
pub fn mark_lazy_page_hydrated() {
    Effect::new(move |_| set_hydrated());
}

fn set_hydrated() {
    if let Some(body) = document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}

/// Whether `path` is one of the lazy routes of [`App`] (kept in step with it).
fn is_lazy_page(path: &str) -> bool {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    matches!(
        segments.as_slice(),
        [] | ["signup"]
            | ["account"]
            | ["join", _]
            | ["new", "source"]
            | ["p", _]
            | ["p", _, "model"]
            | ["p", _, "readiness"]
            | ["p", _, "splits"]
            | ["p", _, "splits", _]
            | ["p", _, "compare"]
            | ["p", _, "roadmap"]
            | ["p", _, "roadmap", _]
            | ["p", _, "report"]
            | ["p", _, "settings"]
    )
}

/// The nonce of one page response. The request middleware draws it and puts
/// it in the request, the page renders with it (see [`page_nonce_context`]) and
/// the middleware sets [`page_policy`] with it on the HTML answer, so the policy
/// never depends on the render reaching the response headers.
#[cfg(feature = "ssr")]
#[derive(Clone, Debug)]
pub struct PageNonce(pub String);

/// The page's Content-Security-Policy: scripts only from Seams itself or carrying
/// this response's nonce (the hydration script), WebAssembly allowed, no framing.
/// Violations are reported to `/csp-report`.
#[cfg(feature = "ssr")]
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
         frame-ancestors 'none'; base-uri 'self'; form-action 'self'; report-uri /csp-report"
    )
}

/// Makes the page render with the request's [`PageNonce`] (in place of the one
/// the integration drew), for the routes' additional context.
#[cfg(feature = "ssr")]
pub fn page_nonce_context() {
    let nonce = use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<PageNonce>().cloned());
    if let Some(PageNonce(nonce)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// Sets the page's policy from the render too (pages outside the routes, such
/// as the 404 fallback, draw their own nonce).
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use http::header::{CONTENT_SECURITY_POLICY, HeaderValue};
    use leptos::nonce::use_nonce;
    let (Some(nonce), Some(response)) =
        (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&page_policy(&nonce)) {
        response.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}
