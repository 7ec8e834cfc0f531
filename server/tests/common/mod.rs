//! A real `seams serve` on a free port with a throw-away database, and HTTP
//! clients that act as signed-in people.
#![allow(dead_code)]

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub mod measure;
pub mod sse;

/// A running server.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub dir: PathBuf,
    /// Removes `dir` when the server is dropped (after its process is killed).
    _scratch: tempfile::TempDir,
    pub database_url: Option<String>,
    /// Extra environment for every (re)start.
    pub env: Vec<(String, String)>,
}

impl Server {
    /// Starts a server with its own SQLite file (or the given database URL).
    pub fn start(name: &str, database_url: Option<String>) -> Server {
        Server::start_with(name, database_url, &[])
    }

    /// Starts a server with extra environment variables (settings under test).
    pub fn start_with(name: &str, database_url: Option<String>, env: &[(&str, &str)]) -> Server {
        let scratch = tempfile::Builder::new()
            .prefix(&format!("seams-it-{name}-"))
            .tempdir()
            .expect("a temporary folder");
        let dir = scratch.path().to_path_buf();
        let mut server = Server {
            child: spawn(&dir, 0, database_url.as_deref(), &[]),
            port: 0,
            dir,
            _scratch: scratch,
            database_url,
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        server.restart_on(free_port());
        server
    }

    /// (Re)starts the process on a port, on the same data.
    pub fn restart_on(&mut self, port: u16) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.port = port;
        self.child = spawn(&self.dir, port, self.database_url.as_deref(), &self.env);
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if probe::ready(&self.url("/readyz")).unwrap_or(false) {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("server exited: {status}");
            }
            assert!(Instant::now() < deadline, "server not ready in 30 s");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A URL on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Kills the process without warning (SIGKILL).
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

fn spawn(dir: &PathBuf, port: u16, database_url: Option<&str>, env: &[(String, String)]) -> Child {
    let mut command = Command::new(env!("CARGO_BIN_EXE_seams"));
    // Tests sign many people up from one address; a test of the limit sets its own.
    command.env("SEAMS_SIGN_UPS_PER_HOUR", "100000");
    command.envs(env.iter().map(|(k, v)| (k, v)));
    command
        .args(["serve", "--addr", &format!("127.0.0.1:{port}")])
        .current_dir(dir)
        .env("RUST_LOG", "warn")
        .env_remove("SEAMS_ADDR")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match database_url {
        Some(url) => command.env("DATABASE_URL", url),
        None => command.env_remove("DATABASE_URL"),
    };
    command.spawn().unwrap()
}

/// A free local port.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A minimal blocking GET for the readiness probe (before any runtime exists).
mod probe {
    pub fn ready(url: &str) -> std::io::Result<bool> {
        use std::io::{Read, Write};
        let rest = url.trim_start_matches("http://");
        let (host, path) = rest.split_once('/').unwrap();
        let mut stream = std::net::TcpStream::connect(host)?;
        write!(
            stream,
            "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )?;
        let mut response = String::new();
        stream.read_to_string(&mut response)?;
        Ok(response.starts_with("HTTP/1.1 200"))
    }
}

/// A person using Seams through its server functions, with their own cookies.
#[derive(Clone)]
pub struct Person {
    pub http: ::reqwest::Client,
    pub base: String,
    pub name: String,
}

impl Person {
    /// Nobody signed in yet.
    pub fn anonymous(server: &Server, name: &str) -> Person {
        Person {
            http: ::reqwest::Client::builder()
                .cookie_store(true)
                .build()
                .unwrap(),
            base: server.url(""),
            name: name.to_string(),
        }
    }

    /// Signs up a new account with a unique email.
    pub async fn sign_up(server: &Server, name: &str) -> Person {
        let person = Person::anonymous(server, name);
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let email = format!(
            "{}-{}-{n}@example.com",
            name.to_lowercase(),
            std::process::id()
        );
        let (status, body) = person
            .call(
                "auth/sign_up",
                json!({"email": email, "display_name": name, "password": "correct horse battery"}),
            )
            .await;
        assert_eq!(status, 200, "sign up {name}: {body}");
        person
    }

    /// Calls a server function; returns the status and the JSON answer.
    pub async fn call(&self, endpoint: &str, body: Value) -> (u16, Value) {
        let response = self
            .http
            .post(format!("{}/api/{endpoint}", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let text = response.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    /// Calls a server function that must succeed.
    pub async fn ok(&self, endpoint: &str, body: Value) -> Value {
        let (status, answer) = self.call(endpoint, body).await;
        assert_eq!(status, 200, "{} {endpoint}: {answer}", self.name);
        answer
    }
}

/// A new demo project of `owner`; its id.
pub async fn demo_project(owner: &Person) -> String {
    owner
        .ok("projects/create", json!({"source": {"kind": "demo"}}))
        .await
        .as_str()
        .unwrap()
        .to_string()
}

/// A new personal access token of `person`: its secret.
pub async fn access_token(person: &Person) -> String {
    person.ok("tokens/create", json!({"name": "ci"})).await["secret"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A split of a project as the tests move modules in it.
pub struct SplitIds {
    /// The split's id.
    pub id: String,
    /// Its services' ids.
    pub services: Vec<String>,
    /// The modules it assigns.
    pub modules: Vec<String>,
    /// The project's revision when it was read.
    pub revision: i64,
}

/// The ids of split number `index` of `project`, as `person` opens it.
pub async fn split_ids(person: &Person, project: &str, index: usize) -> SplitIds {
    let doc = person.ok("projects/open", json!({"id": project})).await;
    let split = &doc["project"]["splits"][index];
    SplitIds {
        id: split["id"].as_str().unwrap().to_string(),
        services: split["services"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().to_string())
            .collect(),
        modules: split["assignment"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect(),
        revision: doc["revision"].as_i64().unwrap(),
    }
}

/// A new invite link's token for `project` with `role`, valid a day.
pub async fn invite_token(owner: &Person, project: &str, role: &str) -> String {
    owner
        .ok(
            "invites/create",
            json!({"id": project, "role": role, "days": 1}),
        )
        .await["token"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A member who joined `project` with `role` through an invite.
pub async fn joined(
    server: &Server,
    owner: &Person,
    project: &str,
    role: &str,
    name: &str,
) -> Person {
    let token = invite_token(owner, project, role).await;
    let person = Person::anonymous(server, name);
    person
        .ok(
            "invites/join",
            json!({"token": token, "display_name": name}),
        )
        .await;
    person
}

/// A new, empty PostgreSQL database on the server SEAMS_TEST_POSTGRES_URL names
/// (none when it is not set).
pub async fn fresh_postgres_database() -> Option<String> {
    let admin_url = std::env::var("SEAMS_TEST_POSTGRES_URL").ok()?;
    let name = format!("seams_it_{}", app::store::new_id());
    let admin = app::store::Db::connect(&admin_url)
        .await
        .expect("SEAMS_TEST_POSTGRES_URL must be reachable");
    admin
        .execute_admin(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    admin.close().await;
    let base = admin_url
        .rsplit_once('/')
        .map_or(admin_url.as_str(), |(base, _)| base);
    Some(format!("{base}/{name}"))
}
