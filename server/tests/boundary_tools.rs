//! The rules `seams export` writes, run by each ecosystem's own tool on real
//! code: Checkstyle's import control on Spring PetClinic's sources,
//! dependency-cruiser on express 4.21.2, import-linter on flask 3.0.3. For
//! each: rules from a split that matches the code pass; one dependency the
//! split forbids, added to a copy of the code, fails naming it; with the
//! baseline of that violation the tool passes again.
//!
//! The tools come from the registries (`make boundary-tools` installs them
//! and sets SEAMS_CHECKSTYLE, SEAMS_DEPCRUISE, SEAMS_LINT_IMPORTS and
//! SEAMS_SCAN_FIXTURES, the folder `scripts/scan-fixtures` fills), so the
//! tests are ignored by a plain `cargo test`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use engine::formats::native;
use engine::model::{Service, Split, SplitOrigin};

fn seams(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seams"))
        .args(args)
        .output()
        .expect("run seams")
}

fn tool(variable: &str) -> String {
    std::env::var(variable).unwrap_or_else(|_| panic!("set {variable} (make boundary-tools does)"))
}

fn scan_fixtures() -> PathBuf {
    PathBuf::from(tool("SEAMS_SCAN_FIXTURES"))
}

/// A scratch folder of its own, removed when the test ends.
fn temp_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("seams-rules-{name}-"))
        .tempdir()
        .expect("a temporary folder")
}

/// What a tool printed, without colour: dependency-cruiser (like most
/// tools) colours its report when the `CI` variable is set, as CI runners do.
fn text(output: &Output) -> String {
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    without_colour(&printed)
}

/// `text` without its ANSI escape sequences: CSI (`ESC [ … final`), OSC
/// (`ESC ] … BEL` or `ESC ] … ESC \`) and the short ones (`ESC ( B`).
fn without_colour(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            plain.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\u{7}' || (c == '\u{1b}' && chars.next_if_eq(&'\\').is_some()) {
                        break;
                    }
                }
            }
            Some(' '..='/') => {
                while chars.next_if(|c| (' '..='/').contains(c)).is_some() {}
                chars.next();
            }
            _ => {}
        }
    }
    plain
}

#[test]
fn colour_is_taken_out_of_what_a_tool_printed() {
    assert_eq!(
        without_colour(
            "\u{1b}[31merror\u{1b}[39m a \u{1b}[1mb\u{1b}[22m\u{1b}(B\u{1b}]8;;x\u{7}c\u{1b}]0;t\u{1b}\\"
        ),
        "error a bc"
    );
}

/// Copies a folder (the code a test then changes).
fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("a folder to copy") {
        let entry = entry.expect("an entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a type").is_dir() {
            copy(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("a copy");
        }
    }
}

/// Scans `sources` into `project.json` and gives it a split whose services
/// `service_of` names (modules it leaves out stay in no service).
fn scanned_with_split(
    sources: &Path,
    dir: &Path,
    service_of: impl Fn(&str) -> Option<&'static str>,
) -> PathBuf {
    let project_path = dir.join("project.json");
    let scanned = seams(&[
        "scan",
        sources.to_str().expect("a path"),
        "--no-history",
        "-o",
        project_path.to_str().expect("a path"),
    ]);
    assert!(scanned.status.success(), "{}", text(&scanned));
    let json = std::fs::read_to_string(&project_path).expect("the project");
    let mut project = native::from_json("project.json", &json).expect("a project");
    let mut split = Split::new("Boundaries", SplitOrigin::Manual);
    split.id = "boundaries".into();
    for module in project.modules.iter().filter(|m| !m.entry_point) {
        if let Some(service) = service_of(&module.id) {
            if !split.services.iter().any(|s| s.id == service) {
                split.services.push(Service::new(service, service));
            }
            split
                .assignment
                .insert(module.id.clone(), service.to_string());
        }
    }
    project.splits.push(split);
    std::fs::write(&project_path, native::to_json(&project)).expect("the project");
    project_path
}

/// `seams export … -o DIR` for one tool, with a baseline when given.
fn export(project: &Path, format: &str, dir: &Path, baseline: Option<&Path>, sources: &Path) {
    let mut args = vec![
        "export",
        project.to_str().expect("a path"),
        "--split",
        "Boundaries",
        "--format",
        format,
        "-o",
        dir.to_str().expect("a path"),
        "--sources",
        sources.to_str().expect("a path"),
    ];
    if let Some(baseline) = baseline {
        args.extend(["--baseline", baseline.to_str().expect("a path")]);
    }
    let exported = seams(&args);
    assert!(exported.status.success(), "{}", text(&exported));
}

/// The baseline of the violations `after` (today's code) has against the split.
fn baseline_of(project: &Path, after: &Path, dir: &Path) -> PathBuf {
    let baseline = dir.join("baseline.json");
    let written = seams(&[
        "check",
        project.to_str().expect("a path"),
        "--split",
        "Boundaries",
        "--against",
        after.to_str().expect("a path"),
        "--write-baseline",
        baseline.to_str().expect("a path"),
    ]);
    assert!(written.status.success(), "{}", text(&written));
    let check = seams(&[
        "check",
        project.to_str().expect("a path"),
        "--split",
        "Boundaries",
        "--against",
        after.to_str().expect("a path"),
        "--baseline",
        baseline.to_str().expect("a path"),
    ]);
    assert!(
        check.status.success(),
        "the baseline passes its own violations: {}",
        text(&check)
    );
    baseline
}

/// Today's code as `seams scan` reads it.
fn scan(sources: &Path, out: &Path) -> PathBuf {
    let scanned = seams(&[
        "scan",
        sources.to_str().expect("a path"),
        "--no-history",
        "-o",
        out.to_str().expect("a path"),
    ]);
    assert!(scanned.status.success(), "{}", text(&scanned));
    out.to_path_buf()
}

#[test]
#[ignore = "needs Checkstyle: make boundary-tools"]
fn checkstyle_enforces_a_split_of_spring_petclinic() {
    let scratch = temp_dir("checkstyle");
    let dir = scratch.path();
    let original =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../scan/tests/fixtures/spring-petclinic");
    let package = "org.springframework.samples.petclinic.";
    let project = scanned_with_split(&original, dir, |id| {
        let rest = id.strip_prefix(package)?;
        Some(match rest.split('.').next()? {
            "owner" => "owners",
            "vet" => "vets",
            "model" => "model",
            _ => "system",
        })
    });
    let rules = dir.join("rules");
    export(&project, "checkstyle", &rules, None, &original);
    let config = rules.join("checkstyle.xml");
    let run = |sources: &Path| {
        Command::new(tool("SEAMS_CHECKSTYLE"))
            .args([
                "-c",
                config.to_str().expect("a path"),
                sources.to_str().expect("a path"),
            ])
            .current_dir(dir)
            .output()
            .expect("run checkstyle")
    };
    let clean = run(&original);
    assert!(
        text(&clean).contains("Audit done.") && !text(&clean).contains("[ERROR]"),
        "{}",
        text(&clean)
    );

    // The vets service now reaches into the owners' repository.
    let changed = dir.join("changed");
    copy(&original, &changed);
    let controller =
        changed.join("src/main/java/org/springframework/samples/petclinic/vet/VetController.java");
    let source = std::fs::read_to_string(&controller).expect("the controller");
    let source = source
        .replacen(
            "import java.util.List;",
            "import java.util.List;\nimport org.springframework.samples.petclinic.owner.OwnerRepository;",
            1,
        )
        .replacen(
            "class VetController {",
            "class VetController {\n\n\tprivate OwnerRepository owners;",
            1,
        );
    std::fs::write(&controller, source).expect("the changed controller");
    let broken = run(&changed);
    assert!(
        text(&broken).contains("VetController.java:19:1: Disallowed import - org.springframework.samples.petclinic.owner.OwnerRepository. [ImportControl]"),
        "{}",
        text(&broken)
    );

    let baseline = baseline_of(&project, &scan(&changed, &dir.join("after.json")), dir);
    export(&project, "checkstyle", &rules, Some(&baseline), &changed);
    let passing = run(&changed);
    assert!(!text(&passing).contains("[ERROR]"), "{}", text(&passing));
}

#[test]
#[ignore = "needs dependency-cruiser: make boundary-tools"]
fn dependency_cruiser_enforces_a_split_of_express() {
    let scratch = temp_dir("depcruise");
    let dir = scratch.path();
    let original = scan_fixtures().join("js/express");
    let project = scanned_with_split(&original, dir, |id| {
        Some(if id.starts_with("lib/router/") {
            "router"
        } else if id.starts_with("lib/middleware/") {
            "middleware"
        } else {
            "web"
        })
    });
    let rules = dir.join("rules");
    export(&project, "depcruise", &rules, None, &original);
    let config = rules.join(".dependency-cruiser.cjs");
    let run = |sources: &Path, known: Option<&Path>| {
        let mut command = Command::new(tool("SEAMS_DEPCRUISE"));
        command
            .args([
                "--config",
                config.to_str().expect("a path"),
                "lib",
                "index.js",
            ])
            .current_dir(sources);
        if let Some(known) = known {
            command.args(["--ignore-known", known.to_str().expect("a path")]);
        }
        command.output().expect("run dependency-cruiser")
    };
    let clean = run(&original, None);
    assert!(clean.status.success(), "{}", text(&clean));

    // The router now requires the web service's utilities.
    let changed = dir.join("changed");
    copy(&original, &changed);
    let route = changed.join("lib/router/route.js");
    let source = std::fs::read_to_string(&route).expect("the route");
    std::fs::write(
        &route,
        source.replacen(
            "var Layer = require('./layer');",
            "var Layer = require('./layer');\nvar utils = require('../utils');",
            1,
        ),
    )
    .expect("the changed route");
    let broken = run(&changed, None);
    assert!(!broken.status.success());
    assert!(
        text(&broken).contains("seams-router-not-web: lib/router/route.js → lib/utils.js"),
        "{}",
        text(&broken)
    );

    let baseline = baseline_of(&project, &scan(&changed, &dir.join("after.json")), dir);
    export(&project, "depcruise", &rules, Some(&baseline), &changed);
    let passing = run(&changed, Some(&rules.join("known-violations.json")));
    assert!(passing.status.success(), "{}", text(&passing));
}

#[test]
#[ignore = "needs import-linter: make boundary-tools"]
fn import_linter_enforces_a_split_of_flask() {
    let scratch = temp_dir("importlinter");
    let dir = scratch.path();
    let original = scan_fixtures().join("python/flask/src/flask");
    // Nothing of flask depends on its class-based views: a service of their own.
    let project = scanned_with_split(&original, dir, |id| {
        Some(if id == "flask.views" { "views" } else { "core" })
    });
    let rules = dir.join("rules");
    let package_root = original.parent().expect("src");
    export(&project, "importlinter", &rules, None, package_root);
    let config = rules.join(".importlinter");
    let run = |package_root: &Path| {
        Command::new(tool("SEAMS_LINT_IMPORTS"))
            .args(["--config", config.to_str().expect("a path"), "--no-cache"])
            .env("PYTHONPATH", package_root)
            .output()
            .expect("run lint-imports")
    };
    let clean = run(original.parent().expect("src"));
    assert!(clean.status.success(), "{}", text(&clean));

    // The core now imports the views.
    let changed = dir.join("changed");
    copy(original.parent().expect("src"), &changed);
    let tag = changed.join("flask/json/tag.py");
    let source = std::fs::read_to_string(&tag).expect("the module");
    std::fs::write(
        &tag,
        format!("{source}\nfrom ..views import View  # noqa: E402\n"),
    )
    .expect("the changed module");
    let broken = run(&changed);
    assert!(!broken.status.success(), "{}", text(&broken));
    assert!(
        text(&broken).contains("flask.json.tag -> flask.views"),
        "{}",
        text(&broken)
    );

    let baseline = baseline_of(
        &project,
        &scan(&changed.join("flask"), &dir.join("after.json")),
        dir,
    );
    export(&project, "importlinter", &rules, Some(&baseline), &changed);
    let passing = run(&changed);
    assert!(passing.status.success(), "{}", text(&passing));
}

#[test]
#[ignore = "needs dependency-cruiser: make boundary-tools"]
fn check_against_dependency_cruisers_output_reports_exactly_the_drift() {
    let scratch = temp_dir("drift");
    let dir = scratch.path();
    let original = scan_fixtures().join("js/express");
    let project = scanned_with_split(&original, dir, |id| {
        Some(if id.starts_with("lib/router/") {
            "router"
        } else if id.starts_with("lib/middleware/") {
            "middleware"
        } else {
            "web"
        })
    });
    // One dependency added (the router uses the web's utilities), one removed
    // (the application no longer requires the router), one new file.
    let changed = dir.join("changed");
    copy(&original, &changed);
    let edit = |file: &str, from: &str, to: &str| {
        let path = changed.join(file);
        let text = std::fs::read_to_string(&path).expect("a file");
        assert!(text.contains(from), "{file} has {from}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("the changed file");
    };
    edit(
        "lib/router/route.js",
        "var Layer = require('./layer');",
        "var Layer = require('./layer');\nvar utils = require('../utils');",
    );
    edit(
        "lib/application.js",
        "var Router = require('./router');",
        "var Router = function () {};",
    );
    std::fs::write(
        changed.join("lib/cart.js"),
        "var utils = require('./utils');\nmodule.exports = utils;\n",
    )
    .expect("a new file");
    let cruised = Command::new(tool("SEAMS_DEPCRUISE"))
        .args(["lib", "index.js", "--no-config", "--output-type", "json"])
        .current_dir(&changed)
        .output()
        .expect("run dependency-cruiser");
    assert!(cruised.status.success(), "{}", text(&cruised));
    let today = dir.join("today.depcruise.json");
    std::fs::write(&today, &cruised.stdout).expect("the analyzer's output");

    let run = seams(&[
        "check",
        project.to_str().expect("a path"),
        "--split",
        "Boundaries",
        "--against",
        today.to_str().expect("a path"),
    ]);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run));
    assert_eq!(
        String::from_utf8_lossy(&run.stdout)
            .lines()
            .collect::<Vec<_>>(),
        [
            "seams/forbidden-dependency: lib/router/route (router) depends on lib/utils (web): router may not depend on web",
            "new module in no service: lib/cart",
            "new dependency between services: lib/router/route (router) -> lib/utils (web)",
            "dependency between services gone: lib/application (web) -> lib/router/index (router)",
        ],
        "{}",
        text(&run)
    );
}
