//! Durability: the server is killed with SIGKILL during a stream of edits; after a
//! restart every edit that had been acknowledged is there.

mod common;

use std::collections::BTreeMap;
use std::time::Duration;

use common::{Person, Server, SplitIds, split_ids};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_edits_survive_a_kill() {
    let mut server = Server::start("crash", None);
    let owner = Person::sign_up(&server, "Owner").await;
    let id = owner
        .ok("projects/create", json!({"source": {"kind": "demo"}}))
        .await
        .as_str()
        .unwrap()
        .to_string();
    let SplitIds {
        id: split_id,
        services,
        modules,
        ..
    } = split_ids(&owner, &id, 0).await;

    let writer = owner.clone();
    let (id2, split2) = (id.clone(), split_id.clone());
    let stream = tokio::spawn(async move {
        let mut acknowledged = Vec::new();
        let mut in_flight = None;
        let mut seen = 1;
        for e in 0.. {
            let module = modules[e % modules.len()].clone();
            let service = services[(e * 5) % services.len()].clone();
            in_flight = Some((module.clone(), service.clone()));
            let edit =
                json!({"op": "assign", "split": split2, "module": module, "service": service});
            let sent = writer
                .http
                .post(format!("{}/api/projects/edit", writer.base))
                .json(&json!({"id": id2, "seen_revision": seen, "edit": edit}))
                .send()
                .await;
            let Ok(response) = sent else { break };
            if response.status() != 200 {
                break;
            }
            let Ok(answer) = response.json::<serde_json::Value>().await else {
                break;
            };
            seen = answer["revision"].as_i64().unwrap();
            acknowledged.push((seen, module, service));
        }
        (acknowledged, in_flight)
    });
    tokio::time::sleep(Duration::from_millis(1500)).await;
    server.kill();
    let (acknowledged, in_flight) = stream.await.unwrap();
    assert!(
        acknowledged.len() > 10,
        "the stream was running ({} edits)",
        acknowledged.len()
    );

    server.restart_on(common::free_port());
    let owner = Person {
        base: server.url(""),
        ..owner
    };
    // The session survived too: it lives in the database.
    let doc = owner.ok("projects/open", json!({"id": id})).await;
    let last_acknowledged = acknowledged.last().unwrap().0;
    let revision = doc["revision"].as_i64().unwrap();
    let mut expected: BTreeMap<&String, &String> = BTreeMap::new();
    for (_, module, service) in &acknowledged {
        expected.insert(module, service);
    }
    // The edit in flight at the kill may or may not have been committed.
    match revision - last_acknowledged {
        0 => {}
        1 => {
            let (module, service) = in_flight.as_ref().unwrap();
            expected.insert(module, service);
        }
        other => panic!("{other} revisions appeared that nobody sent"),
    }
    let assignment = &doc["project"]["splits"][0]["assignment"];
    for (module, service) in &expected {
        assert_eq!(
            assignment[module.as_str()].as_str().unwrap(),
            service.as_str(),
            "{module}"
        );
    }
    let history = owner
        .ok(
            "projects/history",
            json!({"id": id, "before": last_acknowledged + 1}),
        )
        .await;
    let newest = history.as_array().unwrap().first().unwrap()["revision"]
        .as_i64()
        .unwrap();
    assert_eq!(
        newest, last_acknowledged,
        "every acknowledged revision is in the history"
    );
    println!("{} acknowledged edits survived SIGKILL", acknowledged.len());
}
