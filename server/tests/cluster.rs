//! Several instances behind a real proxy, under a live crowd: three `seams
//! serve` on one PostgreSQL database behind HAProxy with the configuration
//! users copy (`deploy/haproxy.cfg`). Participants edit through the proxy and
//! watch their projects' live streams while one instance is killed with
//! SIGKILL (and comes back), then every instance is restarted in turn with
//! SIGTERM. No acknowledged edit may be lost, the rolling restart may fail no
//! request, every stream reconnects within 5 s and all converge on the last
//! revision. With SEAMS_CLUSTER_RESTART_DATABASE=1 the local PostgreSQL is
//! restarted too (`pg_ctlcluster`; not in `make test`, whose other suites
//! share that server): edits fail meanwhile and none acknowledged is lost.
//!
//! Ignored by `cargo test`: `make cluster-test` runs the short form (20
//! participants, 2 projects) in `make test`, `make bench` the full one
//! (SEAMS_CLUSTER_PARTICIPANTS=200, SEAMS_CLUSTER_PROJECTS=10, with the
//! database restart). It needs SEAMS_TEST_POSTGRES_URL and HAProxy (both
//! installed by the Makefile).

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::measure::{percentile, setting};
use common::sse::LiveStream;
use common::{Person, demo_project, free_port, fresh_postgres_database, invite_token};
use serde_json::{Value, json};

/// The phases of the run, in order.
const PHASES: [&str; 5] = [
    "steady",
    "instance killed",
    "rolling restart",
    "database restarted",
    "after",
];

/// One `seams serve` of the cluster.
struct Instance {
    child: Child,
    port: u16,
}

struct Cluster {
    /// The instances' logs and data; kept when the test fails, for reading.
    scratch: Option<tempfile::TempDir>,
    dir: PathBuf,
    database_url: String,
    instances: Vec<Instance>,
    proxy: Child,
    proxy_port: u16,
}

impl Cluster {
    fn start(database_url: String) -> Cluster {
        let scratch = tempfile::Builder::new()
            .prefix("seams-cluster-")
            .tempdir()
            .expect("a temporary folder");
        let dir = scratch.path().to_path_buf();
        let ports: Vec<u16> = (0..3).map(|_| free_port()).collect();
        let instances = ports
            .iter()
            .enumerate()
            .map(|(n, port)| Instance {
                child: spawn_instance(&dir, n, *port, &database_url),
                port: *port,
            })
            .collect();
        let proxy_port = free_port();
        let config = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../deploy/haproxy.cfg"),
        )
        .unwrap()
        .replace("127.0.0.1:3080", &format!("127.0.0.1:{proxy_port}"))
        .replace("127.0.0.1:3001", &format!("127.0.0.1:{}", ports[0]))
        .replace("127.0.0.1:3002", &format!("127.0.0.1:{}", ports[1]))
        .replace("127.0.0.1:3003", &format!("127.0.0.1:{}", ports[2]));
        let config_path = dir.join("haproxy.cfg");
        std::fs::write(&config_path, config).unwrap();
        let proxy = Command::new("haproxy")
            .args(["-db", "-f"])
            .arg(&config_path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("haproxy (Debian's; make cluster-test installs it)");
        let mut cluster = Cluster {
            scratch: Some(scratch),
            dir,
            database_url,
            instances,
            proxy,
            proxy_port,
        };
        for n in 0..3 {
            cluster.wait_ready(n);
        }
        cluster
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.proxy_port)
    }

    fn wait_ready(&mut self, n: usize) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let url = format!("127.0.0.1:{}", self.instances[n].port);
        while !ready(&url) {
            if let Ok(Some(status)) = self.instances[n].child.try_wait() {
                panic!("instance {n} exited: {status}");
            }
            assert!(Instant::now() < deadline, "instance {n} not ready in 30 s");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn restart(&mut self, n: usize) {
        let port = self.instances[n].port;
        self.instances[n].child = spawn_instance(&self.dir, n, port, &self.database_url);
        self.wait_ready(n);
    }

    fn kill(&mut self, n: usize) {
        let _ = self.instances[n].child.kill();
        let _ = self.instances[n].child.wait();
    }

    /// SIGTERM, then waits for the instance to drain and exit.
    fn terminate(&mut self, n: usize) {
        let pid = self.instances[n].child.id().to_string();
        assert!(
            Command::new("kill")
                .args(["-TERM", &pid])
                .status()
                .unwrap()
                .success()
        );
        let status = self.instances[n].child.wait().unwrap();
        assert!(status.success(), "instance {n} stopped with {status}");
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        for instance in &mut self.instances {
            let _ = instance.child.kill();
            let _ = instance.child.wait();
        }
        let _ = self.proxy.kill();
        let _ = self.proxy.wait();
        if std::thread::panicking()
            && let Some(scratch) = self.scratch.take()
        {
            eprintln!(
                "the instances' logs are kept in {}",
                scratch.keep().display()
            );
        }
    }
}

fn spawn_instance(dir: &Path, n: usize, port: u16, database_url: &str) -> Child {
    let log = std::fs::File::create(dir.join(format!("instance{n}.log"))).unwrap();
    Command::new(env!("CARGO_BIN_EXE_seams"))
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .current_dir(dir)
        .env("DATABASE_URL", database_url)
        .env("SEAMS_DRAIN_SECONDS", "2")
        .env("SEAMS_CLIENT_ADDRESS_HEADER", "X-Forwarded-For")
        .env("SEAMS_SIGN_UPS_PER_HOUR", "100000")
        .env("SEAMS_DATA_DIR", dir.join(format!("instance{n}")))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .unwrap()
}

/// Restarts the local PostgreSQL (Debian's first cluster, as
/// scripts/test-postgres runs it): every instance loses its connections.
fn restart_postgres() {
    let clusters = Command::new("pg_lsclusters")
        .arg("--no-header")
        .output()
        .unwrap();
    let listing = String::from_utf8_lossy(&clusters.stdout);
    let mut first = listing.split_whitespace();
    let (version, name) = (first.next().unwrap(), first.next().unwrap());
    let status = Command::new("pg_ctlcluster")
        .args([version, name, "restart", "--mode", "fast"])
        .status()
        .unwrap();
    assert!(status.success(), "pg_ctlcluster restart: {status}");
}

fn ready(host: &str) -> bool {
    use std::io::{Read, Write};
    let Ok(mut stream) = std::net::TcpStream::connect(host) else {
        return false;
    };
    let _ = write!(
        stream,
        "GET /readyz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    );
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.starts_with("HTTP/1.1 200")
}

fn person(base: &str, name: &str) -> Person {
    Person {
        http: reqwest::Client::builder()
            .cookie_store(true)
            .timeout(Duration::from_secs(20))
            .build()
            .unwrap(),
        base: base.to_string(),
        name: name.to_string(),
    }
}

/// A call that may fail: the status and body, or `None` when no answer came.
async fn try_call(person: &Person, endpoint: &str, body: &Value) -> Option<(u16, Value)> {
    let response = person
        .http
        .post(format!("{}/api/{endpoint}", person.base))
        .json(body)
        .send()
        .await
        .ok()?;
    let status = response.status().as_u16();
    Some((status, response.json().await.unwrap_or(Value::Null)))
}

/// What the run saw, per phase: edit latencies by the phase an edit started
/// in, failed requests by the phase they failed in.
#[derive(Default)]
struct Tally {
    latencies: [Vec<Duration>; 5],
    failures: [std::collections::BTreeMap<String, usize>; 5],
    acknowledged: Vec<(usize, String)>,
}

impl Tally {
    /// Counts a failed request by what came back: no answer, or a status with
    /// the start of the error's English message.
    fn failed(&mut self, phase: &AtomicUsize, answer: &Option<(u16, Value)>) {
        let kind = match answer {
            None => "no answer".to_string(),
            Some((status, body)) => {
                let message = body
                    .as_object()
                    .and_then(|error| error.values().next())
                    .map(|detail| detail.get("en").unwrap_or(detail).to_string())
                    .unwrap_or_else(|| body.to_string());
                format!("{status} {}", message.chars().take(60).collect::<String>())
            }
        };
        *self.failures[phase.load(Ordering::SeqCst)]
            .entry(kind)
            .or_default() += 1;
    }
}

/// One participant: adds modules of its own, one edit at a time, retrying a
/// request that got no answer or a 5xx (adding a module with the same id
/// again is harmless), until told to stop.
async fn edit_until_stopped(
    person: Person,
    project: usize,
    project_id: String,
    phase: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
    tally: Arc<Mutex<Tally>>,
) {
    let mut k = 0;
    while !stop.load(Ordering::SeqCst) {
        let module = format!("{}.m{k}", person.name);
        loop {
            let at = phase.load(Ordering::SeqCst);
            let started = Instant::now();
            let opened = try_call(&person, "projects/head", &json!({"id": project_id})).await;
            let Some((200, head)) = opened else {
                tally.lock().unwrap().failed(&phase, &opened);
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            };
            let seen = head["revision"].as_i64().unwrap_or(0);
            let edit = json!({"op": "put_module", "module": {"id": module, "name": module}});
            let body = json!({"id": project_id, "seen_revision": seen, "edit": edit});
            match try_call(&person, "projects/edit", &body).await {
                Some((200, _)) => {
                    let mut tally = tally.lock().unwrap();
                    tally.latencies[at].push(started.elapsed());
                    tally.acknowledged.push((project, module.clone()));
                    break;
                }
                // Someone else's edit came first: read again and retry.
                Some((409, _)) => {}
                other => {
                    tally.lock().unwrap().failed(&phase, &other);
                    assert!(
                        other.as_ref().is_none_or(|(status, _)| *status >= 500),
                        "{}: {other:?}",
                        person.name
                    );
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
        k += 1;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// A page's live stream: reopened through the proxy whenever it ends; keeps
/// the newest revision seen and the longest time without a stream.
async fn watch(
    person: Person,
    project_id: String,
    newest: Arc<Mutex<i64>>,
    longest_gap: Arc<Mutex<Duration>>,
    stop: Arc<AtomicBool>,
) {
    while !stop.load(Ordering::SeqCst) {
        let lost_at = Instant::now();
        let mut stream = loop {
            match LiveStream::open(&person.http, &person.base, &project_id).await {
                Ok(stream) => break stream,
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        let mut first = true;
        while let Some(event) = stream.next(Duration::from_secs(30)).await {
            if first {
                let gap = lost_at.elapsed();
                let mut longest = longest_gap.lock().unwrap();
                *longest = (*longest).max(gap);
                first = false;
            }
            if let Some(revision) = event.data["revision"].as_i64() {
                let mut newest = newest.lock().unwrap();
                *newest = (*newest).max(revision);
            }
            if stop.load(Ordering::SeqCst) {
                return;
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "run by make cluster-test and make bench: needs PostgreSQL and HAProxy"]
async fn a_crowd_keeps_every_edit_through_a_killed_instance_and_a_rolling_restart() {
    let participants = setting("SEAMS_CLUSTER_PARTICIPANTS", 20);
    let projects = setting("SEAMS_CLUSTER_PROJECTS", 2);
    let database_url = fresh_postgres_database()
        .await
        .expect("SEAMS_TEST_POSTGRES_URL names the PostgreSQL to use");
    let mut cluster = Cluster::start(database_url);
    let base = cluster.url();

    // Owners and participants sign up and join through the proxy.
    let mut project_ids = Vec::new();
    let mut owners = Vec::new();
    let mut people = Vec::new();
    for p in 0..projects {
        let owner = person(&base, &format!("owner{p}"));
        owner
            .ok(
                "auth/sign_up",
                json!({"email": format!("owner{p}@example.com"), "display_name": owner.name, "password": "a long password"}),
            )
            .await;
        let id = demo_project(&owner).await;
        let token = invite_token(&owner, &id, "participant").await;
        for n in (p..participants).step_by(projects) {
            let member = person(&base, &format!("p{n}"));
            member
                .ok(
                    "invites/join",
                    json!({"token": token, "display_name": member.name}),
                )
                .await;
            people.push((p, member));
        }
        project_ids.push(id);
        owners.push(owner);
    }

    let phase = Arc::new(AtomicUsize::new(0));
    let stop_editing = Arc::new(AtomicBool::new(false));
    let stop_watching = Arc::new(AtomicBool::new(false));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let mut editors = Vec::new();
    let mut watchers = Vec::new();
    for (p, member) in &people {
        let newest = Arc::new(Mutex::new(0));
        let gap = Arc::new(Mutex::new(Duration::ZERO));
        watchers.push((
            *p,
            newest.clone(),
            gap.clone(),
            tokio::spawn(watch(
                member.clone(),
                project_ids[*p].clone(),
                newest,
                gap,
                stop_watching.clone(),
            )),
        ));
        editors.push(tokio::spawn(edit_until_stopped(
            member.clone(),
            *p,
            project_ids[*p].clone(),
            phase.clone(),
            stop_editing.clone(),
            tally.clone(),
        )));
    }

    let started = Instant::now();
    tokio::time::sleep(Duration::from_secs(4)).await;
    phase.store(1, Ordering::SeqCst);
    let killed_at = Instant::now();
    cluster.kill(1);
    tokio::time::sleep(Duration::from_secs(4)).await;
    cluster.restart(1);
    phase.store(2, Ordering::SeqCst);
    for n in 0..3 {
        cluster.terminate(n);
        cluster.restart(n);
        // HAProxy marks it up again after two checks.
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    let restart_database = setting("SEAMS_CLUSTER_RESTART_DATABASE", 0) == 1;
    if restart_database {
        phase.store(3, Ordering::SeqCst);
        restart_postgres();
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    phase.store(4, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(3)).await;
    stop_editing.store(true, Ordering::SeqCst);
    for editor in editors {
        editor.await.unwrap();
    }
    let run = started.elapsed();

    // Every acknowledged edit is in the model each project ends with.
    let mut finals = Vec::new();
    let mut lost = Vec::new();
    for (p, id) in project_ids.iter().enumerate() {
        let doc = owners[p].ok("projects/open", json!({"id": id})).await;
        let modules: BTreeSet<&str> = doc["project"]["modules"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|m| m["id"].as_str())
            .collect();
        let tally = tally.lock().unwrap();
        lost.extend(
            tally
                .acknowledged
                .iter()
                .filter(|(project, module)| *project == p && !modules.contains(module.as_str()))
                .map(|(_, module)| module.clone()),
        );
        finals.push(doc["revision"].as_i64().unwrap());
    }
    // Every stream converges on its project's last revision.
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut behind = watchers.len();
    while behind > 0 && Instant::now() < deadline {
        behind = watchers
            .iter()
            .filter(|(p, newest, _, _)| *newest.lock().unwrap() != finals[*p])
            .count();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    stop_watching.store(true, Ordering::SeqCst);
    let longest_gap = watchers
        .iter()
        .map(|(_, _, gap, _)| *gap.lock().unwrap())
        .max()
        .unwrap_or_default();
    for (_, _, _, task) in watchers {
        task.abort();
    }

    let mut tally = tally.lock().unwrap();
    println!(
        "cluster: 3 instances behind HAProxy, {participants} participants in {projects} projects, \
         {} acknowledged edits in {:.1} s, lost {}; longest time without a live stream {} ms \
         (instance killed {:.1} s into the run); streams behind at the end {behind}",
        tally.acknowledged.len(),
        run.as_secs_f64(),
        lost.len(),
        longest_gap.as_millis(),
        (killed_at - started).as_secs_f64(),
    );
    for (ix, name) in PHASES.iter().enumerate() {
        let failures = format!("{:?}", tally.failures[ix]);
        let latencies = &mut tally.latencies[ix];
        latencies.sort_unstable();
        println!(
            "  {name}: {} edits, p50 {} ms, p95 {} ms, p99 {} ms, failed requests {failures}",
            latencies.len(),
            percentile(latencies, 0.5).as_millis(),
            percentile(latencies, 0.95).as_millis(),
            percentile(latencies, 0.99).as_millis(),
        );
    }
    assert!(lost.is_empty(), "acknowledged edits lost: {lost:?}");
    assert!(
        tally.failures[2].is_empty(),
        "the rolling restart failed requests: {:?}",
        tally.failures[2]
    );
    assert!(
        tally.failures[3].keys().all(|kind| kind.starts_with("503")),
        "while the database restarted, edits fail with 503 and a plain reason: {:?}",
        tally.failures[3]
    );
    assert!(
        longest_gap <= Duration::from_secs(5),
        "a stream was down {longest_gap:?}"
    );
    assert_eq!(behind, 0, "streams that did not converge");
    let phases_run: &[usize] = if restart_database {
        &[0, 1, 2, 3, 4]
    } else {
        &[0, 1, 2, 4]
    };
    assert!(
        phases_run
            .iter()
            .all(|phase| !tally.latencies[*phase].is_empty()),
        "every phase run saw edits"
    );
}
