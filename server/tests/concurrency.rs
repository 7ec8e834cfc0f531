//! 20 writers × 50 edits on one project through the public server functions:
//! every accepted edit is in the final state and in the history, every refused
//! one got the conflict error, nothing else happened.

mod common;

use std::collections::BTreeMap;

use common::{Person, Server, SplitIds, split_ids};
use serde_json::json;

const WRITERS: usize = 20;
const EDITS: usize = 50;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_lose_nothing_on_sqlite() {
    writers_lose_nothing(Server::start("concurrency-sqlite", None)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_lose_nothing_on_postgres() {
    let Some(url) = common::fresh_postgres_database().await else {
        eprintln!(
            "SEAMS_TEST_POSTGRES_URL is not set: the PostgreSQL run is skipped here (CI sets it)"
        );
        return;
    };
    writers_lose_nothing(Server::start("concurrency-postgres", Some(url))).await;
}

async fn writers_lose_nothing(server: Server) {
    let owner = Person::sign_up(&server, "Owner").await;
    let id = owner
        .ok("projects/create", json!({"source": {"kind": "demo"}}))
        .await
        .as_str()
        .unwrap()
        .to_string();
    let link = owner
        .ok(
            "invites/create",
            json!({"id": id, "role": "editor", "days": 1}),
        )
        .await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let SplitIds {
        id: split_id,
        services,
        modules,
        ..
    } = split_ids(&owner, &id, 1).await;
    // A few contested modules, so writers really collide.
    let modules: Vec<String> = modules.into_iter().take(4).collect();

    let mut writers = Vec::new();
    for w in 0..WRITERS {
        let person = Person::anonymous(&server, &format!("writer{w}"));
        person
            .ok(
                "invites/join",
                json!({"token": link, "display_name": format!("writer{w}")}),
            )
            .await;
        let (id, split_id, services, modules) = (
            id.clone(),
            split_id.clone(),
            services.clone(),
            modules.clone(),
        );
        writers.push(tokio::spawn(async move {
            let mut accepted = Vec::new();
            let mut refused = 0;
            let mut seen = person.ok("projects/open", json!({"id": id})).await["revision"].as_i64().unwrap();
            for e in 0..EDITS {
                let module = &modules[(w + e) % modules.len()];
                let service = &services[(w * 7 + e) % services.len()];
                let edit = json!({"op": "assign", "split": split_id, "module": module, "service": service});
                let (status, answer) = person.call("projects/edit", json!({"id": id, "seen_revision": seen, "edit": edit})).await;
                match status {
                    200 => {
                        let revision = answer["revision"].as_i64().unwrap();
                        accepted.push((revision, module.clone(), service.clone()));
                        seen = revision;
                    }
                    409 => {
                        assert!(answer["Conflict"]["en"].as_str().unwrap().contains("meanwhile"), "{answer}");
                        refused += 1;
                        // Catch up, as the page would, and carry on.
                        seen = person.ok("projects/open", json!({"id": id})).await["revision"].as_i64().unwrap();
                    }
                    other => panic!("writer {w}: unexpected {other}: {answer}"),
                }
            }
            (accepted, refused)
        }));
    }
    let mut accepted = Vec::new();
    let mut refused = 0;
    for writer in writers {
        let (a, r) = writer.await.unwrap();
        accepted.extend(a);
        refused += r;
    }
    assert_eq!(
        accepted.len() + refused,
        WRITERS * EDITS,
        "every edit was accepted or refused"
    );
    assert!(refused > 0, "the writers did collide");
    accepted.sort();
    let revisions: Vec<i64> = accepted.iter().map(|a| a.0).collect();
    let expected: Vec<i64> = (2..2 + accepted.len() as i64).collect();
    assert_eq!(
        revisions, expected,
        "accepted edits are exactly the revisions after creation"
    );

    // The final state is the last accepted move of each module.
    let mut last: BTreeMap<&String, &String> = BTreeMap::new();
    for (_, module, service) in &accepted {
        last.insert(module, service);
    }
    let doc = owner.ok("projects/open", json!({"id": id})).await;
    assert_eq!(doc["revision"].as_i64().unwrap(), 1 + accepted.len() as i64);
    let assignment = &doc["project"]["splits"][1]["assignment"];
    for (module, service) in last {
        assert_eq!(
            assignment[module].as_str().unwrap(),
            service.as_str(),
            "{module}"
        );
    }
    // Every accepted edit is in the history.
    let mut history = Vec::new();
    let mut before = serde_json::Value::Null;
    loop {
        let page = owner
            .ok("projects/history", json!({"id": id, "before": before}))
            .await;
        let entries = page.as_array().unwrap().clone();
        if entries.is_empty() {
            break;
        }
        before = entries.last().unwrap()["revision"].clone();
        history.extend(entries);
    }
    assert_eq!(history.len(), 1 + accepted.len());
    // The history names modules as people know them: by name.
    let modules = doc["project"]["modules"].as_array().unwrap();
    let name_of = |id: &str| {
        let module = modules.iter().find(|m| m["id"] == id).unwrap();
        module["name"]
            .as_str()
            .filter(|n| !n.is_empty())
            .unwrap_or(id)
            .to_string()
    };
    for (revision, module, _) in &accepted {
        let entry = history.iter().find(|h| h["revision"] == *revision).unwrap();
        assert_eq!(entry["action"], "assign");
        let summary = entry["summary_en"].as_str().unwrap();
        assert!(summary.contains(&name_of(module)), "{summary}");
    }
    println!(
        "{} accepted, {refused} refused with a conflict",
        accepted.len()
    );
}
