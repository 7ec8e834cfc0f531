//! The hostile-crowd test (run by `make bench`, not `make test`): for
//! SEAMS_CROWD_SECONDS (30 by default), while
//! - one client streams worst-case imports through the automation API, four
//!   at a time (a DOT edge-statement bomb, then a valid 20,000-module,
//!   100,000-call model, over and over),
//! - another opens 200 live streams of the workshop's project,
//! - a third signs up 100 accounts from one address,
//! - and `/healthz` is asked every 100 ms,
//!
//! 20 ordinary participants keep editing the workshop's project (one move a
//! second each) and reading their project list, each with its page's live
//! stream open. Their latency, the probe's, what each attacker got and the
//! server's memory are printed. The participants must see p99 < 500 ms and no
//! error at all, the probe p99 < 50 ms, no request may get a 500, and memory
//! must level off. It runs on SQLite and, with SEAMS_TEST_POSTGRES_URL (which
//! `make bench` sets), on PostgreSQL.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::measure::{MemoryTrace, percentile, resident_kib};
use common::sse::LiveStream;
use common::{Person, Server, SplitIds, access_token, demo_project, joined, split_ids};
use serde_json::json;

const PARTICIPANTS: usize = 20;
const IMPORTERS: usize = 4;
const STREAMS: usize = 200;
const SIGN_UPS: usize = 100;

fn seconds() -> u64 {
    std::env::var("SEAMS_CROWD_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(30)
}

/// `{a0 … a2499} -> {b0 … b2499}`: 6.25 million edges named in 28 KB.
fn edge_bomb() -> String {
    let side = |prefix: &str| {
        (0..2_500)
            .map(|i| format!("{prefix}{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    format!("digraph {{ {{{}}} -> {{{}}} }}", side("a"), side("b"))
}

/// A valid model of 20,000 modules and 100,000 calls.
fn big_model() -> String {
    let mut text = String::from("digraph monolith {\n");
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for i in 0..100_000u64 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let from = i % 20_000;
        let to = x % 20_000;
        if from != to {
            text.push_str(&format!("m{from} -> m{to};\n"));
        }
    }
    text.push_str("}\n");
    text
}

/// Status counts, by what each side got.
#[derive(Default)]
struct Tally {
    statuses: std::collections::BTreeMap<u16, usize>,
}

impl Tally {
    fn count(&mut self, status: u16) {
        *self.statuses.entry(status).or_default() += 1;
    }

    fn server_errors(&self) -> usize {
        self.statuses
            .iter()
            .filter(|(s, _)| **s == 500 || **s == 502 || **s == 504)
            .map(|(_, n)| n)
            .sum()
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .statuses
            .iter()
            .map(|(s, n)| format!("{n}× {s}"))
            .collect();
        write!(f, "{}", parts.join(", "))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "load test: `make bench` runs it"]
async fn twenty_participants_keep_working_while_a_hostile_crowd_imports_streams_and_signs_up() {
    hostile_crowd("SQLite", None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "load test: `make bench` runs it"]
async fn the_same_crowd_on_postgresql() {
    let url = common::fresh_postgres_database()
        .await
        .expect("SEAMS_TEST_POSTGRES_URL names the PostgreSQL to use (make bench sets it)");
    hostile_crowd("PostgreSQL", Some(url)).await;
}

/// The crowd against one server on the given database (its own SQLite file when none).
async fn hostile_crowd(database: &str, database_url: Option<String>) {
    let seconds = seconds();
    let server = Server::start_with(
        "hostile-crowd",
        database_url,
        &[("SEAMS_SIGN_UPS_PER_HOUR", "20")],
    );
    let owner = Person::sign_up(&server, "Owner").await;
    let project = demo_project(&owner).await;
    let mut participants = Vec::new();
    for n in 0..PARTICIPANTS {
        participants.push(joined(&server, &owner, &project, "editor", &format!("p{n}")).await);
    }
    let streamer = joined(&server, &owner, &project, "viewer", "streamer").await;
    let importer = Person::sign_up(&server, "Importer").await;
    let importer_project = demo_project(&importer).await;
    let token = access_token(&importer).await;

    let SplitIds {
        id: split_id,
        services,
        modules,
        revision: first_revision,
    } = split_ids(&owner, &project, 0).await;

    let deadline = Instant::now() + Duration::from_secs(seconds);
    let pid = server.child.id();
    let memory = Arc::new(Mutex::new(Vec::<u64>::new()));
    let sampler = {
        let memory = memory.clone();
        tokio::spawn(async move {
            let mut every_second = tokio::time::interval(Duration::from_secs(1));
            while Instant::now() < deadline {
                every_second.tick().await;
                memory.lock().unwrap().push(resident_kib(pid));
            }
        })
    };

    // The importer: four at a time, back to back.
    let imports = Arc::new(Mutex::new(Tally::default()));
    let (bomb, model) = (Arc::new(edge_bomb()), Arc::new(big_model()));
    let mut attackers = Vec::new();
    for i in 0..IMPORTERS {
        let (imports, bomb, model) = (imports.clone(), bomb.clone(), model.clone());
        let url = server.url(&format!("/api/v1/projects/{importer_project}/model"));
        let token = token.clone();
        attackers.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut k = i;
            while Instant::now() < deadline {
                let body = if k % 2 == 0 { &bomb } else { &model };
                k += 1;
                let status = client
                    .put(&url)
                    .bearer_auth(&token)
                    .header("content-type", "text/vnd.graphviz")
                    .body(body.as_str().to_string())
                    .send()
                    .await
                    .map_or(0, |r| r.status().as_u16());
                imports.lock().unwrap().count(status);
            }
        }));
    }

    // The streamer: 200 streams of the workshop's project, held open.
    let streams = Arc::new(Mutex::new(Tally::default()));
    let held = {
        let (streams, base, project) = (streams.clone(), server.url(""), project.clone());
        let http = streamer.http.clone();
        tokio::spawn(async move {
            let mut open = Vec::new();
            for _ in 0..STREAMS {
                match LiveStream::open(&http, &base, &project).await {
                    Ok(stream) => {
                        streams.lock().unwrap().count(200);
                        open.push(stream);
                    }
                    Err(status) => streams.lock().unwrap().count(status),
                }
            }
            tokio::time::sleep_until(deadline.into()).await;
            drop(open);
        })
    };

    // The sign-ups: 100 accounts from one address, all at once.
    let sign_ups = Arc::new(Mutex::new(Tally::default()));
    for n in 0..SIGN_UPS {
        let (sign_ups, base) = (sign_ups.clone(), server.url(""));
        attackers.push(tokio::spawn(async move {
            let status = reqwest::Client::new()
                .post(format!("{base}/api/auth/sign_up"))
                .json(&json!({
                    "email": format!("crowd{n}-{}@example.com", std::process::id()),
                    "display_name": format!("crowd{n}"),
                    "password": "correct horse battery",
                }))
                .send()
                .await
                .map_or(0, |r| r.status().as_u16());
            sign_ups.lock().unwrap().count(status);
        }));
    }

    // The probe.
    let probe_times = Arc::new(Mutex::new(Vec::<Duration>::new()));
    let probe = {
        let (times, url) = (probe_times.clone(), server.url("/healthz"));
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut tick = tokio::time::interval(Duration::from_millis(100));
            while Instant::now() < deadline {
                tick.tick().await;
                let asked = Instant::now();
                let ok = client
                    .get(&url)
                    .send()
                    .await
                    .is_ok_and(|r| r.status() == 200);
                let took = asked.elapsed();
                times
                    .lock()
                    .unwrap()
                    .push(if ok { took } else { Duration::MAX });
            }
        })
    };

    // The participants: a move a second, the project list every other second.
    let latencies = Arc::new(Mutex::new(Vec::<Duration>::new()));
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let mut ordinary = Vec::new();
    for (e, person) in participants.into_iter().enumerate() {
        let (latencies, failures) = (latencies.clone(), failures.clone());
        let (project, split_id, services) = (project.clone(), split_id.clone(), services.clone());
        let module = modules[e % modules.len()].clone();
        let base = server.url("");
        ordinary.push(tokio::spawn(async move {
            let _page = LiveStream::open(&person.http, &base, &project).await;
            tokio::time::sleep(Duration::from_millis(50 * e as u64)).await;
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            let mut seen = first_revision;
            let mut k = e;
            while Instant::now() < deadline {
                tick.tick().await;
                k += 1;
                let edit = json!({"op": "assign", "split": split_id, "module": module, "service": services[k % services.len()]});
                let asked = Instant::now();
                let (status, answer) = person
                    .call(
                        "projects/edit",
                        json!({"id": project, "seen_revision": seen, "edit": edit}),
                    )
                    .await;
                latencies.lock().unwrap().push(asked.elapsed());
                match answer["revision"].as_i64() {
                    Some(revision) if status == 200 => seen = revision,
                    _ => failures
                        .lock()
                        .unwrap()
                        .push(format!("edit: {status} {answer}")),
                }
                if k % 2 == 0 {
                    let asked = Instant::now();
                    let (status, answer) = person.call("projects/list", json!({"deleted": false})).await;
                    latencies.lock().unwrap().push(asked.elapsed());
                    if status != 200 {
                        failures
                            .lock()
                            .unwrap()
                            .push(format!("list: {status} {answer}"));
                    }
                }
            }
        }));
    }

    for task in ordinary {
        task.await.unwrap();
    }
    for task in attackers {
        task.await.unwrap();
    }
    held.await.unwrap();
    probe.await.unwrap();
    sampler.await.unwrap();

    let mut latencies = latencies.lock().unwrap().clone();
    latencies.sort();
    let mut probes = probe_times.lock().unwrap().clone();
    probes.sort();
    let memory = MemoryTrace(memory.lock().unwrap().clone());
    let (first_half, second_half) = memory.halves();
    let (imports, streams, sign_ups) = (
        imports.lock().unwrap(),
        streams.lock().unwrap(),
        sign_ups.lock().unwrap(),
    );
    let failures = failures.lock().unwrap().clone();
    println!("Hostile crowd on {database}, {seconds} s, {PARTICIPANTS} participants:");
    println!(
        "  participants ({} requests): p50 {:?}, p95 {:?}, p99 {:?}, max {:?}; {} failed",
        latencies.len(),
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.95),
        percentile(&latencies, 0.99),
        latencies.last().copied().unwrap_or_default(),
        failures.len()
    );
    println!(
        "  /healthz ({} probes): p50 {:?}, p99 {:?}, max {:?}",
        probes.len(),
        percentile(&probes, 0.5),
        percentile(&probes, 0.99),
        probes.last().copied().unwrap_or_default()
    );
    println!("  imports ({IMPORTERS} at a time): {imports}");
    println!("  live streams ({STREAMS} asked by one person): {streams}");
    println!("  sign-ups ({SIGN_UPS} from one address): {sign_ups}");
    println!("  {memory}");

    assert!(
        failures.is_empty(),
        "participants saw errors, the first: {:?}",
        &failures[..failures.len().min(5)]
    );
    assert!(
        percentile(&latencies, 0.99) < Duration::from_millis(500),
        "participants' p99 is over 500 ms"
    );
    assert!(
        percentile(&probes, 0.99) < Duration::from_millis(50),
        "/healthz p99 is over 50 ms"
    );
    for (who, tally) in [
        ("imports", &*imports),
        ("streams", &*streams),
        ("sign-ups", &*sign_ups),
    ] {
        assert_eq!(tally.server_errors(), 0, "{who}: {tally}");
    }
    assert!(
        streams.statuses.get(&429).copied().unwrap_or(0) > 0,
        "one person's streams are capped"
    );
    assert!(
        sign_ups.statuses.get(&429).copied().unwrap_or(0) > 0,
        "sign-ups from one address are limited"
    );
    assert!(
        second_half <= first_half + first_half / 4,
        "memory keeps growing: {first_half} KiB then {second_half} KiB"
    );
}
