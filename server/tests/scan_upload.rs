//! `POST /api/scan` over HTTP: a real application's sources become a preview
//! and then a project only when the user creates it; hostile archives are
//! refused with one message while the server keeps answering; and the demo
//! workshop opens read-only for a visitor without an account.

mod common;

use std::io::Write;
use std::path::Path;

use common::{Person, Server};
use serde_json::{Value, json};

/// A zip of a folder, as a user would make it.
fn zip_folder(root: &Path) -> Vec<u8> {
    fn add(writer: &mut zip::ZipWriter<std::io::Cursor<Vec<u8>>>, root: &Path, dir: &Path) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("a folder")
            .map(|e| e.expect("an entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                add(writer, root, &path);
                continue;
            }
            let name = path.strip_prefix(root).expect("below the root");
            writer
                .start_file(
                    name.to_string_lossy(),
                    zip::write::SimpleFileOptions::default(),
                )
                .expect("an entry");
            writer
                .write_all(&std::fs::read(&path).expect("a file"))
                .expect("its bytes");
        }
    }
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    add(&mut writer, root, root);
    writer.finish().expect("the archive").into_inner()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (path, content) in entries {
        writer
            .start_file(*path, zip::write::SimpleFileOptions::default())
            .expect("an entry");
        writer.write_all(content).expect("its bytes");
    }
    writer.finish().expect("the archive").into_inner()
}

/// Uploads an archive; the status and the body (the events, or the refusal).
async fn upload(person: &Person, query: &str, archive: Vec<u8>) -> (u16, String) {
    let response = person
        .http
        .post(format!("{}/api/scan?{query}", person.base))
        .header("content-type", "application/octet-stream")
        .body(archive)
        .send()
        .await
        .expect("the upload is answered");
    let status = response.status().as_u16();
    (status, response.text().await.expect("a body"))
}

/// The events of a streamed answer.
fn events(body: &str) -> Vec<Value> {
    body.split("\n\n")
        .filter_map(|block| block.strip_prefix("data: "))
        .map(|data| serde_json::from_str(data).expect("an event is JSON"))
        .collect()
}

#[tokio::test]
async fn a_real_application_is_previewed_then_created_only_when_confirmed() {
    let server = Server::start("scan-upload", None);
    let person = Person::sign_up(&server, "Ari").await;
    let petclinic =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../scan/tests/fixtures/spring-petclinic");
    let (status, body) = upload(&person, "name=petclinic", zip_folder(&petclinic)).await;
    assert_eq!(status, 200, "{body}");
    let events = events(&body);
    let (last, progress) = events.split_last().expect("events");
    assert!(
        progress.iter().all(|e| e["event"] == "parsing"),
        "{progress:?}"
    );
    assert_eq!(last["event"], "done", "{last}");
    let preview = &last["preview"];
    assert_eq!(preview["name"], "petclinic");
    let writers = |table: &str| {
        preview["tables"]
            .as_array()
            .expect("tables")
            .iter()
            .find(|t| t["table"] == table)
            .map(|t| t["writers"].clone())
    };
    assert_eq!(
        writers("owners"),
        Some(json!([
            "org.springframework.samples.petclinic.owner.OwnerRepository"
        ]))
    );
    let routes = preview["entry_points"].as_array().expect("routes");
    assert!(
        routes.iter().any(|r| r[0] == "GET /owners/{ownerId}"),
        "{routes:?}"
    );
    // Nothing is stored by a preview.
    assert_eq!(
        person.ok("projects/list", json!({"deleted": false})).await,
        json!([])
    );

    let project = last["project"].as_str().expect("the project's JSON");
    let id = person
        .ok(
            "projects/create",
            json!({"source": {"kind": "import", "source": {
                "format": "json", "name": "", "first": project, "second": "", "third": "", "package_level": false
            }}}),
        )
        .await;
    let doc = person.ok("projects/open", json!({"id": id})).await;
    assert_eq!(doc["project"]["name"], "petclinic");
    let modules = doc["project"]["modules"].as_array().expect("modules");
    let repository = modules
        .iter()
        .find(|m| m["id"] == "org.springframework.samples.petclinic.owner.OwnerRepository")
        .expect("the repository is a module");
    assert!(
        repository["writes"]
            .as_array()
            .is_some_and(|w| w.contains(&json!("owners"))),
        "{repository}"
    );
}

#[tokio::test]
async fn hostile_archives_are_refused_with_one_message_and_the_server_keeps_answering() {
    let server = Server::start("scan-hostile", None);
    let person = Person::sign_up(&server, "Ari").await;
    let java = b"package shop;\nclass Order {}\n";

    let zeros = vec![0u8; 64 * 1024 * 1024];
    let bomb = zip_of(&[("shop/Order.java", java), ("shop/zeros.java", &zeros)]);
    let (upload, health) = tokio::join!(
        upload(&person, "", bomb),
        reqwest::get(server.url("/healthz"))
    );
    assert_eq!(health.expect("health").status(), 200);
    assert_eq!(upload.0, 422, "{}", upload.1);
    assert!(upload.1.contains("zip bomb"), "{}", upload.1);

    let (status, body) = self::upload(&person, "", zip_of(&[("../etc/Evil.java", java)])).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("climbs out of the archive"), "{body}");

    let (status, body) = self::upload(&person, "", zip_of(&[("docs/notes.txt", b"no code")])).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("no Java, Kotlin"), "{body}");
    let refusal: Value = serde_json::from_str(&body).expect("a JSON refusal");
    assert!(
        refusal["error_ko"]
            .as_str()
            .is_some_and(|ko| ko.contains("소스 파일이 없습니다")),
        "{refusal}"
    );

    let (status, body) = self::upload(&person, "", b"not an archive at all".to_vec()).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains("not a .zip, .tar.gz or .tar archive"),
        "{body}"
    );

    let (status, body) = self::upload(&person, "level=method", zip_of(&[("a/B.java", java)])).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("no module level 'method'"), "{body}");

    let large = vec![b'x'; 101 * 1024 * 1024];
    let (status, body) = self::upload(&person, "", large).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body.contains("The archive is over the limit of 100.0 MiB"),
        "{body}"
    );

    let visitor = Person::anonymous(&server, "Visitor");
    let (status, _) = self::upload(&visitor, "", zip_of(&[("a/B.java", java)])).await;
    assert_eq!(status, 401);

    // None of it made a project.
    assert_eq!(
        person.ok("projects/list", json!({"deleted": false})).await,
        json!([])
    );
}

#[tokio::test]
async fn a_visitor_opens_the_demo_read_only_and_can_copy_it() {
    let server = Server::start("demo-visit", None);
    let visitor = Person::anonymous(&server, "Visitor");
    let demo = visitor.ok("projects/visit-demo", json!({})).await;
    assert_eq!(demo, "demo");
    let doc = visitor.ok("projects/open", json!({"id": "demo"})).await;
    assert_eq!(doc["role"], "viewer");
    assert_eq!(doc["project"]["splits"].as_array().map(Vec::len), Some(2));
    let seen = doc["revision"].as_i64().expect("a revision");
    let answer =
        json!({"op": "answer", "participant": "me", "question": "n1", "answer": "yes", "note": ""});
    let (status, refused) = visitor
        .call(
            "projects/edit",
            json!({"id": "demo", "seen_revision": seen, "edit": answer}),
        )
        .await;
    assert_eq!(status, 422, "{refused}");
    assert!(refused.to_string().contains("read-only"), "{refused}");

    // A second visitor sees the same demo, unchanged.
    let other = Person::anonymous(&server, "Other");
    assert_eq!(other.ok("projects/visit-demo", json!({})).await, "demo");
    let again = other.ok("projects/open", json!({"id": "demo"})).await;
    assert_eq!(again["revision"], doc["revision"]);

    // A copy of their own is theirs to change.
    let copy = visitor
        .ok(
            "projects/duplicate",
            json!({"id": "demo", "name": "My demo"}),
        )
        .await;
    let mine = visitor.ok("projects/open", json!({"id": copy})).await;
    assert_eq!(mine["role"], "owner");

    // Someone signed in keeps their account and gets the demo among their projects.
    let ari = Person::sign_up(&server, "Ari").await;
    assert_eq!(ari.ok("projects/visit-demo", json!({})).await, "demo");
    let listed = ari.ok("projects/list", json!({"deleted": false})).await;
    assert!(
        listed
            .as_array()
            .is_some_and(|l| l.iter().any(|p| p["id"] == "demo" && p["role"] == "viewer")),
        "{listed}"
    );
}
