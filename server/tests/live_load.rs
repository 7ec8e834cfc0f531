//! The live load test (run by `make bench`, not `make test`): 50 participants
//! follow one project through the live stream while editors make 20 edits per
//! second for 60 seconds, all on loopback. Every participant keeps its own copy
//! of the project from the stream alone (applying each edit, re-reading only when
//! the stream says it must). At the end every copy must equal the database, no
//! request may have failed, and the server's memory must level off. The figures
//! are printed. Sizes can be changed with SEAMS_LOAD_PARTICIPANTS,
//! SEAMS_LOAD_RATE and SEAMS_LOAD_SECONDS.

mod common;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::measure::{MemoryTrace, percentile, resident_kib, setting};
use common::sse::LiveStream;
use common::{Person, Server, SplitIds, split_ids};
use engine::edit::Edit;
use engine::model::Project;
use serde_json::{Value, json};

/// A participant's copy of the project, fed by the stream.
struct Replica {
    revision: i64,
    project: Project,
    /// Revisions that arrived ahead of a gap.
    ahead: BTreeMap<i64, Option<Edit>>,
    arrivals: Vec<(i64, Instant)>,
    rereads: usize,
}

impl Replica {
    async fn read(person: &Person, project: &str) -> (i64, Project) {
        let doc = person.ok("projects/open", json!({"id": project})).await;
        let revision = doc["revision"].as_i64().unwrap();
        (
            revision,
            serde_json::from_value(doc["project"].clone()).unwrap(),
        )
    }

    /// Takes an announced revision; true when the project must be re-read.
    fn take(&mut self, revision: i64, edit: Option<Edit>) -> bool {
        if revision <= self.revision {
            return false;
        }
        self.ahead.insert(revision, edit);
        while let Some(edit) = self.ahead.remove(&(self.revision + 1)) {
            let Some(edit) = edit else {
                return true;
            };
            if edit.apply(&mut self.project).is_err() {
                return true;
            }
            self.revision += 1;
        }
        // A gap that did not close: something was missed.
        self.ahead.len() > 8
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
#[ignore = "load test: `make bench` runs it"]
async fn fifty_participants_twenty_edits_a_second_for_a_minute() {
    let participants = setting("SEAMS_LOAD_PARTICIPANTS", 50) as usize;
    let rate = setting("SEAMS_LOAD_RATE", 20);
    let seconds = setting("SEAMS_LOAD_SECONDS", 60);
    let editors = 10.min(participants);

    let server = Server::start("live-load", None);
    let owner = Person::sign_up(&server, "Owner").await;
    let project = owner
        .ok("projects/create", json!({"source": {"kind": "demo"}}))
        .await
        .as_str()
        .unwrap()
        .to_string();
    let token = owner
        .ok(
            "invites/create",
            json!({"id": project, "role": "editor", "days": 1}),
        )
        .await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let mut people = vec![owner.clone()];
    for n in 1..participants {
        let person = Person::anonymous(&server, &format!("p{n}"));
        person
            .ok(
                "invites/join",
                json!({"token": token, "display_name": format!("p{n}")}),
            )
            .await;
        people.push(person);
    }

    // Everyone connects and reads the project once.
    let revisions: Vec<Arc<AtomicI64>> = (0..participants)
        .map(|_| Arc::new(AtomicI64::new(0)))
        .collect();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let events = Arc::new(AtomicUsize::new(0));
    let mut followers = Vec::new();
    for (n, person) in people.iter().enumerate() {
        let mut stream = LiveStream::open(&person.http, &server.url(""), &project)
            .await
            .unwrap();
        let (revision, copy) = Replica::read(person, &project).await;
        revisions[n].store(revision, Ordering::SeqCst);
        let mut replica = Replica {
            revision,
            project: copy,
            ahead: BTreeMap::new(),
            arrivals: Vec::new(),
            rereads: 0,
        };
        let (person, project, seen, mut stopped, events) = (
            person.clone(),
            project.clone(),
            revisions[n].clone(),
            stopped.clone(),
            events.clone(),
        );
        followers.push(tokio::spawn(async move {
            loop {
                let event = tokio::select! {
                    event = stream.next(Duration::from_secs(30)) => event,
                    _ = stopped.changed() => break,
                };
                let Some(event) = event else {
                    panic!("{}: the stream ended", person.name)
                };
                events.fetch_add(1, Ordering::Relaxed);
                if event.name != "revision" {
                    continue;
                }
                let revision = event.data["revision"].as_i64().unwrap();
                replica.arrivals.push((revision, Instant::now()));
                let edit =
                    serde_json::from_value::<Option<Edit>>(event.data["edit"].clone()).unwrap();
                if replica.take(revision, edit) {
                    let (revision, copy) = Replica::read(&person, &project).await;
                    replica.revision = revision;
                    replica.project = copy;
                    replica.ahead.retain(|r, _| *r > revision);
                    replica.rereads += 1;
                }
                seen.store(replica.revision, Ordering::SeqCst);
            }
            replica
        }));
    }

    // Memory, sampled every second.
    let pid = server.child.id();
    let memory = Arc::new(Mutex::new(Vec::<u64>::new()));
    let sampler = {
        let (memory, mut stopped) = (memory.clone(), stopped.clone());
        tokio::spawn(async move {
            let mut every_second = tokio::time::interval(Duration::from_secs(1));
            loop {
                tokio::select! {
                    _ = every_second.tick() => memory.lock().unwrap().push(resident_kib(pid)),
                    _ = stopped.changed() => break,
                }
            }
        })
    };

    // Editors: each moves its own modules, so nothing conflicts by design.
    let SplitIds {
        id: split_id,
        services,
        modules,
        ..
    } = split_ids(&owner, &project, 0).await;
    let started = Instant::now();
    let sent_at = Arc::new(Mutex::new(BTreeMap::<i64, Instant>::new()));
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let per_editor = Duration::from_secs_f64(editors as f64 / rate as f64);
    let edits_each = (seconds * rate) as usize / editors;
    let mut drivers = Vec::new();
    for e in 0..editors {
        let (person, project, split_id) = (people[e].clone(), project.clone(), split_id.clone());
        let own: Vec<String> = modules.iter().skip(e).step_by(editors).cloned().collect();
        let (services, seen, sent_at, failures) = (
            services.clone(),
            revisions[e].clone(),
            sent_at.clone(),
            failures.clone(),
        );
        drivers.push(tokio::spawn(async move {
            tokio::time::sleep(per_editor / editors as u32 * e as u32).await;
            let mut tick = tokio::time::interval(per_editor);
            let mut last_own = 0;
            for k in 0..edits_each {
                tick.tick().await;
                let edit = json!({"op": "assign", "split": split_id, "module": own[k % own.len()], "service": services[(k + e) % services.len()]});
                let seen_revision = seen.load(Ordering::SeqCst).max(last_own);
                let sent = Instant::now();
                let (status, answer) = person.call("projects/edit", json!({"id": project, "seen_revision": seen_revision, "edit": edit})).await;
                if status == 200 {
                    last_own = answer["revision"].as_i64().unwrap();
                    sent_at.lock().unwrap().insert(last_own, sent);
                } else {
                    failures.lock().unwrap().push(format!("{status}: {answer}"));
                }
            }
        }));
    }
    for driver in drivers {
        driver.await.unwrap();
    }
    let editing = started.elapsed();

    // Everyone must arrive at the database's state.
    let final_doc = owner.ok("projects/open", json!({"id": project})).await;
    let final_revision = final_doc["revision"].as_i64().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while revisions
        .iter()
        .any(|r| r.load(Ordering::SeqCst) < final_revision)
    {
        assert!(
            Instant::now() < deadline,
            "participants did not catch up within 20 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let converged = started.elapsed();
    let _ = stop.send(true);
    sampler.await.unwrap();
    let truth: Value = final_doc["project"].clone();
    let mut replicas = Vec::new();
    for follower in followers {
        replicas.push(follower.await.unwrap());
    }

    let failures = failures.lock().unwrap().clone();
    let sent_at = sent_at.lock().unwrap().clone();
    let accepted = sent_at.len();
    let mut delays = Vec::new();
    for replica in &replicas {
        for (revision, arrived) in &replica.arrivals {
            if let Some(sent) = sent_at.get(revision) {
                delays.push(arrived.saturating_duration_since(*sent));
            }
        }
    }
    delays.sort();
    let memory = MemoryTrace(memory.lock().unwrap().clone());
    let (first_half, second_half) = memory.halves();
    let rereads: usize = replicas.iter().map(|r| r.rereads).sum();
    println!(
        "live load: {participants} participants, {editors} editors, target {rate} edits/s for {seconds} s"
    );
    println!(
        "  edits: {accepted} accepted, {} failed, {:.1} edits/s achieved, final revision {final_revision}",
        failures.len(),
        accepted as f64 / editing.as_secs_f64()
    );
    println!(
        "  delivery (edit sent → event at a participant, {} deliveries): p50 {:?}, p95 {:?}, p99 {:?}, max {:?}",
        delays.len(),
        percentile(&delays, 0.5),
        percentile(&delays, 0.95),
        percentile(&delays, 0.99),
        percentile(&delays, 1.0)
    );
    println!(
        "  events received: {}, re-reads of the whole project: {rereads}, all converged {:?} after the start",
        events.load(Ordering::Relaxed),
        converged
    );
    println!("  {memory}");

    assert!(failures.is_empty(), "error responses: {failures:?}");
    assert_eq!(accepted, edits_each * editors, "every edit was accepted");
    for (n, replica) in replicas.iter().enumerate() {
        assert_eq!(replica.revision, final_revision, "participant {n} revision");
        assert_eq!(
            serde_json::to_value(&replica.project).unwrap(),
            truth,
            "participant {n} state"
        );
    }
    assert!(
        second_half <= first_half + first_half / 4 + 32 * 1024,
        "memory keeps growing: {first_half} KiB then {second_half} KiB"
    );
}
