//! `seams serve` as an operator meets it: probes, a clean stop on SIGTERM that lets
//! a request in flight finish, and one-line errors for a busy port or a bad
//! database URL.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A scratch folder of its own, removed when the test ends.
fn temp_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("seams-serve-{name}-"))
        .tempdir()
        .expect("a temporary folder")
}

fn seams(args: &[&str], dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_seams"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("DATABASE_URL")
        .env_remove("SEAMS_ADDR");
    command
}

fn get(port: u16, path: &str) -> Option<String> {
    get_with(port, path, "")
}

fn get_with(port: u16, path: &str, headers: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\n{headers}Connection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

fn wait_until_ready(port: u16, server: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        if get(port, "/readyz").is_some_and(|r| r.starts_with("HTTP/1.1 200")) {
            return;
        }
        if let Ok(Some(status)) = server.try_wait() {
            panic!("server exited early: {status}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("server not ready within 30 s");
}

#[test]
fn serves_probes_and_stops_cleanly_after_finishing_a_request_in_flight() {
    let scratch = temp_dir("graceful");
    let dir = scratch.path();
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = seams(&["serve", "--addr", &addr], dir)
        .env("SEAMS_METRICS_TOKEN", "scrape-secret")
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_until_ready(port, &mut server);

    assert!(get(port, "/healthz").unwrap().starts_with("HTTP/1.1 200"));
    for n in 0..30 {
        get(port, &format!("/no-such-page-{n}")).unwrap();
    }
    assert!(
        get(port, "/metrics").unwrap().starts_with("HTTP/1.1 404"),
        "metrics need the token"
    );
    let wrong = get_with(port, "/metrics", "Authorization: Bearer guess\r\n").unwrap();
    assert!(wrong.starts_with("HTTP/1.1 404"));
    let metrics = get_with(port, "/metrics", "Authorization: Bearer scrape-secret\r\n").unwrap();
    assert!(metrics.starts_with("HTTP/1.1 200"), "{metrics}");
    assert!(metrics.contains("axum_http_requests_total"), "{metrics}");
    assert!(metrics.contains("endpoint=\"/readyz\""), "{metrics}");
    assert!(
        !metrics.contains("no-such-page"),
        "unmatched paths share one series: {metrics}"
    );
    assert!(
        dir.join("data/seams.db").exists(),
        "the SQLite file is created under ./data"
    );

    // A request whose body is still arriving when the signal comes.
    let body = br#"{"csp-report": {"blocked-uri": "inline"}}"#;
    let mut upload = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        upload,
        "POST /csp-report HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    )
    .unwrap();
    upload.write_all(&body[..10]).unwrap();
    upload.flush().unwrap();
    std::thread::sleep(Duration::from_millis(200));

    let signalled = Instant::now();
    let kill = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        TcpStream::connect(("127.0.0.1", port)).is_err(),
        "no new connections after the signal"
    );

    upload.write_all(&body[10..]).unwrap();
    let mut response = String::new();
    upload.read_to_string(&mut response).unwrap();
    assert!(
        response.starts_with("HTTP/1.1 204"),
        "the request in flight completes: {response}"
    );

    exits_cleanly_within(&mut server, signalled, Duration::from_secs(5));
}

#[test]
fn a_draining_server_fails_readiness_but_serves_until_the_drain_ends() {
    let scratch = temp_dir("drain");
    let dir = scratch.path();
    let port = free_port();
    let addr = format!("127.0.0.1:{port}");
    let mut server = seams(&["serve", "--addr", &addr, "--drain-seconds", "2"], dir)
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    wait_until_ready(port, &mut server);
    let signalled = Instant::now();
    let kill = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    std::thread::sleep(Duration::from_millis(300));
    // A load balancer checking /readyz takes it out; whatever it still sends is served.
    let ready = get(port, "/readyz").expect("still listening while draining");
    assert!(ready.starts_with("HTTP/1.1 503"), "{ready}");
    assert!(ready.ends_with("draining"), "{ready}");
    assert!(get(port, "/healthz").unwrap().starts_with("HTTP/1.1 200"));
    assert!(get(port, "/").unwrap().starts_with("HTTP/1.1 200"));
    exits_cleanly_within(&mut server, signalled, Duration::from_secs(8));
    assert!(
        signalled.elapsed() >= Duration::from_secs(2),
        "it served through the drain"
    );
}

/// Waits for the server to exit with success, at most `limit` after `signalled`.
fn exits_cleanly_within(server: &mut Child, signalled: Instant, limit: Duration) {
    let status = loop {
        if let Some(status) = server.try_wait().unwrap() {
            break status;
        }
        assert!(
            signalled.elapsed() < limit,
            "still running {limit:?} after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "exit status {status}");
}

fn one_line_failure(output: Output, contains: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert_eq!(stderr.lines().count(), 1, "one line expected:\n{stderr}");
    assert!(
        stderr.starts_with("error: ") && stderr.contains(contains),
        "{stderr}"
    );
}

#[test]
fn a_busy_port_is_one_clear_line() {
    let scratch = temp_dir("busy");
    let dir = scratch.path();
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let output = seams(&["serve", "--addr", &addr], dir).output().unwrap();
    one_line_failure(output, &format!("cannot listen on {addr}"));
}

#[test]
fn a_wrong_database_url_is_one_clear_line() {
    let scratch = temp_dir("badurl");
    let dir = scratch.path();
    let addr = format!("127.0.0.1:{}", free_port());
    let unreachable = seams(&["serve", "--addr", &addr], dir)
        .env("DATABASE_URL", "postgres://seams:secret@127.0.0.1:1/seams")
        .output()
        .unwrap();
    one_line_failure(
        unreachable,
        "cannot open database postgres://seams:***@127.0.0.1:1/seams",
    );

    let unsupported = seams(
        &["serve", "--addr", &addr, "--database-url", "mysql://x/y"],
        dir,
    )
    .output()
    .unwrap();
    one_line_failure(unsupported, "unsupported database URL");

    let missing_folder = seams(&["serve", "--addr", &addr], dir)
        .env("DATABASE_URL", "sqlite:///proc/no/such/dir/x.db")
        .output()
        .unwrap();
    one_line_failure(missing_folder, "/proc/no/such/dir");
}
