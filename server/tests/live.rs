//! The live stream through a real server: members only, every change reaches
//! every open stream (with its edit), votes stay hidden until revealed, a second
//! server process on the same PostgreSQL hears changes within a second, and a
//! shutdown does not wait for open streams.

mod common;

use std::time::{Duration, Instant};

use common::sse::LiveStream;
use common::{Person, Server, demo_project, joined};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(5);

fn revision_is(revision: i64) -> impl Fn(&Value) -> bool {
    move |data| data["revision"].as_i64() == Some(revision)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_are_for_signed_in_members_only() {
    let server = Server::start("live-authz", None);
    let owner = Person::sign_up(&server, "Owner").await;
    let project = demo_project(&owner).await;
    let stranger = Person::sign_up(&server, "Stranger").await;
    let nobody = Person::anonymous(&server, "Nobody");
    assert_eq!(
        LiveStream::open(&nobody.http, &server.url(""), &project)
            .await
            .err(),
        Some(401)
    );
    assert_eq!(
        LiveStream::open(&stranger.http, &server.url(""), &project)
            .await
            .err(),
        Some(404)
    );
    let mut stream = LiveStream::open(&owner.http, &server.url(""), &project)
        .await
        .unwrap();
    // The stream starts with the current state.
    stream
        .until("revision", WAIT, revision_is(1))
        .await
        .expect("current revision first");
    let people = stream.until("presence", WAIT, |_| true).await.unwrap();
    assert_eq!(people["people"][0]["name"], "Owner");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_change_reaches_every_open_stream_with_its_edit() {
    let server = Server::start("live-changes", None);
    let owner = Person::sign_up(&server, "Owner").await;
    let project = demo_project(&owner).await;
    let editor = joined(&server, &owner, &project, "participant", "Editor").await;
    let mut streams = Vec::new();
    for person in [&owner, &editor] {
        let mut stream = LiveStream::open(&person.http, &server.url(""), &project)
            .await
            .unwrap();
        stream
            .until("revision", WAIT, revision_is(1))
            .await
            .unwrap();
        streams.push(stream);
    }
    let edit = json!({"op": "put_module", "module": {"id": "audit", "name": "Audit"}});
    editor
        .ok(
            "projects/edit",
            json!({"id": project, "seen_revision": 1, "edit": edit}),
        )
        .await;
    for stream in &mut streams {
        let data = stream
            .until("revision", WAIT, revision_is(2))
            .await
            .expect("revision 2 announced");
        assert_eq!(data["by"], "Editor");
        assert_eq!(data["edit"]["op"], "put_module");
        assert_eq!(data["edit"]["module"]["id"], "audit");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn votes_stay_hidden_in_the_stream_until_revealed() {
    let server = Server::start("live-votes", None);
    let owner = Person::sign_up(&server, "Owner").await;
    let project = demo_project(&owner).await;
    let viewer = joined(&server, &owner, &project, "viewer", "Viewer").await;
    let mut owners = LiveStream::open(&owner.http, &server.url(""), &project)
        .await
        .unwrap();
    let round = owner
        .ok(
            "live/vote/open",
            json!({"project": project, "topic": "readiness:n1"}),
        )
        .await
        .as_str()
        .unwrap()
        .to_string();
    // Viewers vote but do not facilitate; votes must be one of the answers.
    let (status, _) = viewer
        .call(
            "live/vote/reveal",
            json!({"project": project, "round": round}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = viewer
        .call(
            "live/vote/cast",
            json!({"project": project, "round": round, "value": "maybe"}),
        )
        .await;
    assert_eq!(status, 422);
    viewer
        .ok(
            "live/vote/cast",
            json!({"project": project, "round": round, "value": "no"}),
        )
        .await;
    let hidden = owners
        .until("votes", WAIT, |d| {
            d["rounds"][0]["voters"] == json!(["Viewer"])
        })
        .await
        .expect("the vote is announced");
    assert_eq!(
        hidden["rounds"][0]["votes"],
        json!([]),
        "hidden before the reveal"
    );
    assert!(!hidden.to_string().contains("\"no\""), "{hidden}");

    owner
        .ok(
            "live/vote/cast",
            json!({"project": project, "round": round, "value": "yes"}),
        )
        .await;
    owner
        .ok(
            "live/vote/reveal",
            json!({"project": project, "round": round}),
        )
        .await;
    let shown = owners
        .until("votes", WAIT, |d| d["rounds"][0]["revealed"] == true)
        .await
        .expect("the reveal is announced");
    assert_eq!(
        shown["rounds"][0]["votes"],
        json!([["Owner", "yes"], ["Viewer", "no"]])
    );

    // Recorded as everyone's answers, in one go.
    let recorded = owner
        .ok(
            "live/vote/record",
            json!({"project": project, "round": round}),
        )
        .await;
    assert_eq!(recorded, json!(2));
    let doc = owner.ok("projects/open", json!({"id": project})).await;
    let answers = doc["project"]["readiness"]["answers"].as_array().unwrap();
    assert_eq!(answers.len(), 2, "{answers:?}");
    owners
        .until("votes", WAIT, |d| d["rounds"] == json!([]))
        .await
        .expect("the round is closed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_through_one_process_reaches_a_stream_on_another_within_a_second() {
    let Some(url) = common::fresh_postgres_database().await else {
        eprintln!(
            "SEAMS_TEST_POSTGRES_URL is not set: the two-process run is skipped here (CI sets it)"
        );
        return;
    };
    let one = Server::start("live-pg-one", Some(url.clone()));
    let two = Server::start("live-pg-two", Some(url));
    let owner = Person::sign_up(&one, "Owner").await;
    let project = demo_project(&owner).await;
    // Sessions live in PostgreSQL too: the same cookie works on process two.
    let mut stream = LiveStream::open(&owner.http, &two.url(""), &project)
        .await
        .unwrap();
    stream
        .until("revision", WAIT, revision_is(1))
        .await
        .unwrap();
    let mut delays = Vec::new();
    for revision in 2..=11 {
        let edit = json!({"op": "put_module", "module": {"id": format!("audit-{revision}")}});
        let sent = Instant::now();
        owner
            .ok(
                "projects/edit",
                json!({"id": project, "seen_revision": revision - 1, "edit": edit}),
            )
            .await;
        let data = stream
            .until("revision", Duration::from_secs(1), revision_is(revision))
            .await
            .unwrap_or_else(|| panic!("revision {revision} did not reach process two within 1 s"));
        delays.push(sent.elapsed());
        assert_eq!(data["edit"]["module"]["id"], format!("audit-{revision}"));
    }
    delays.sort();
    println!(
        "process one → stream on process two: median {:?}, max {:?} over {} edits",
        delays[delays.len() / 2],
        delays[delays.len() - 1],
        delays.len()
    );
    // Presence is shared too: process one sees who is on process two.
    let mut on_one = LiveStream::open(&owner.http, &one.url(""), &project)
        .await
        .unwrap();
    let people = on_one.until("presence", WAIT, |_| true).await.unwrap();
    assert_eq!(
        people["people"].as_array().map(Vec::len),
        Some(1),
        "one person, two tabs: {people}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shutdown_does_not_wait_for_open_streams() {
    // A grace far longer than the bound below: waiting for the stream would fail.
    let mut server = Server::start_with("live-shutdown", None, &[("SEAMS_SHUTDOWN_GRACE", "30")]);
    let owner = Person::sign_up(&server, "Owner").await;
    let project = demo_project(&owner).await;
    let mut stream = LiveStream::open(&owner.http, &server.url(""), &project)
        .await
        .unwrap();
    stream
        .until("revision", WAIT, revision_is(1))
        .await
        .unwrap();
    let asked = Instant::now();
    let status = std::process::Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    loop {
        if server.child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(
            asked.elapsed() < Duration::from_secs(5),
            "still running 5 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    println!(
        "stopped {:?} after SIGTERM with a stream open",
        asked.elapsed()
    );
    // The stream ended after what was already sent (the page would reconnect
    // to the next process).
    let mut left = 0;
    while stream.next(WAIT).await.is_some() {
        left += 1;
        assert!(left < 10, "the stream goes on after the shutdown");
    }
    server.kill();
}
