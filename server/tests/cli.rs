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

/// A scratch folder of its own, removed when the test ends.
fn temp_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("seams-cli-{name}-"))
        .tempdir()
        .expect("a temporary folder")
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

/// Imports AcmeAir (calls, business contexts and the named partitions) into
/// `dir`/acmeair.json with `seams import mono2micro`; the project file's path.
fn import_acmeair(dir: &Path, partitions: &[&str]) -> PathBuf {
    let project = dir.join("acmeair.json");
    let f = fixtures();
    let calls = f.join("runtime_call_volume.json");
    let contexts = f.join("bcs_per_class.json");
    let files: Vec<PathBuf> = partitions
        .iter()
        .map(|name| f.join(format!("partitions/{name}.json")))
        .collect();
    let mut args = vec![
        "import",
        "mono2micro",
        "--calls",
        path(&calls),
        "--contexts",
        path(&contexts),
    ];
    for file in &files {
        args.extend(["--partition", path(file)]);
    }
    args.extend(["-o", path(&project)]);
    let output = seams(&args);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    project
}

#[test]
fn imports_mono2micro_and_analyzes_every_split() {
    let scratch = temp_dir("import");
    let project = import_acmeair(scratch.path(), &["mono2micro_k5", "bunch_k2"]);

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

/// The phases `--timings` printed on standard error, by name, in order.
fn phases(output: &Output) -> Vec<String> {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter_map(|line| {
            let (phase, seconds) = line.split_once(' ')?;
            let seconds: f64 = seconds.parse().ok()?;
            assert!(seconds >= 0.0, "{line}");
            Some(phase.to_string())
        })
        .collect()
}

#[test]
fn timings_name_each_phase_on_standard_error() {
    let scratch = temp_dir("timings");
    let dir = scratch.path();
    let project = import_acmeair(dir, &["mono2micro_k5"]);
    let json = seams(&["analyze", path(&project), "--timings"]);
    assert_eq!(
        phases(&json),
        ["read", "build", "metrics", "advice", "write"]
    );
    // The analysis on standard output is untouched by the timings.
    let analysis: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(analysis["splits"][0]["name"], "mono2micro_k5");
    // A table shows no advice, so none is worked out.
    let table = seams(&["analyze", path(&project), "--format", "table", "--timings"]);
    assert_eq!(phases(&table), ["read", "build", "metrics", "write"]);
    let suggested = dir.join("suggested.json");
    for (algorithm, phase) in [("leiden", "leiden"), ("louvain", "louvain")] {
        let output = seams(&[
            "suggest",
            path(&project),
            "--algorithm",
            algorithm,
            "--timings",
            "-o",
            path(&suggested),
        ]);
        assert_eq!(phases(&output), ["read", "build", phase, "write"]);
    }
    // Without the flag, nothing of the kind.
    assert!(phases(&seams(&["analyze", path(&project)])).is_empty());
}

#[test]
fn bad_input_gives_one_clear_line() {
    let scratch = temp_dir("bad");
    let dir = scratch.path();
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

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn imports_every_format_and_the_result_analyzes() {
    let scratch = temp_dir("formats");
    let dir = scratch.path();
    let calls = dir.join("calls.csv");
    let modules = dir.join("modules.csv");
    std::fs::write(&calls, "caller,callee,volume,style,transactional\nweb,pay,10,sync,false\npay,ledger,5,async,true\n").unwrap();
    std::fs::write(&modules, "id,name,capability,subdomain,team,size,use_cases,reads,writes\npay,결제,Pay,Payment,a,3,checkout,,payments\n").unwrap();
    let from_csv = dir.join("csv.json");
    stdout(&seams(&[
        "import",
        "csv",
        "--calls",
        path(&calls),
        "--modules",
        path(&modules),
        "-o",
        path(&from_csv),
    ]));
    let project: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&from_csv).unwrap()).unwrap();
    assert_eq!(project["modules"][0]["name"], "결제");
    assert_eq!(
        project["calls"]["caller"].as_array().unwrap().len(),
        2,
        "calls as columns (version 2)"
    );

    let graph = dir.join("g.dot");
    std::fs::write(&graph, "digraph shop {\n subgraph cluster_a { label=\"A\"; web; pay }\n web -> pay [weight=4];\n pay -> ledger;\n}\n").unwrap();
    let from_dot = dir.join("dot.json");
    stdout(&seams(&[
        "import",
        "dot",
        path(&graph),
        "-o",
        path(&from_dot),
    ]));
    let analysis = stdout(&seams(&["analyze", path(&from_dot)]));
    assert!(analysis.contains("\"DOT clusters\""), "{analysis}");

    let jdeps = dir.join("deps.txt");
    std::fs::write(&jdeps, "app.jar -> java.base\n   a.b.C -> a.d.E   app.jar\n   a.b.C -> java.lang.Object   java.base\n").unwrap();
    let from_jdeps = stdout(&seams(&[
        "import",
        "jdeps",
        path(&jdeps),
        "--level",
        "package",
    ]));
    assert!(
        from_jdeps.contains("\"a.b\"") && from_jdeps.contains("\"a.d\""),
        "{from_jdeps}"
    );

    let again = stdout(&seams(&["import", "json", path(&from_csv)]));
    assert_eq!(
        again,
        std::fs::read_to_string(&from_csv).unwrap(),
        "JSON in, the same JSON out"
    );

    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "a,b,x\n").unwrap();
    assert_one_line_error(
        &seams(&["import", "csv", "--calls", path(&bad)]),
        "bad.csv:1: volume 'x'",
    );
}

#[test]
fn suggests_exports_and_checks_the_demo() {
    let scratch = temp_dir("demo");
    let dir = scratch.path();
    let demo = dir.join("demo.json");
    stdout(&seams(&["demo", "-o", path(&demo)]));
    let suggested = dir.join("suggested.json");
    let output = seams(&[
        "suggest",
        path(&demo),
        "--services",
        "6",
        "--seed",
        "3",
        "-o",
        path(&suggested),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("added split 'Suggested (Leiden)': 6 services")
    );
    let again = seams(&["suggest", path(&suggested)]);
    assert_one_line_error(&again, "already has a split named 'Suggested (Leiden)'");

    for format in [
        "md",
        "html",
        "json",
        "csv",
        "mermaid",
        "dot",
        "structurizr",
        "cml",
    ] {
        let text = stdout(&seams(&[
            "export",
            path(&suggested),
            "--format",
            format,
            "--split",
            "Suggested (Leiden)",
        ]));
        assert!(!text.is_empty(), "{format} is empty");
    }
    let csv = stdout(&seams(&["export", path(&suggested), "--format", "csv"]));
    assert!(csv.starts_with("split,origin,bcp,icp"));
    assert_eq!(csv.lines().count(), 4, "a header and one row per split");
    let mermaid = stdout(&seams(&["export", path(&suggested), "--format", "mermaid"]));
    assert!(mermaid.starts_with("flowchart LR\n  subgraph s0"));
    let korean = stdout(&seams(&[
        "export",
        path(&suggested),
        "--format",
        "md",
        "--lang",
        "ko",
    ]));
    assert!(korean.contains("분해 보고서"));
    assert_one_line_error(
        &seams(&[
            "export",
            path(&suggested),
            "--format",
            "cml",
            "--split",
            "nope",
        ]),
        "no split named 'nope'",
    );

    let passing = seams(&[
        "check",
        path(&demo),
        "--split",
        "서브도메인별 (By subdomain)",
        "--max-icp",
        "0.9",
        "--max",
        "unassigned=0",
    ]);
    assert!(passing.status.success());
    assert!(stdout(&passing).starts_with("ok: split"));
    let failing = seams(&[
        "check",
        path(&demo),
        "--split",
        "비즈니스 능력별 (By capability)",
        "--max-cycles",
        "0",
        "--min",
        "sm=0.5",
    ]);
    assert_eq!(failing.status.code(), Some(1));
    let report = String::from_utf8_lossy(&failing.stdout);
    assert!(report.contains("fails 2 of 2 checks"), "{report}");
    assert!(
        report.contains("cycles is 2, above the maximum 0"),
        "{report}"
    );
    assert_one_line_error(
        &seams(&["check", path(&demo), "--split", "x", "--max", "nonsense=1"]),
        "unknown metric 'nonsense'",
    );
}

#[test]
fn graphviz_accepts_the_dot_export() {
    let scratch = temp_dir("graphviz");
    let dir = scratch.path();
    let demo = dir.join("demo.json");
    stdout(&seams(&["demo", "-o", path(&demo)]));
    let dot_file = dir.join("demo.dot");
    stdout(&seams(&[
        "export",
        path(&demo),
        "--format",
        "dot",
        "-o",
        path(&dot_file),
    ]));
    let graphviz = Command::new("dot")
        .args(["-Tsvg", path(&dot_file)])
        .output()
        .expect("Graphviz `dot` is installed by `make test` (Debian package graphviz)");
    assert!(
        graphviz.status.success(),
        "dot refused the export: {}",
        String::from_utf8_lossy(&graphviz.stderr)
    );
    assert!(String::from_utf8_lossy(&graphviz.stdout).contains("<svg"));
    assert!(
        graphviz.stderr.is_empty(),
        "dot warned: {}",
        String::from_utf8_lossy(&graphviz.stderr)
    );
}

#[test]
fn suggests_one_service_for_sixty_thousand_unlinked_modules() {
    // Merging one pair per pass over the graph was quadratic: 48 s in release.
    let scratch = temp_dir("unlinked");
    let dir = scratch.path();
    let project = engine::model::Project {
        name: "unlinked".into(),
        modules: (0..60_000)
            .map(|i| engine::model::Module::new(format!("m{i}")))
            .collect(),
        ..engine::model::Project::default()
    };
    let input = dir.join("unlinked.json");
    std::fs::write(&input, engine::formats::native::to_json(&project)).unwrap();
    let output = dir.join("suggested.json");
    let run = seams(&[
        "suggest",
        path(&input),
        "--services",
        "1",
        "-o",
        path(&output),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stored = std::fs::read_to_string(&output).unwrap();
    let suggested = engine::formats::native::from_json("suggested.json", &stored).unwrap();
    assert_eq!(suggested.splits[0].services.len(), 1);
    assert_eq!(suggested.splits[0].assignment.len(), 60_000);
}

/// `seams history coupling` on a real history prints code-maat's coupling table;
/// a repository is read with the user's git; bad input is one clear line.
#[test]
fn history_prints_change_coupling_and_ownership() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../engine/tests/corpus/history");
    let log = corpus.join("spring-petclinic.log");
    let output = seams(&["history", "coupling", "--log", path(&log)]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = String::from_utf8(output.stdout).unwrap();
    let expected = std::fs::read_to_string(corpus.join("spring-petclinic.coupling.csv")).unwrap();
    assert_eq!(
        printed.lines().skip(1).collect::<Vec<_>>(),
        expected.lines().skip(1).collect::<Vec<_>>()
    );
    assert!(printed.starts_with("entity,coupled,degree,average-revs,"));

    let scratch = temp_dir("history");
    let dir = scratch.path();
    let teams = dir.join("teams.csv");
    std::fs::write(&teams, "author,team\nDave Syer,Boot\n").unwrap();
    let output = seams(&[
        "history",
        "ownership",
        "--log",
        path(&log),
        "--teams",
        path(&teams),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = String::from_utf8(output.stdout).unwrap();
    let visits = printed
        .lines()
        .find(|l| l.starts_with("org.springframework.samples.petclinic.visit.VisitRepository,"))
        .unwrap();
    assert_eq!(
        visits,
        "org.springframework.samples.petclinic.visit.VisitRepository,Dave Syer,Boot,0.889,4,63,7"
    );

    let broken = dir.join("broken.log");
    std::fs::write(&broken, "--abc--2024-01-01--Ann\nnot numstat\n").unwrap();
    assert_one_line_error(
        &seams(&["history", "coupling", "--log", path(&broken)]),
        "broken.log:2:",
    );
    let too_wide = seams(&[
        "history",
        "coupling",
        "--log",
        path(&log),
        "--temporal-period",
        "5000",
    ]);
    assert!(!too_wide.status.success());
    assert!(String::from_utf8_lossy(&too_wide.stderr).contains("5000 is not in 1..=365"));
    let rules = dir.join("rules.txt");
    std::fs::write(&rules, "src => \n").unwrap();
    assert_one_line_error(
        &seams(&[
            "history",
            "coupling",
            "--log",
            path(&log),
            "--rules",
            path(&rules),
        ]),
        "rules.txt:1: the pattern and the module must not be empty",
    );
}

/// `--repo` runs the user's own git: the history of a real repository is
/// read (authors, files mapped to top folders), and a folder that is not a
/// repository gives git's complaint in one line.
#[test]
fn history_is_read_from_a_repository() {
    let repo_scratch = temp_dir("repo");
    let repo = repo_scratch.path();
    let git = |args: &[&str]| {
        let done = Command::new("git")
            .arg("-C")
            .arg(repo)
            .args([
                "-c",
                "user.email=dev@example.com",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .output()
            .expect("run git");
        assert!(
            done.status.success(),
            "{}",
            String::from_utf8_lossy(&done.stderr)
        );
    };
    let _ = std::fs::remove_dir_all(repo.join(".git"));
    git(&["init", "--quiet"]);
    for (author, file, lines) in [
        ("Ann", "billing/Ledger.txt", "a\nb\nc\n"),
        ("Bo", "orders/Cart.txt", "a\n"),
    ] {
        std::fs::create_dir_all(repo.join(file).parent().unwrap()).unwrap();
        std::fs::write(repo.join(file), lines).unwrap();
        git(&["add", "."]);
        git(&[
            "-c",
            &format!("user.name={author}"),
            "commit",
            "--quiet",
            "-m",
            file,
        ]);
    }
    let output = seams(&["history", "ownership", "--repo", path(repo)]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let printed = stdout(&output);
    assert!(
        printed.lines().any(|l| l.starts_with("billing,Ann,")),
        "{printed}"
    );
    assert!(
        printed.lines().any(|l| l.starts_with("orders,Bo,")),
        "{printed}"
    );

    let not_a_repo_scratch = temp_dir("not-a-repo");
    let not_a_repo = not_a_repo_scratch.path();
    assert_one_line_error(
        &seams(&["history", "ownership", "--repo", path(not_a_repo)]),
        "git log failed in",
    );
}

/// `seams import git|traces` layer evidence into a project file: the history's
/// co-change and owners are kept as a layer for the modules the project has,
/// traces add their services and measured calls, a re-import under the same
/// name replaces the layer, and what changed is said on standard error.
#[test]
fn import_layers_history_and_traces_into_a_project() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../engine/tests/corpus");
    let scratch = temp_dir("layers");
    let dir = scratch.path();
    let petclinic = "org.springframework.samples.petclinic";
    let project = dir.join("petclinic.json");
    std::fs::write(
        &project,
        format!(
            r#"{{"schema_version": 1, "name": "PetClinic", "modules": [{{"id": "{petclinic}.owner.PetRepository"}}, {{"id": "{petclinic}.visit.VisitRepository"}}], "calls": [], "splits": [{{"name": "Apart", "services": [{{"id": "a"}}, {{"id": "b"}}], "assignment": {{"{petclinic}.owner.PetRepository": "a", "{petclinic}.visit.VisitRepository": "b"}}}}]}}"#
        ),
    )
    .unwrap();
    let layered = dir.join("layered.json");
    let output = seams(&[
        "import",
        "git",
        "--log",
        path(&corpus.join("history/spring-petclinic.log")),
        "--into",
        path(&project),
        "-o",
        path(&layered),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("added layer 'spring-petclinic.log'"),
        "{said}"
    );
    assert!(said.contains("112 co-change pairs"), "{said}");
    let document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&layered).unwrap()).unwrap();
    let layer = &document["layers"][0];
    assert_eq!(layer["kind"], "history");
    assert_eq!(layer["co_changes"].as_array().map(Vec::len), Some(112));
    let analysis = seams(&["analyze", path(&layered), "--format", "json"]);
    assert!(
        analysis.status.success(),
        "{}",
        String::from_utf8_lossy(&analysis.stderr)
    );
    let analysis: serde_json::Value = serde_json::from_slice(&analysis.stdout).unwrap();
    // PetRepository and VisitRepository change together (83 %) and sit apart.
    assert_eq!(
        analysis["splits"][0]["metrics"]["cross_co_change"],
        serde_json::json!(1.0),
        "{analysis}"
    );

    let traces = corpus.join("traces/otlp-tempo-batches-bookinfo.json");
    let with_traces = dir.join("traces.json");
    let output = seams(&[
        "import",
        "traces",
        path(&traces),
        "--into",
        path(&layered),
        "--name",
        "bookinfo",
        "-o",
        path(&with_traces),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("added layer 'bookinfo': 5 modules added, 4 calls added"),
        "{said}"
    );
    let again = seams(&[
        "import",
        "traces",
        path(&traces),
        "--into",
        path(&with_traces),
        "--name",
        "bookinfo",
    ]);
    let said = String::from_utf8_lossy(&again.stderr);
    assert!(
        said.contains(
            "replaced layer 'bookinfo': 0 modules added, 0 calls added, 0 removed, 0 changed"
        ),
        "{said}"
    );

    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\"resourceSpans\": [{\"scopeSpans\": 3}]}").unwrap();
    assert_one_line_error(
        &seams(&["import", "traces", path(&broken)]),
        "broken.json:1:",
    );
}

/// An analyzer's output starts a project of its own (the files and their
/// requires), or folds into coarser modules by rules.
#[test]
fn import_analyzer_outputs_as_a_structure_layer() {
    let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../engine/tests/corpus/analyzers");
    let scratch = temp_dir("analyzers");
    let dir = scratch.path();
    let project = dir.join("express.json");
    let output = seams(&[
        "import",
        "depcruise",
        path(&corpus.join("express.depcruise.json")),
        "-o",
        path(&project),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("12 modules added, 16 calls added"), "{said}");
    let rules = dir.join("rules.txt");
    std::fs::write(&rules, "requests/_* => requests.internal\n").unwrap();
    let output = seams(&[
        "import",
        "pydeps",
        path(&corpus.join("requests.pydeps.json")),
        "--rules",
        path(&rules),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = document["modules"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["id"].as_str())
        .collect();
    assert!(
        ids.contains(&"requests.internal") && !ids.contains(&"requests._types"),
        "{ids:?}"
    );
    assert_one_line_error(&seams(&["import", "pydeps", path(&rules)]), "rules.txt:1:");

    // Layers add up: one that grows a project at the module limit past it is refused.
    let full = dir.join("full.json");
    let modules: Vec<String> = (0..200_000)
        .map(|i| format!(r#"{{"id": "m{i}"}}"#))
        .collect();
    std::fs::write(
        &full,
        format!(
            r#"{{"schema_version": 1, "name": "Full", "modules": [{}], "calls": []}}"#,
            modules.join(",")
        ),
    )
    .unwrap();
    assert_one_line_error(
        &seams(&[
            "import",
            "depcruise",
            path(&corpus.join("express.depcruise.json")),
            "--into",
            path(&full),
        ]),
        "200012 modules; the limit is 200000",
    );
}

/// `seams roadmap` on the demo: JSON with `total_cost` and one entry per
/// step (services, cost, every metric keyed as `seams analyze` keys them,
/// the calls that become remote); `--order` evaluates a given order; the
/// Markdown, the tasks and the diagram come out too; bad input is one line.
#[test]
fn plans_the_demo_roadmap_and_evaluates_a_given_order() {
    let scratch = temp_dir("roadmap");
    let dir = scratch.path();
    let project = dir.join("demo.json");
    assert!(seams(&["demo", "-o", path(&project)]).status.success());
    let split = "비즈니스 능력별 (By capability)";
    let output = seams(&["roadmap", path(&project), "--split", split]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let roadmap: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let steps = roadmap["steps"].as_array().unwrap();
    let services: usize = steps
        .iter()
        .map(|s| s["services"].as_array().unwrap().len())
        .sum();
    assert_eq!(services, 8, "every service once");
    assert_eq!(
        steps[0]["services"],
        serde_json::json!(["알림 (Notification)"])
    );
    let sum: f64 = steps.iter().map(|s| s["cost"].as_f64().unwrap()).sum();
    assert!((roadmap["total_cost"].as_f64().unwrap() - sum).abs() < 1e-9);
    let analyzed = seams(&["analyze", path(&project)]);
    let analysis: serde_json::Value = serde_json::from_slice(&analyzed.stdout).unwrap();
    let keys = |v: &serde_json::Value| v.as_object().unwrap().keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        keys(&steps[0]["metrics"]),
        keys(&analysis["splits"][0]["metrics"])
    );
    assert_eq!(
        steps.last().unwrap()["metrics"],
        analysis["splits"][0]["metrics"],
        "after the last step the state is the split"
    );
    let first_call = &steps[0]["new_remote_calls"][0];
    assert_eq!(first_call["caller"], "order.OrderService");
    assert_eq!(first_call["callee"], "notify.NotificationService");
    assert_eq!(first_call["volume"], 60000.0);

    let order = "주문 (Ordering),알림 (Notification),고객 관리 (Customer management),보안 (Security),계좌 관리 (Account management),송금 (Remittance),회계 (Accounting),리스크 (Risk)";
    let given = seams(&[
        "roadmap",
        path(&project),
        "--split",
        split,
        "--order",
        order,
    ]);
    assert!(
        given.status.success(),
        "{}",
        String::from_utf8_lossy(&given.stderr)
    );
    let given: serde_json::Value = serde_json::from_slice(&given.stdout).unwrap();
    assert_eq!(given["method"], "given");
    assert_eq!(
        given["steps"][0]["services"],
        serde_json::json!(["주문 (Ordering)"])
    );
    assert!(
        given["total_cost"].as_f64() > roadmap["total_cost"].as_f64(),
        "the cheapest is cheaper"
    );

    for (format, starts) in [
        ("md", "# Migration roadmap: "),
        ("tasks-csv", "step,services,kind,summary,description,trace"),
        ("mermaid", "flowchart TD"),
    ] {
        let output = seams(&[
            "roadmap",
            path(&project),
            "--split",
            split,
            "--format",
            format,
        ]);
        assert!(
            stdout(&output).starts_with(starts),
            "{format}: {}",
            stdout(&output)
        );
    }
    let korean = seams(&[
        "roadmap",
        path(&project),
        "--split",
        split,
        "--format",
        "md",
        "--lang",
        "ko",
    ]);
    assert!(stdout(&korean).starts_with("# 전환 로드맵: "));

    assert_one_line_error(
        &seams(&[
            "roadmap",
            path(&project),
            "--split",
            split,
            "--order",
            "알림 (Notification),Nope",
        ]),
        "no service 'Nope'",
    );
    assert_one_line_error(
        &seams(&[
            "roadmap",
            path(&project),
            "--split",
            split,
            "--order",
            "알림 (Notification),알림 (Notification)",
        ]),
        "names service '알림 (Notification)' twice",
    );
    assert_one_line_error(
        &seams(&[
            "roadmap",
            path(&project),
            "--split",
            split,
            "--order",
            "알림 (Notification)",
        ]),
        "the order leaves out",
    );
    assert_one_line_error(
        &seams(&[
            "roadmap",
            path(&project),
            "--split",
            split,
            "--first",
            "주문 (Ordering)",
            "--order",
            &order.replace(
                "주문 (Ordering),알림 (Notification)",
                "알림 (Notification),주문 (Ordering)",
            ),
        ]),
        "which is pinned first",
    );
    assert_one_line_error(
        &seams(&["roadmap", path(&project), "--split", "nope"]),
        "no split named 'nope'",
    );
    let mut document: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&project).unwrap()).unwrap();
    document["splits"][0]["assignment"]
        .as_array_mut()
        .unwrap()
        .pop();
    let unassigned = dir.join("unassigned.json");
    std::fs::write(&unassigned, document.to_string()).unwrap();
    assert_one_line_error(
        &seams(&["roadmap", path(&unassigned), "--split", split]),
        "1 module is in no service",
    );
}

/// What a command printed on standard output, whether it passed or not.
fn printed(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The SARIF 2.1.0 schema, from the serde-sarif crate's sources (crates.io;
/// a dev-dependency, so cargo keeps them under its home).
fn sarif_schema() -> serde_json::Value {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .expect("cargo's home");
    let schema = std::fs::read_dir(home.join("registry/src"))
        .expect("cargo's registry")
        .flatten()
        .flat_map(|index| {
            std::fs::read_dir(index.path())
                .into_iter()
                .flatten()
                .flatten()
        })
        .filter(|krate| {
            krate
                .file_name()
                .to_string_lossy()
                .starts_with("serde-sarif-0.8")
        })
        .map(|krate| krate.path().join("src/schema.json"))
        .find(|path| path.is_file())
        .expect("serde-sarif's sources with the schema");
    // The 2.1.0 schema's `run.language` pattern has a stray `]` that a strict
    // (ECMA-262) validator refuses to compile; the errata schema reads it as
    // below. Seams writes no `language`, so nothing it writes is judged by it.
    let text = std::fs::read_to_string(schema)
        .expect("the schema")
        .replace(
            "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$",
            "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$",
        );
    serde_json::from_str(&text).expect("JSON")
}

/// The demo with its capability split's one cross-service pair forbidden: the
/// boundaries then have known violations.
fn demo_with_forbidden_pair(dir: &Path) -> (PathBuf, String) {
    let mut project = engine::demo::project();
    let split = &mut project.splits[0];
    if split.id.is_empty() {
        split.id = "capability".into();
    }
    let service_of = |module: &str| split.assignment.get(module).cloned();
    let pair = project
        .calls
        .iter()
        .find_map(|call| {
            let (a, b) = (service_of(&call.caller)?, service_of(&call.callee)?);
            (a != b).then_some((a, b))
        })
        .expect("a call between services");
    let name = split.name.clone();
    project.splits[0]
        .forbidden
        .push(engine::model::ServicePair {
            from: pair.0,
            to: pair.1,
        });
    let path = dir.join("demo-forbidden.json");
    std::fs::write(&path, engine::formats::native::to_json(&project)).unwrap();
    (path, name)
}

#[test]
fn check_holds_a_split_to_its_boundaries_with_a_baseline_and_results_ci_reads() {
    let scratch = temp_dir("boundaries");
    let dir = scratch.path();
    let (project, split) = demo_with_forbidden_pair(dir);
    let check = |extra: &[&str]| {
        let mut args = vec!["check", path(&project), "--split", split.as_str()];
        args.extend(extra);
        seams(&args)
    };
    // The forbidden pair's calls fail, in words and with exit code 1.
    let failing = check(&[]);
    assert_eq!(failing.status.code(), Some(1), "{}", printed(&failing));
    assert!(
        printed(&failing).contains("seams/forbidden-dependency: "),
        "{}",
        printed(&failing)
    );

    // SARIF: valid against the OASIS schema, readable as SARIF types, the
    // same rule id and fingerprint in two runs.
    let sarif = |run: &Output| -> serde_json::Value {
        serde_json::from_slice(&run.stdout).expect("SARIF is JSON")
    };
    let (first, second) = (
        sarif(&check(&["--format", "sarif"])),
        sarif(&check(&["--format", "sarif"])),
    );
    let schema = sarif_schema();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&first)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let typed: serde_sarif::sarif::Sarif =
        serde_json::from_value(first.clone()).expect("SARIF types");
    assert_eq!(typed.runs.len(), 1);
    let results = &first["runs"][0]["results"];
    assert!(results.as_array().is_some_and(|r| !r.is_empty()));
    assert_eq!(results, &second["runs"][0]["results"]);
    assert_eq!(results[0]["ruleId"], "seams/forbidden-dependency");

    let junit = check(&["--format", "junit"]);
    assert!(
        printed(&junit).contains("<testcase classname=\"seams/forbidden-dependency\""),
        "{}",
        printed(&junit)
    );
    let github = check(&["--format", "github"]);
    assert!(
        printed(&github).starts_with("::error file="),
        "{}",
        printed(&github)
    );

    // A baseline of today's violations: then it passes, and names what is gone.
    let baseline = dir.join("baseline.json");
    let written = check(&["--write-baseline", path(&baseline)]);
    assert!(
        written.status.success(),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let passing = check(&["--baseline", path(&baseline)]);
    assert_eq!(passing.status.code(), Some(0), "{}", printed(&passing));
    assert!(
        printed(&passing).contains("known violations (in the baseline) pass"),
        "{}",
        printed(&passing)
    );
    let mut extra: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    extra["violations"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "rule": "seams/forbidden-dependency", "from": "gone.Module", "to": "other.Module"
        }));
    let stale = dir.join("stale.json");
    std::fs::write(&stale, extra.to_string()).unwrap();
    let shrinks = check(&["--baseline", path(&stale)]);
    assert_eq!(shrinks.status.code(), Some(0));
    assert!(printed(&shrinks).contains("baseline entry gone (remove it): seams/forbidden-dependency gone.Module -> other.Module"), "{}", printed(&shrinks));

    // Bad input: exit 2 and one located line.
    let malformed = dir.join("malformed.json");
    std::fs::write(&malformed, "{\n  \"seams_baseline\": 1,\n  nope\n}").unwrap();
    let refused = check(&["--baseline", path(&malformed)]);
    assert_eq!(refused.status.code(), Some(2));
    assert_one_line_error(&refused, "malformed.json:3");
    let other = dir.join("other.json");
    std::fs::write(
        &other,
        std::fs::read_to_string(&baseline)
            .unwrap()
            .replace(&split, "Another split"),
    )
    .unwrap();
    let refused = check(&["--baseline", path(&other)]);
    assert_eq!(refused.status.code(), Some(2));
    assert_one_line_error(&refused, "not of project");
    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\n  \"modules\": [\n}").unwrap();
    let refused = check(&["--against", path(&broken)]);
    assert_eq!(refused.status.code(), Some(2));
    assert_one_line_error(&refused, "broken.json:3: not JSON");
    let huge = dir.join("huge.json");
    std::fs::write(&huge, " ".repeat(65 * 1024 * 1024)).unwrap();
    let refused = check(&["--against", path(&huge)]);
    assert_eq!(refused.status.code(), Some(2));
    assert_one_line_error(&refused, "limit");
}

#[test]
fn check_against_todays_code_reports_exactly_the_drift() {
    let scratch = temp_dir("drift");
    let dir = scratch.path();
    // A model of four classes and the split the team chose.
    let mut project = engine::model::Project::new("Shop");
    for id in ["shop.Orders", "shop.Billing", "shop.Ledger", "shop.Report"] {
        project.modules.push(engine::model::Module::new(id));
    }
    for (a, b) in [
        ("shop.Orders", "shop.Billing"),
        ("shop.Billing", "shop.Ledger"),
        ("shop.Report", "shop.Orders"),
    ] {
        project.calls.push(engine::model::Call::new(a, b));
    }
    let mut split = engine::model::Split::new("Services", engine::model::SplitOrigin::Manual);
    split.id = "s".into();
    for (id, name) in [("o", "Orders"), ("b", "Billing"), ("l", "Ledger")] {
        split.services.push(engine::model::Service::new(id, name));
    }
    for (m, s) in [
        ("shop.Orders", "o"),
        ("shop.Report", "o"),
        ("shop.Billing", "b"),
        ("shop.Ledger", "l"),
    ] {
        split.assignment.insert(m.into(), s.into());
    }
    project.splits.push(split);
    let model = dir.join("model.json");
    std::fs::write(&model, engine::formats::native::to_json(&project)).unwrap();
    // Today's code, as jdeps prints it: one dependency added (Orders -> Ledger),
    // one removed (Billing -> Ledger), one new class (shop.Cart).
    let today = dir.join("today.jdeps");
    std::fs::write(
        &today,
        "shop -> shop  classes\n   shop.Orders -> shop.Billing  classes\n   shop.Orders -> shop.Ledger  classes\n   shop.Report -> shop.Orders  classes\n   shop.Cart -> shop.Orders  classes\n   shop.Billing -> java.lang.Object  java.base\n   shop.Ledger -> java.lang.Object  java.base\n",
    )
    .unwrap();
    let run = seams(&[
        "check",
        path(&model),
        "--split",
        "Services",
        "--against",
        path(&today),
    ]);
    let out = printed(&run);
    assert_eq!(run.status.code(), Some(1), "{out}");
    assert_eq!(
        out.lines().collect::<Vec<_>>(),
        [
            "seams/forbidden-dependency: shop.Orders (Orders) depends on shop.Ledger (Ledger): Orders may not depend on Ledger",
            "new module in no service: shop.Cart",
            "new dependency between services: shop.Orders (Orders) -> shop.Ledger (Ledger)",
            "dependency between services gone: shop.Billing (Billing) -> shop.Ledger (Ledger)",
        ],
        "{out}"
    );
}

#[test]
fn rule_files_are_written_for_each_tool_and_name_their_origin() {
    let scratch = temp_dir("rules");
    let dir = scratch.path();
    let (project, split) = demo_with_forbidden_pair(dir);
    for (format, files) in [
        ("checkstyle", vec!["import-control.xml", "checkstyle.xml"]),
        ("depcruise", vec![".dependency-cruiser.cjs"]),
        ("importlinter", vec![".importlinter"]),
    ] {
        let out = dir.join(format);
        let run = seams(&[
            "export",
            path(&project),
            "--split",
            split.as_str(),
            "--format",
            format,
            "-o",
            path(&out),
        ]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        for file in files {
            let text = std::fs::read_to_string(out.join(file)).expect(file);
            assert!(
                text.contains(&format!("split \"{split}\"")),
                "{file}: {text}"
            );
        }
    }
    assert_one_line_error(
        &seams(&[
            "export",
            path(&project),
            "--format",
            "checkstyle",
            "-o",
            path(dir),
        ]),
        "name it with --split",
    );
    assert_one_line_error(
        &seams(&[
            "export",
            path(&project),
            "--split",
            split.as_str(),
            "--format",
            "depcruise",
        ]),
        "name it with -o DIR",
    );
}

#[test]
fn agreement_prints_the_literature_measures_of_rsf_csv_and_project_splits() {
    let scratch = temp_dir("agreement");
    let dir = scratch.path();
    let reference = dir.join("experts.rsf");
    std::fs::write(
        &reference,
        "contain orders Order\ncontain orders Cart\ncontain users User\ncontain users Session\n",
    )
    .unwrap();
    let split = dir.join("tool.csv");
    std::fs::write(
        &split,
        "element,cluster\nOrder,1\nCart,1\nUser,1\nSession,2\n",
    )
    .unwrap();
    let output = seams(&[
        "agreement",
        "--reference",
        path(&reference),
        "--split",
        path(&split),
        "--format",
        "csv",
    ]);
    assert!(output.status.success(), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("mojo,mojofm,c2c_50,c2c_33,c2c_10,ari,nmi"),
        "{text}"
    );
    // Move User to Session's cluster: one operation; n − g = 4 − 2.
    assert!(lines[1].starts_with("1,50.00,"), "{text}");

    // The experts' split imported into a project, then named after '#'.
    let project = dir.join("shop.json");
    let mut shop = engine::model::Project::new("shop");
    for id in ["Order", "Cart", "User", "Session"] {
        shop.modules.push(engine::model::Module::new(id));
    }
    std::fs::write(&project, engine::formats::native::to_json(&shop)).unwrap();
    let output = seams(&[
        "import",
        "split",
        path(&reference),
        "--into",
        path(&project),
        "--name",
        "By experts",
        "-o",
        path(&project),
    ]);
    assert!(output.status.success(), "{output:?}");
    let ghost = dir.join("ghost.csv");
    std::fs::write(&ghost, "Order,a\nGhost,b\n").unwrap();
    let output = seams(&["import", "split", path(&ghost), "--into", path(&project)]);
    assert_one_line_error(&output, "are not modules of");
    assert!(String::from_utf8_lossy(&output.stderr).contains(": Ghost"));
    let named = format!("{}#By experts", path(&project));
    let output = seams(&[
        "agreement",
        "--reference",
        path(&reference),
        "--split",
        &named,
    ]);
    assert!(output.status.success(), "{output:?}");
    let table = String::from_utf8_lossy(&output.stdout);
    assert!(table.contains("MoJoFM       100.00"), "{table}");

    let missing = format!("{}#Nope", path(&project));
    let output = seams(&[
        "agreement",
        "--reference",
        path(&reference),
        "--split",
        &missing,
    ]);
    assert_one_line_error(&output, "has no split named 'Nope'");
    std::fs::write(dir.join("bad.rsf"), "contain orders\n").unwrap();
    let output = seams(&[
        "agreement",
        "--reference",
        path(&dir.join("bad.rsf")),
        "--split",
        path(&split),
    ]);
    assert_one_line_error(&output, "bad.rsf:1: expected 'contain CLUSTER ELEMENT'");
}

#[test]
fn refine_adds_a_split_with_lower_icp_and_explains_each_move() {
    let scratch = temp_dir("refine");
    let dir = scratch.path();
    let project = dir.join("acmeair.json");
    let f = fixtures();
    let output = seams(&[
        "import",
        "mono2micro",
        "--calls",
        path(&f.join("runtime_call_volume.json")),
        "--partition",
        path(&f.join("partitions/mono2micro_k5.json")),
        "-o",
        path(&project),
    ]);
    assert!(output.status.success(), "{output:?}");
    let refined = dir.join("refined.json");
    let moves = dir.join("moves.json");
    let output = seams(&[
        "refine",
        path(&project),
        "--split",
        "mono2micro_k5",
        "--moves",
        path(&moves),
        "-o",
        path(&refined),
    ]);
    assert!(output.status.success(), "{output:?}");
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("stops crossing") || said.contains("stop crossing"),
        "{said}"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&moves).unwrap()).unwrap();
    let (before, after) = (
        report["before"]["icp"].as_f64().unwrap(),
        report["after"]["icp"].as_f64().unwrap(),
    );
    assert!(after < before, "ICP {before} → {after}");
    let written = std::fs::read_to_string(&refined).unwrap();
    assert!(
        written.contains("\"mono2micro_k5 (refined)\""),
        "the new split is added"
    );

    let output = seams(&[
        "refine",
        path(&project),
        "--split",
        "mono2micro_k5",
        "--pin",
        "Ghost",
    ]);
    assert_one_line_error(&output, "'Ghost'");
    let output = seams(&["refine", path(&project), "--split", "nope"]);
    assert_one_line_error(&output, "no split named 'nope'");
}
