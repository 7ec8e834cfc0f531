//! The command-line tools, run as a user would: real files in, one-line errors
//! and a non-zero exit code on bad input, never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn seams(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seams"))
        .args(args)
        .output()
        .expect("run seams")
}

fn fixtures() -> PathBuf {
    std::env::var_os("SEAMS_FIXTURES")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/fixtures"))
        .join("mono2micro-acmeair")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("seams-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Asserts a failure with exactly one line on stderr starting with `error:`.
#[track_caller]
fn assert_one_line_error(output: &Output, contains: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "expected failure, got success");
    assert_eq!(
        stderr.lines().count(),
        1,
        "one line expected, got:\n{stderr}"
    );
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        stderr.contains(contains),
        "{stderr:?} should mention {contains:?}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn imports_mono2micro_and_analyzes_every_split() {
    let dir = temp_dir("import");
    let project = dir.join("acmeair.json");
    let f = fixtures();
    let output = seams(&[
        "import",
        "mono2micro",
        "--calls",
        path(&f.join("runtime_call_volume.json")),
        "--contexts",
        path(&f.join("bcs_per_class.json")),
        "--partition",
        path(&f.join("partitions/mono2micro_k5.json")),
        "--partition",
        path(&f.join("partitions/bunch_k2.json")),
        "-o",
        path(&project),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    let output = seams(&["analyze", path(&project), "--format", "json"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let splits = json["splits"].as_array().unwrap();
    assert_eq!(splits.len(), 2);
    assert_eq!(splits[0]["name"], "mono2micro_k5");
    let metrics = &splits[0]["metrics"];
    for key in [
        "bcp",
        "icp",
        "sm",
        "ifn",
        "ned",
        "turbomq",
        "modularity",
        "cdp",
    ] {
        assert!(metrics[key].is_number(), "metric {key} missing");
    }
    assert!((metrics["icp"].as_f64().unwrap() - 0.527).abs() < 0.0015);
    assert!(splits[0]["advice"].is_array());
    assert_eq!(splits[1]["name"], "bunch_k2");

    let table = seams(&["analyze", path(&project), "--format", "table"]);
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("mono2micro_k5") && text.contains("icp"),
        "{text}"
    );
    let md = seams(&["analyze", path(&project), "--format", "md"]);
    assert!(String::from_utf8_lossy(&md.stdout).contains("| Inter-call percentage (ICP) |"));
}

#[test]
fn bad_input_gives_one_clear_line() {
    let dir = temp_dir("bad");
    let f = fixtures();
    let calls = f.join("runtime_call_volume.json");

    assert_one_line_error(
        &seams(&["analyze", path(&dir.join("missing.json"))]),
        "cannot read",
    );

    let malformed = dir.join("malformed.json");
    std::fs::write(&malformed, "{ \"schema_version\": 1, ").unwrap();
    assert_one_line_error(&seams(&["analyze", path(&malformed)]), "invalid JSON");

    let ghost = dir.join("ghost.json");
    std::fs::write(&ghost, r#"{"NoSuchClass": 0}"#).unwrap();
    assert_one_line_error(
        &seams(&[
            "import",
            "mono2micro",
            "--calls",
            path(&calls),
            "--partition",
            path(&ghost),
        ]),
        "class 'NoSuchClass' appears in no call",
    );

    let inconsistent = dir.join("inconsistent.json");
    std::fs::write(
        &inconsistent,
        r#"{"schema_version": 1, "name": "x", "modules": [{"id": "a"}], "calls": [{"caller": "a", "callee": "b"}]}"#,
    )
    .unwrap();
    assert_one_line_error(
        &seams(&["analyze", path(&inconsistent)]),
        "unknown module 'b'",
    );

    let newer = dir.join("newer.json");
    std::fs::write(&newer, r#"{"schema_version": 99, "name": "x"}"#).unwrap();
    assert_one_line_error(
        &seams(&["analyze", path(&newer)]),
        "schema_version 99 is not supported",
    );
}
