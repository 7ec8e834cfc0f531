//! One door into the server: the session and the personal access token
//! identify a caller the same way for server functions, the automation API
//! and the live stream, and every refusal is answered in both languages.

mod common;

use std::time::Duration;

use common::sse::LiveStream;
use common::{Person, Server, access_token, demo_project};
use serde_json::{Value, json};

/// A client that sends `token` as a bearer token with every request.
fn bearer_client(token: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {token}").parse().unwrap(),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .build()
        .unwrap()
}

fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

#[tokio::test]
async fn a_token_opens_the_live_stream_of_its_owners_projects_only() {
    let server = Server::start("door-live", None);
    let owner = Person::sign_up(&server, "Owner").await;
    let project = demo_project(&owner).await;
    let outsider = Person::sign_up(&server, "Outsider").await;

    let member = bearer_client(&access_token(&owner).await);
    let mut live = LiveStream::open(&member, &server.url(""), &project)
        .await
        .expect("the owner's token opens the stream");
    assert!(
        live.until("revision", Duration::from_secs(5), |_| true)
            .await
            .is_some()
    );

    let stranger = bearer_client(&access_token(&outsider).await);
    assert_eq!(
        LiveStream::open(&stranger, &server.url(""), &project)
            .await
            .err(),
        Some(404)
    );
    let forged = bearer_client("seams_not-a-token");
    assert_eq!(
        LiveStream::open(&forged, &server.url(""), &project)
            .await
            .err(),
        Some(401)
    );
}

#[tokio::test]
async fn an_unknown_token_is_refused_even_with_a_signed_in_session() {
    let server = Server::start("door-forged", None);
    let owner = Person::sign_up(&server, "Owner").await;
    // The session alone lists the tokens; a bad token next to it is refused,
    // never quietly replaced by the session.
    let (status, _) = owner.call("tokens/list", json!({})).await;
    assert_eq!(status, 200);
    let refused = owner
        .http
        .post(server.url("/api/tokens/list"))
        .bearer_auth("seams_forged")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 401);
}

#[tokio::test]
async fn refusals_of_the_api_are_json_in_english_and_korean() {
    let server = Server::start("door-errors", None);
    let owner = Person::sign_up(&server, "Owner").await;
    let project = demo_project(&owner).await;
    let client = reqwest::Client::new();

    let anonymous = client
        .get(server.url("/api/v1/projects"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let body: Value = anonymous.json().await.unwrap();
    assert_eq!(body["error"], "Please sign in first");
    assert!(has_hangul(body["error_ko"].as_str().unwrap()), "{body}");

    let bad_model = bearer_client(&access_token(&owner).await)
        .put(server.url(&format!("/api/v1/projects/{project}/model")))
        .header("content-type", "text/csv")
        .body("a,b,not-a-number\n")
        .send()
        .await
        .unwrap();
    assert_eq!(bad_model.status(), 422);
    let body: Value = bad_model.json().await.unwrap();
    assert!(body["error"].as_str().unwrap().contains("body:1"), "{body}");
    assert!(body["error_ko"].is_string(), "{body}");

    let wrong_type = bearer_client(&access_token(&owner).await)
        .put(server.url(&format!("/api/v1/projects/{project}/model")))
        .header("content-type", "application/pdf")
        .body("%PDF")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), 415);
}
