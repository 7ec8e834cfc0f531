//! `seams backup` while the server serves edits, then `seams restore` into a
//! fresh instance: every project comes back at its revision with the same
//! content and history, people sign in with their passwords, and a restore
//! never overwrites a database unasked.

mod common;

use std::process::Command;

use common::{Person, Server, demo_project};
use serde_json::{Value, json};

fn seams(dir: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_seams"))
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("SEAMS_DATA_DIR")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every project the person sees: id, revision, model and history.
async fn everything(person: &Person) -> Vec<(String, Value, Value)> {
    let list = person.ok("projects/list", json!({"deleted": false})).await;
    let mut out = Vec::new();
    for project in list.as_array().unwrap() {
        let id = project["id"].as_str().unwrap().to_string();
        let doc = person.ok("projects/open", json!({"id": id})).await;
        let history = person
            .ok("projects/history", json!({"id": id, "before": null}))
            .await;
        out.push((id, doc, history));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[tokio::test]
async fn a_backup_taken_while_the_server_runs_restores_every_project_at_its_revision() {
    let source = Server::start("backup-source", None);
    let kim = Person::anonymous(&source, "kim");
    kim.ok(
        "auth/sign_up",
        json!({"email": "kim@example.com", "display_name": "김", "password": "a long password"}),
    )
    .await;
    let mut projects = Vec::new();
    for _ in 0..3 {
        projects.push(demo_project(&kim).await);
    }
    // Edits keep coming while the backup is taken.
    let editing = {
        let kim = kim.clone();
        let id = projects[0].clone();
        tokio::spawn(async move {
            for n in 0..40 {
                let doc = kim.ok("projects/open", json!({"id": id})).await;
                let seen = doc["revision"].as_i64().unwrap();
                let edit =
                    json!({"op": "set_info", "name": format!("renamed {n}"), "description": ""});
                kim.ok(
                    "projects/edit",
                    json!({"id": id, "seen_revision": seen, "edit": edit}),
                )
                .await;
            }
        })
    };
    let backup = source.dir.join("seams-backup.db");
    let (ok, stdout, stderr) = seams(&source.dir, &["backup", "-o", "seams-backup.db"]);
    assert!(ok, "{stderr}");
    assert!(stdout.starts_with("backed up 3 projects ("), "{stdout}");
    editing.await.unwrap();
    let (ok, _, stderr) = seams(&source.dir, &["backup", "-o", "seams-backup.db"]);
    assert!(!ok);
    assert!(stderr.contains("already exists"), "{stderr}");

    // The backup taken during the edits passed its integrity check; one taken
    // now that they are over is compared, project by project, after restoring.
    std::fs::remove_file(&backup).unwrap();
    let (ok, _, stderr) = seams(&source.dir, &["backup", "-o", "seams-backup.db"]);
    assert!(ok, "{stderr}");
    let before = everything(&kim).await;
    assert_eq!(before.len(), 3);

    // Restoring under a running server would lose what it writes afterwards.
    let (ok, _, stderr) = seams(&source.dir, &["restore", "seams-backup.db", "--replace"]);
    assert!(!ok, "a restore under a running server is refused");
    assert!(stderr.contains("in use by a running server"), "{stderr}");
    assert_eq!(
        everything(&kim).await,
        before,
        "and the database is untouched"
    );

    let mut fresh = Server::start("backup-target", None);
    fresh.kill();
    let path = backup.display().to_string();
    let (ok, _, stderr) = seams(&fresh.dir, &["restore", &path]);
    assert!(!ok, "a restore does not overwrite unasked");
    assert!(stderr.contains("--replace"), "{stderr}");
    let (ok, stdout, stderr) = seams(&fresh.dir, &["restore", &path, "--replace"]);
    assert!(ok, "{stderr}");
    assert!(stdout.starts_with("restored 3 projects ("), "{stdout}");
    fresh.restart_on(common::free_port());

    let again = Person::anonymous(&fresh, "kim");
    again
        .ok(
            "auth/sign_in",
            json!({"email": "kim@example.com", "password": "a long password"}),
        )
        .await;
    let after = everything(&again).await;
    assert_eq!(after, before, "every project, revision and history entry");
    assert!(
        after
            .iter()
            .any(|(_, doc, _)| doc["project"]["name"] == "renamed 39"
                && doc["revision"].as_i64() > Some(40)),
        "the last edit before the backup is in it"
    );

    let (ok, _, stderr) = seams(&fresh.dir, &["restore", "Cargo.toml", "--replace"]);
    assert!(!ok);
    assert!(stderr.starts_with("error: "), "{stderr}");
}
