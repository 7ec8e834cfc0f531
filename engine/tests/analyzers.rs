//! Analyzer outputs on real code (engine/tests/corpus/analyzers): dependency-
//! cruiser 16.10.4 on express 4's `index.js` and `lib/` (`depcruise --no-config
//! --exclude node_modules --output-type json lib index.js`) and pydeps 3.0.9 on
//! requests 2.34.2 (`pydeps requests --show-deps --no-output --max-bacon 0
//! --only requests`). Expectations checked by hand against the sources'
//! `require(…)` and `import` lines.

use engine::analyzers::{Analyzer, read};
use engine::formats::ImportLimits;
use engine::history::mapping::parse_rules;
use engine::model::{Layer, LayerKind};

fn corpus(name: &str) -> String {
    let path = format!(
        "{}/tests/corpus/analyzers/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn layer(name: &str, analyzer: Analyzer, rules: &str) -> Layer {
    read(
        "analysis",
        analyzer,
        name,
        &corpus(name),
        &parse_rules(rules).unwrap(),
        &ImportLimits::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn calls_of<'a>(layer: &'a Layer, caller: &str) -> Vec<(&'a str, u64)> {
    layer
        .calls
        .iter()
        .filter(|c| c.caller == caller)
        .map(|c| (c.callee.as_str(), c.count))
        .collect()
}

#[test]
fn dependency_cruiser_gives_express_files_and_their_local_requires() {
    let files = layer("express.depcruise.json", Analyzer::DependencyCruiser, "");
    assert_eq!(files.kind, LayerKind::Structure);
    // index.js and the 11 files of lib/; node core modules (events, http,
    // path, fs, net, querystring) are left out.
    assert_eq!(files.modules.len(), 12, "{:?}", files.modules);
    assert_eq!(files.calls.len(), 16);
    // lib/express.js requires ./application, ./middleware/query, ./request,
    // ./response, ./router and ./router/route.
    assert_eq!(
        calls_of(&files, "lib/express"),
        [
            ("lib/application", 1),
            ("lib/middleware/query", 1),
            ("lib/request", 1),
            ("lib/response", 1),
            ("lib/router/index", 1),
            ("lib/router/route", 1),
        ]
    );

    let folded = layer(
        "express.depcruise.json",
        Analyzer::DependencyCruiser,
        "lib/router => router\nlib/middleware => middleware\n",
    );
    assert_eq!(
        calls_of(&folded, "lib/express"),
        [
            ("lib/application", 1),
            ("lib/request", 1),
            ("lib/response", 1),
            ("middleware", 1),
            ("router", 2),
        ]
    );
    assert_eq!(
        calls_of(&folded, "router"),
        [],
        "router's own requires fold away"
    );
}

#[test]
fn pydeps_gives_requests_modules_and_their_imports() {
    let modules = layer("requests.pydeps.json", Analyzer::Pydeps, "");
    assert_eq!(modules.modules.len(), 19);
    assert_eq!(modules.calls.len(), 80);
    // requests/sessions.py: `from . import _types` (the package) and twelve
    // `from .x import …` lines.
    let sessions = calls_of(&modules, "requests.sessions");
    assert_eq!(sessions.len(), 13);
    assert!(sessions.contains(&("requests", 1)));
    assert!(sessions.contains(&("requests.adapters", 1)));

    let folded = layer(
        "requests.pydeps.json",
        Analyzer::Pydeps,
        "requests/_* => requests.internal\n",
    );
    assert!(calls_of(&folded, "requests.sessions").contains(&("requests.internal", 2)));
}

#[test]
fn pydeps_leaves_out_installed_packages_it_followed() {
    // pydeps 3.0.1 on Flask 3.0.3 in an environment that also holds click:
    // its `__main__` names the analysed package.
    let text = r#"{
        "__main__": {"imports": ["flask", "flask.cli"], "path": null},
        "flask": {"imports": ["flask.cli"], "path": "/src/flask/__init__.py"},
        "flask.cli": {"imports": ["click", "flask"], "path": "/src/flask/cli.py"},
        "click": {"imports": ["click.core"], "path": "/venv/lib/python3.11/site-packages/click/__init__.py"},
        "click.core": {"imports": [], "path": "C:\\py\\Lib\\site-packages\\click\\core.py"}
    }"#;
    let found = read(
        "analysis",
        Analyzer::Pydeps,
        "flask.json",
        text,
        &[],
        &ImportLimits::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut modules: Vec<&str> = found.modules.iter().map(String::as_str).collect();
    modules.sort_unstable();
    assert_eq!(modules, ["flask", "flask.cli"]);
    assert_eq!(calls_of(&found, "flask.cli"), [("flask", 1)]);
}

#[test]
fn other_json_is_refused_with_its_location() {
    let error = read(
        "x",
        Analyzer::DependencyCruiser,
        "deps.json",
        "{\"modules\": 3}",
        &[],
        &ImportLimits::default(),
    )
    .unwrap_err();
    assert!(error.to_string().starts_with("deps.json:1:"), "{error}");
}
