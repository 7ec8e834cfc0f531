//! Protection: cross-site requests refused, security headers on every response,
//! size limits with clear errors, rate-limited sign-in, the session id cycled at
//! sign-in and destroyed at sign-out.

mod common;

use common::{Person, Server};
use serde_json::json;

#[tokio::test]
async fn cross_site_requests_are_refused_and_headers_are_set() {
    let server = Server::start("protection-csrf", None);
    let http = reqwest::Client::new();
    let refused = http
        .post(server.url("/api/auth/sign_in"))
        .header("origin", "https://evil.example")
        .json(&json!({"email": "a@b.c", "password": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    assert!(refused.text().await.unwrap().contains("another site"));
    let fetch_metadata = http
        .post(server.url("/api/auth/sign_out"))
        .header("sec-fetch-site", "cross-site")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(fetch_metadata.status(), 403);
    let same_origin = http
        .post(server.url("/api/auth/me"))
        .header("origin", server.url(""))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(same_origin.status(), 200);

    let page = http.get(server.url("/healthz")).send().await.unwrap();
    let headers = page.headers();
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-frame-options"], "DENY");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert!(
        headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("frame-ancestors 'none'")
    );
}

#[tokio::test]
async fn the_report_is_framed_only_by_seams_runs_nothing_and_says_why_when_refused() {
    let server = Server::start("protection-report", None);
    let owner = Person::sign_up(&server, "Owner").await;
    let id = common::demo_project(&owner).await;
    let url = |lang: &str| server.url(&format!("/api/projects/{id}/report.html?lang={lang}"));
    let report = owner.http.get(url("en")).send().await.unwrap();
    assert_eq!(report.status(), 200);
    let headers = report.headers().clone();
    assert!(
        headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(headers["x-frame-options"], "SAMEORIGIN");
    let policy = headers["content-security-policy"].to_str().unwrap();
    for directive in ["default-src 'none'", "frame-ancestors 'self'", "sandbox"] {
        assert!(policy.contains(directive), "{policy}");
    }
    assert_eq!(headers["cache-control"], "no-store");
    let text = report.text().await.unwrap();
    assert!(
        text.contains("<html lang=\"en\"") && text.contains("ICP"),
        "{text}"
    );
    let korean = owner.http.get(url("ko")).send().await.unwrap();
    assert!(korean.text().await.unwrap().contains("<html lang=\"ko\""));
    // A personal access token opens it as the session does (the README says so).
    let token = common::access_token(&owner).await;
    let by_token = reqwest::Client::new()
        .get(url("en"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(by_token.status(), 200);
    assert!(by_token.text().await.unwrap().contains("ICP"));

    // Someone who may not see the project gets a page saying so, not the report.
    let stranger = Person::sign_up(&server, "Stranger").await;
    let refused = stranger.http.get(url("en")).send().await.unwrap();
    assert!(
        matches!(refused.status().as_u16(), 403 | 404),
        "{}",
        refused.status()
    );
    assert!(
        refused.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let text = refused.text().await.unwrap();
    assert!(
        text.contains("The report could not be made") && !text.contains("ICP"),
        "{text}"
    );
}

#[tokio::test]
async fn oversized_requests_get_a_clear_error() {
    use std::io::{Read, Write};
    let server = Server::start("protection-size", None);
    // Announce a 3 MiB body: the answer comes before any of it is read.
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "POST /api/auth/sign_in HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        3 * 1024 * 1024
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 413"), "{response}");
    assert!(
        response.ends_with("The request is 3.0 MiB; the limit is 2.0 MiB."),
        "{response}"
    );
}

/// Signs up an account with a known password and signs it out again.
async fn account(server: &Server, name: &str) -> (Person, String) {
    let person = Person::anonymous(server, name);
    let email = format!("{name}@example.com");
    person
        .ok(
            "auth/sign_up",
            json!({"email": email, "display_name": name, "password": "a long password"}),
        )
        .await;
    person.ok("auth/sign_out", json!({})).await;
    (person, email)
}

#[tokio::test]
async fn an_attacked_account_does_not_lock_out_the_room_behind_one_address() {
    // A workshop venue: twenty people behind one address (every request here
    // comes from 127.0.0.1), one of whom is attacked from the same Wi-Fi.
    let server = Server::start("protection-room", None);
    let mut room = Vec::new();
    for n in 0..20 {
        room.push(account(&server, &format!("person{n}")).await);
    }
    let (_, victim) = &room[0];
    let attacker = Person::anonymous(&server, "attacker");
    let attack = async {
        let mut statuses = Vec::new();
        for _ in 0..40 {
            let (status, _) = attacker
                .call(
                    "auth/sign_in",
                    json!({"email": victim, "password": "guess"}),
                )
                .await;
            statuses.push(status);
        }
        statuses
    };
    let others =
        futures_util::future::join_all(room.iter().skip(1).map(|(person, email)| async move {
            // Everyone mistypes once, then gets it right.
            let (typo, _) = person
                .call(
                    "auth/sign_in",
                    json!({"email": email, "password": "a long pasword"}),
                )
                .await;
            let (status, body) = person
                .call(
                    "auth/sign_in",
                    json!({"email": email, "password": "a long password"}),
                )
                .await;
            (typo, status, body)
        }));
    let (statuses, others) = tokio::join!(attack, others);
    assert_eq!(statuses[..5], [422; 5], "{statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
    for (typo, status, body) in others {
        assert_eq!(typo, 422);
        assert_eq!(
            status, 200,
            "a neighbour of the attacked account signs in: {body}"
        );
        assert!(
            body["display_name"]
                .as_str()
                .is_some_and(|n| n.starts_with("person"))
        );
    }
    // The attacked account itself is throttled at this address.
    let (status, body) = room[0]
        .0
        .call(
            "auth/sign_in",
            json!({"email": victim, "password": "a long password"}),
        )
        .await;
    assert_eq!(status, 429, "{body}");
}

#[tokio::test]
async fn an_address_guessing_across_accounts_is_slowed_not_refused() {
    use app::functions::auth::{SLOW_DOWN_AFTER_FAILURES_PER_ADDRESS, address_slow_down_millis};
    let server = Server::start("protection-spray", None);
    let (person, email) = account(&server, "sprayed").await;
    let sprayer = Person::anonymous(&server, "sprayer");
    let guesses = SLOW_DOWN_AFTER_FAILURES_PER_ADDRESS + 5;
    for n in 0..guesses {
        let (status, body) = sprayer
            .call(
                "auth/sign_in",
                json!({"email": format!("nobody{n}@example.com"), "password": "Summer2026!"}),
            )
            .await;
        assert_eq!(status, 422, "guess {n}: {body}");
    }
    // The next attempt from the address is held, then checked: the right
    // password still signs in.
    let hold = address_slow_down_millis(guesses + 1);
    assert!(hold >= 500, "{hold}");
    let started = std::time::Instant::now();
    person
        .ok(
            "auth/sign_in",
            json!({"email": email, "password": "a long password"}),
        )
        .await;
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(hold),
        "held {:?}, expected at least {hold} ms",
        started.elapsed()
    );
}

#[tokio::test]
async fn sign_in_is_rate_limited_and_sessions_are_cycled_and_destroyed() {
    let server = Server::start("protection-auth", None);
    let kim = Person::anonymous(&server, "kim");
    let (status, _) = kim
        .call("auth/sign_up", json!({"email": "kim@example.com", "display_name": "김", "password": "a long password"}))
        .await;
    assert_eq!(status, 200);
    kim.ok("auth/sign_out", json!({})).await;
    assert_eq!(
        kim.ok("auth/me", json!({})).await,
        serde_json::Value::Null,
        "sign-out ends the session"
    );

    let attacker = Person::anonymous(&server, "attacker");
    for _ in 0..5 {
        let (status, body) = attacker
            .call(
                "auth/sign_in",
                json!({"email": "kim@example.com", "password": "wrong"}),
            )
            .await;
        assert_eq!(status, 422, "{body}");
        assert_eq!(body["Invalid"]["en"], "the email or the password is wrong");
        assert_eq!(body["Invalid"]["ko"], "이메일 또는 비밀번호가 틀렸습니다");
    }
    let (status, body) = attacker
        .call(
            "auth/sign_in",
            json!({"email": "kim@example.com", "password": "a long password"}),
        )
        .await;
    assert_eq!(
        status, 429,
        "even the right password waits after 5 failures: {body}"
    );
    assert_eq!(body["RateLimited"]["minutes"], 15);

    // A fresh session id at sign-in (against session fixation).
    let http = reqwest::Client::new();
    let signed_up = http
        .post(server.url("/api/auth/sign_up"))
        .json(&json!({"email": "lee@example.com", "display_name": "이", "password": "a long password"}))
        .send()
        .await
        .unwrap();
    let first = signed_up.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let response = http
        .post(server.url("/api/auth/sign_in"))
        .header("cookie", &first)
        .json(&json!({"email": "lee@example.com", "password": "a long password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let issued = response.headers()["set-cookie"].to_str().unwrap();
    assert!(issued.starts_with("seams_session="));
    assert!(
        issued.contains("HttpOnly") && issued.contains("SameSite=Lax"),
        "{issued}"
    );
    assert_ne!(
        issued.split(';').next().unwrap(),
        first,
        "the session id changes at sign-in"
    );
}

#[tokio::test]
async fn a_page_address_with_a_trailing_slash_leads_to_the_page() {
    let server = Server::start("protection-slash", None);
    let owner = Person::sign_up(&server, "Owner").await;
    let project = common::demo_project(&owner).await;
    let answer = owner
        .http
        .get(server.url(&format!("/p/{project}/?tab=1")))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200, "followed to the page");
    assert_eq!(answer.url().path(), format!("/p/{project}"));
    assert_eq!(answer.url().query(), Some("tab=1"));
    let no_redirects = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let sneaky = no_redirects
        .get(server.url("//evil.example/"))
        .send()
        .await
        .unwrap();
    assert_ne!(sneaky.status(), 308, "never a redirect to another site");
}

/// Every page's policy allows exactly the nonce its scripts carry, and a fresh
/// one per response: the middleware draws it, so the policy never depends on the
/// render reaching the response headers.
#[tokio::test]
async fn a_page_policy_carries_the_nonce_of_its_scripts() {
    let server = Server::start("protection-nonce", None);
    let http = reqwest::Client::new();
    let mut seen = Vec::new();
    for path in ["/signin", "/signin", "/signup"] {
        let page = http.get(server.url(path)).send().await.unwrap();
        let policy = page.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        let html = page.text().await.unwrap();
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap()
            .to_string();
        assert!(
            html.contains(&format!("nonce=\"{nonce}\"")),
            "{path}: {policy}"
        );
        assert!(
            !html
                .split("nonce=\"")
                .skip(1)
                .any(|rest| !rest.starts_with(&nonce)),
            "{path}: a script with another nonce"
        );
        seen.push(nonce);
    }
    assert_ne!(seen[0], seen[1], "a new nonce per response");
}
