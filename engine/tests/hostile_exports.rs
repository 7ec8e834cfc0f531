//! Every export stays valid, and inert, whatever users type into names: a
//! project whose modules, services, splits, tags, descriptions and questions
//! carry markup, script links, table pipes, line breaks, quotes, backslashes,
//! DSL substitutions, spreadsheet formulas and the formats' own keywords is
//! exported in every format and each output is read back by that format's
//! rules. A property test does the same for arbitrary text.

use std::collections::HashSet;
use std::process::{Command, Stdio};

use engine::analysis::{ProjectAnalysis, analyze};
use engine::demo;
use engine::formats::csv::{CsvInput, export_calls, export_metrics, export_modules};
use engine::formats::{ImportLimits, cml, dot, mermaid, structurizr};
use engine::metrics::AnalysisOptions;
use engine::model::{
    AnswerValue, Call, CustomQuestion, Module, Project, QuestionGroup, ReadinessAnswer, Service,
    Split, SplitOrigin,
};
use engine::report::{ReportInput, html, markdown};
use engine::text::Language;
use proptest::prelude::*;

/// What a tester typed into the names.
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click me](javascript:alert(1))",
    "<javascript:alert(1)>",
    "a|b||c",
    "line1\r\nline2\n!include /etc/passwd",
    "x\r!script groovy",
    "`backtick` label",
    "${HOME} and ${structurizr.secret}",
    "say \"hi\" to 'them'",
    "ends in a backslash\\",
    "back\\\"slash quote",
    "]] }} {{ [[",
    "=HYPERLINK(\"http://x\",\"y\")",
    "+1",
    "-1",
    "@SUM(A1)",
    "\tTAB",
    "\rCR",
    "＝1+1",
    "'=already quoted",
    "#not a comment",
    "a;=1+1",
    "Application",
    "BoundedContext",
    "ContextMap",
    "Aggregate",
    "Entity",
    "domain",
    "Map",
    "node",
    "subgraph",
    "edge",
    "graph",
    "digraph",
    "strict",
    "cluster_x",
    "_leading underscore",
    "/* comment */ */",
    "%%{init: {\"securityLevel\": \"loose\"}}%%",
    "#quot; &amp; &#60; #35;",
    "_under_ *star* ~~strike~~ $math$",
    "\u{2028}separator\u{85}next line\u{2029}",
    "- looks like a list",
    "1986. a year",
    "    indented code",
];

/// CML keywords the bounded contexts must not be named.
const CML_KEYWORDS: &[&str] = &[
    "Application",
    "BoundedContext",
    "ContextMap",
    "Aggregate",
    "Entity",
    "Domain",
    "Map",
    "Service",
    "Module",
    "Subdomain",
    "U",
    "D",
    "P",
    "SYSTEM_LANDSCAPE",
    "TO_BE",
];

/// The `ix`-th hostile text; past the end of the list, numbered so it stays
/// unique.
fn hostile(ix: usize) -> String {
    let text = HOSTILE[ix % HOSTILE.len()];
    if ix < HOSTILE.len() {
        text.to_string()
    } else {
        format!("{text} {ix}")
    }
}

/// The demo with every module id and name, every service id and name, every
/// split name, tag, description and a custom readiness question replaced by
/// hostile text, calls and assignments following the new ids.
fn hostile_project() -> Project {
    let mut project = demo::project();
    project.name = "<script>alert('project')</script>\n!include /etc/passwd ${X}".into();
    project.description = "- [x](javascript:alert(1)) <img src=x onerror=alert(1)> | a | b".into();
    let ids: Vec<(String, String)> = project
        .modules
        .iter()
        .enumerate()
        .map(|(ix, m)| (m.id.clone(), hostile(ix)))
        .collect();
    let new_id = |old: &str| {
        ids.iter()
            .find(|(from, _)| from == old)
            .map(|(_, to)| to.clone())
            .unwrap_or_else(|| old.to_string())
    };
    for (ix, module) in project.modules.iter_mut().enumerate() {
        module.id = new_id(&module.id);
        module.name = hostile(ix + 7);
        module.description = hostile(ix + 3);
        module.team = Some(hostile(ix + 11));
        module.capability = Some(hostile(ix + 13));
        module.subdomain = Some(hostile(ix + 17));
        module.use_cases = vec![hostile(ix + 19), hostile(ix + 23)];
    }
    for call in &mut project.calls {
        call.caller = new_id(&call.caller);
        call.callee = new_id(&call.callee);
    }
    for (s, split) in project.splits.iter_mut().enumerate() {
        split.name = format!("{} split {s}", hostile(s + 5));
        let services: Vec<(String, String)> = split
            .services
            .iter()
            .enumerate()
            .map(|(ix, service)| (service.id.clone(), hostile(ix + s * 3)))
            .collect();
        for (ix, service) in split.services.iter_mut().enumerate() {
            service.id = services[ix].1.clone();
            // Every other service is named like its neighbour: duplicate names
            // must still give distinct elements.
            service.name = hostile((ix / 2) * 2 + 20);
            service.description = hostile(ix + 1);
        }
        split.assignment = split
            .assignment
            .iter()
            .map(|(module, service)| {
                let service = services
                    .iter()
                    .find(|(from, _)| from == service)
                    .map_or(service.clone(), |(_, to)| to.clone());
                (new_id(module), service)
            })
            .collect();
    }
    project.readiness.custom_questions.push(CustomQuestion {
        id: "<b>q|1</b>".into(),
        group: QuestionGroup::Necessity,
        ko: hostile(0),
        en: hostile(2),
    });
    for question in ["<b>q|1</b>", "n1", "f1"] {
        project.readiness.answers.push(ReadinessAnswer {
            participant: hostile(1),
            question: question.into(),
            answer: AnswerValue::Yes,
            note: hostile(5),
        });
    }
    project
        .validate()
        .expect("the hostile project is a valid model");
    project
}

fn analysis_of(project: &Project) -> ProjectAnalysis {
    analyze(project, AnalysisOptions::default()).expect("the project analyses")
}

/// Every split's roadmap, so the reports carry their hostile names too.
fn roadmaps_of(
    project: &Project,
) -> Vec<(
    String,
    Result<engine::roadmap::Roadmap, engine::roadmap::RoadmapError>,
)> {
    let graph = std::sync::Arc::new(engine::graph::ModelGraph::build(project).expect("a model"));
    engine::roadmap::roadmaps(&graph, project, AnalysisOptions::default())
}

// ---------------------------------------------------------------- DOT

/// The `dot` program, if Graphviz is installed.
fn graphviz() -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("dot"))
        .find(|candidate| candidate.is_file())
}

/// Graphviz reads `text` without a syntax error.
fn assert_graphviz_reads(program: &std::path::Path, text: &str) {
    use std::io::Write as _;
    let mut child = Command::new(program)
        .arg("-Tcanon")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dot starts");
    child
        .stdin
        .take()
        .expect("dot's input")
        .write_all(text.as_bytes())
        .expect("dot reads the graph");
    let output = child.wait_with_output().expect("dot finishes");
    assert!(
        output.status.success(),
        "dot -Tcanon refused the export: {}\n{text}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// DOT exported and imported again has the same modules, in order, and the
/// same services and assignment.
fn assert_dot_round_trips(project: &Project, split: &Split) -> String {
    let text = dot::export(project, Some(split));
    let back = dot::import("hostile.dot", &text, &ImportLimits::default())
        .unwrap_or_else(|e| panic!("{e}\n{text}"));
    let ids = |p: &Project| p.modules.iter().map(|m| m.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&back), ids(project), "{text}");
    let labels = |p: &Project| {
        p.modules
            .iter()
            .map(|m| m.label().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(labels(&back), labels(project));
    let pairs = |p: &Project| {
        p.calls
            .iter()
            .map(|c| (c.caller.clone(), c.callee.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(pairs(&back), pairs(project));
    let services = |list: &[Service]| {
        list.iter()
            .map(|s| (s.id.clone(), s.label().to_string()))
            .collect::<Vec<_>>()
    };
    let imported = back.splits.first().map_or(&[][..], |s| &s.services[..]);
    assert_eq!(services(imported), services(&split.services));
    if let Some(imported) = back.splits.first() {
        let mut got: Vec<_> = imported.assignment.iter().collect();
        let mut expected: Vec<_> = split.assignment.iter().collect();
        got.sort();
        expected.sort();
        assert_eq!(got, expected);
    }
    text
}

#[test]
fn dot_with_hostile_names_reads_back_the_same_here_and_in_graphviz() {
    let project = hostile_project();
    for split in &project.splits {
        let text = assert_dot_round_trips(&project, split);
        if let Some(program) = graphviz() {
            assert_graphviz_reads(&program, &text);
        }
    }
    if let Some(program) = graphviz() {
        assert_graphviz_reads(&program, &dot::export(&project, None));
    }
}

#[test]
fn dot_ids_that_spell_keywords_or_end_in_a_backslash_are_ids() {
    let mut project = Project::new("digraph");
    for id in [
        "node", "edge", "graph", "subgraph", "strict", "a\\", "\\", "\"\\\"",
    ] {
        project.modules.push(Module::new(id));
    }
    project.calls.push(Call::new("node", "subgraph"));
    project.calls.push(Call::new("a\\", "graph"));
    let mut split = Split::new("s", SplitOrigin::Manual);
    split.services = vec![Service::new("_x", "edge"), Service::new("cluster", "")];
    split.assignment.insert("node".into(), "_x".into());
    split.assignment.insert("a\\".into(), "cluster".into());
    project.splits.push(split.clone());
    let text = assert_dot_round_trips(&project, &split);
    if let Some(program) = graphviz() {
        assert_graphviz_reads(&program, &text);
    }
}

// ---------------------------------------------------------------- Structurizr

/// A line split into tokens the way Structurizr's DSL tokenizer does it: a
/// `"` opens a quoted token and any `"` after a `\` is kept as part of it.
fn structurizr_tokens(line: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut token: Option<String> = None;
    let mut quoted = false;
    let mut previous = '\0';
    for c in line.trim().chars() {
        match token.as_mut() {
            None if c == '"' => {
                token = Some(String::new());
                quoted = true;
            }
            None if c.is_whitespace() => {}
            None => {
                token = Some(c.to_string());
                quoted = false;
            }
            Some(text) if c == '"' && previous == '\\' => text.push(c),
            Some(_) if (quoted && c == '"') || (!quoted && c.is_whitespace()) => {
                tokens.extend(token.take());
            }
            Some(text) => text.push(c),
        }
        previous = c;
    }
    assert!(!quoted || token.is_none(), "unclosed string in: {line}");
    tokens.extend(token);
    tokens
}

/// No line starts a directive, substitutes a variable or breaks its quotes;
/// every line is one of the statements the exporter writes, with the tokens
/// that statement has; element names are unique among their siblings.
fn assert_structurizr_is_inert(text: &str, services: usize) {
    assert!(!text.contains("${"), "{text}");
    let mut containers = HashSet::new();
    let mut components = HashSet::new();
    let mut seen_containers = 0;
    for line in text.lines() {
        let trimmed = line.trim_start();
        assert!(!trimmed.starts_with('!'), "directive: {line}");
        assert!(
            !trimmed.starts_with('#') && !trimmed.starts_with("//") && !trimmed.starts_with("/*")
        );
        assert!(!line.ends_with('\\'), "line continuation: {line}");
        assert!(!line.ends_with("\"\"\""), "text block: {line}");
        let tokens = structurizr_tokens(line);
        let kind = tokens.get(2).map(String::as_str);
        match tokens.first().map(String::as_str) {
            Some("workspace") => assert_eq!(tokens.len(), 4, "{line}"),
            Some("system") => {
                assert_eq!(tokens.len(), 5, "{line}");
                assert!(!tokens[3].trim().is_empty());
            }
            Some(id) if kind == Some("container") && id.starts_with('s') => {
                assert_eq!(tokens.len(), 6, "{line}");
                assert!(containers.insert(tokens[3].clone()), "twice: {line}");
                components.clear();
                seen_containers += 1;
            }
            Some(id) if kind == Some("component") && id.starts_with('s') => {
                assert_eq!(tokens.len(), 4, "{line}");
                assert!(components.insert(tokens[3].clone()), "twice: {line}");
            }
            Some(id) if tokens.get(1).map(String::as_str) == Some("->") => {
                assert!(id.starts_with('s'));
                assert_eq!(tokens.len(), 5, "{line}");
            }
            Some("model" | "views" | "}" | "include" | "autoLayout") => {}
            Some("container") => assert_eq!(tokens, ["container", "system", "Services", "{"]),
            other => panic!("unexpected line {other:?}: {line}"),
        }
    }
    assert_eq!(seen_containers, services, "{text}");
}

#[test]
fn structurizr_with_hostile_names_has_no_directives_or_substitutions() {
    let project = hostile_project();
    let analysis = analysis_of(&project);
    for (split, split_analysis) in project.splits.iter().zip(&analysis.splits) {
        let text = structurizr::export(&project, split, split_analysis);
        assert_structurizr_is_inert(&text, split.services.len());
        assert!(
            text.contains(
                "softwareSystem \"<script>alert('project')</script> !include /etc/passwd $ {X}\" {"
            ),
            "{text}"
        );
    }
}

// ---------------------------------------------------------------- CSV

/// Characters with which a spreadsheet starts a formula.
const FORMULA: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];

/// Reads a CSV text with the `csv` crate (RFC 4180, no comment lines).
fn records(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|record| {
            record
                .unwrap_or_else(|e| panic!("{e}\n{text}"))
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// No cell of an export starts a formula, numbers aside.
fn assert_no_formula(rows: &[Vec<String>]) {
    for row in rows {
        for cell in row {
            let number = cell.parse::<f64>().is_ok_and(f64::is_finite);
            assert!(
                number || !cell.starts_with(FORMULA),
                "cell {cell:?} starts a formula"
            );
        }
    }
}

/// A cell holds `original`, with one `'` before it when it would start a
/// formula (or already starts with the guard).
fn assert_guarded(cell: &str, original: &str) {
    if cell != original {
        assert_eq!(cell.strip_prefix('\''), Some(original), "cell {cell:?}");
        let rest = original.trim_start_matches('\'');
        assert!(rest.starts_with(FORMULA), "needless guard on {original:?}");
    }
}

/// The modules and calls CSVs: every row read back, ids guarded, no formula.
fn assert_csv_is_inert(project: &Project) {
    let modules = records(&export_modules(project));
    assert_eq!(modules.len(), project.modules.len() + 1);
    assert_no_formula(&modules);
    for (row, module) in modules[1..].iter().zip(&project.modules) {
        assert_guarded(&row[0], &module.id);
        assert_guarded(&row[1], &module.name);
        assert_guarded(&row[9], &module.description);
    }
    let calls = records(&export_calls(project));
    assert_eq!(calls.len(), project.calls.len() + 1);
    assert_no_formula(&calls);
    for (row, call) in calls[1..].iter().zip(&project.calls) {
        assert_guarded(&row[0], &call.caller);
        assert_guarded(&row[1], &call.callee);
    }
}

#[test]
fn csv_with_hostile_names_has_no_formulas_and_reads_back() {
    let project = hostile_project();
    assert_csv_is_inert(&project);
    let (calls, modules) = (export_calls(&project), export_modules(&project));
    let back = engine::formats::csv::import(
        &project.name,
        CsvInput {
            name: "calls.csv",
            text: &calls,
        },
        Some(CsvInput {
            name: "modules.csv",
            text: &modules,
        }),
        &ImportLimits::default(),
    )
    .unwrap_or_else(|e| panic!("{e}\n{modules}"));
    let ids = |p: &Project| {
        p.modules
            .iter()
            .map(|m| m.id.trim().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&back), ids(&project));
    let names = |p: &Project| {
        p.modules
            .iter()
            .map(|m| m.name.trim().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&back), names(&project));

    let metrics = records(&export_metrics(&analysis_of(&project)));
    assert_eq!(metrics.len(), project.splits.len() + 1);
    assert_no_formula(&metrics);
    for (row, split) in metrics[1..].iter().zip(&project.splits) {
        assert_guarded(&row[0], &split.name);
    }
}

// ---------------------------------------------------------------- Markdown and HTML

/// How many times `wanted` occurs in `line` unescaped, that is not after an
/// odd run of backslashes.
fn unescaped(line: &str, wanted: char) -> usize {
    let mut count = 0;
    let mut backslashes = 0;
    for c in line.chars() {
        if c == wanted && backslashes % 2 == 0 {
            count += 1;
        }
        backslashes = if c == '\\' { backslashes + 1 } else { 0 };
    }
    count
}

/// No HTML at all, no link (no unescaped bracket), no code, no line that
/// user text turns into a code block or an ordered list, and every table row
/// as wide as its header.
fn assert_markdown_is_inert(md: &str) {
    assert!(!md.contains('<'), "raw markup in the report");
    for line in md.lines() {
        assert_eq!(unescaped(line, '['), 0, "{line}");
        assert_eq!(unescaped(line, ']'), 0, "{line}");
        assert_eq!(unescaped(line, '`'), 0, "{line}");
        if let Some(ix) = line.find("onerror=") {
            assert!(line[..ix].ends_with("&lt;img src=x "), "{line}");
        }
        assert!(!line.starts_with("    "), "code block: {line}");
        let digits = line.trim_start_matches(|c: char| c.is_ascii_digit());
        assert!(
            digits.len() == line.len() || !digits.starts_with(['.', ')']),
            "ordered list: {line}"
        );
    }
    let mut header: Option<usize> = None;
    for line in md.lines() {
        if line.starts_with('|') {
            let width = unescaped(line, '|');
            match header {
                None => header = Some(width),
                Some(expected) => assert_eq!(width, expected, "row: {line}"),
            }
        } else {
            header = None;
        }
    }
}

#[test]
fn the_markdown_report_with_hostile_names_has_no_markup_or_links() {
    let project = hostile_project();
    let analysis = analysis_of(&project);
    let roadmaps = roadmaps_of(&project);
    assert!(
        roadmaps.iter().all(|(_, r)| r.is_ok()),
        "the demo's splits plan"
    );
    for language in [Language::En, Language::Ko] {
        let input = ReportInput::new(&project, &analysis).with_roadmaps(roadmaps.clone());
        let md = markdown(&input, language);
        assert!(md.contains("Migration roadmap") || md.contains("전환 로드맵"));
        assert_markdown_is_inert(&md);
        assert!(md.contains("&lt;img src=x onerror=alert(1)&gt;"), "{md}");
        assert!(md.contains("a\\|b\\|\\|c"), "{md}");
        let description = md.lines().nth(2).unwrap_or_default();
        assert!(description.starts_with("\\- \\[x\\](javascript:"), "{md}");
    }
}

#[test]
fn the_html_report_with_hostile_names_has_no_script_image_or_handler() {
    let project = hostile_project();
    let analysis = analysis_of(&project);
    let input = ReportInput::new(&project, &analysis).with_roadmaps(roadmaps_of(&project));
    let page = html(&input, Language::En);
    assert!(page.contains("Migration roadmap"));
    let document = scraper::Html::parse_document(&page);
    let all = scraper::Selector::parse("*").expect("a selector");
    for element in document.select(&all) {
        let name = element.value().name();
        assert!(
            !["script", "img", "iframe", "a", "b"].contains(&name),
            "<{name}>"
        );
        for (attribute, value) in element.value().attrs() {
            assert!(!attribute.starts_with("on"), "{attribute}={value}");
        }
    }
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

// ---------------------------------------------------------------- CML

/// Whether `name` is a CML identifier: `[A-Za-z_][A-Za-z0-9_]*`.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Bounded contexts and the map have unique identifiers that are no keyword;
/// relationships name only those contexts; strings and the comment stay closed.
fn assert_cml_is_valid(text: &str, services: usize) {
    let mut names = Vec::new();
    let mut map = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("BoundedContext ") {
            names.push(rest.trim_end_matches(" {").to_string());
        }
        if let Some(rest) = line.strip_prefix("ContextMap ") {
            map = Some(rest.trim_end_matches(" {").to_string());
        }
        assert_eq!(unescaped(line, '"') % 2, 0, "unbalanced string: {line}");
    }
    assert_eq!(names.len(), services);
    let map = map.expect("a context map");
    let unique: HashSet<&String> = names.iter().chain([&map]).collect();
    assert_eq!(unique.len(), services + 1, "{names:?} {map}");
    for name in names.iter().chain([&map]) {
        assert!(is_identifier(name), "{name:?}");
        assert!(!CML_KEYWORDS.contains(&name.as_str()), "keyword {name}");
    }
    let contains = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("contains "))
        .expect("contains");
    assert_eq!(contains.split(", ").collect::<Vec<_>>(), names);
    for line in text
        .lines()
        .filter(|l| l.contains("]->[") || l.contains("]<->["))
    {
        let words: Vec<&str> = line.split_whitespace().collect();
        assert!(names.iter().any(|n| n == words[0]), "{line}");
        assert!(names.iter().any(|n| n == words[2]), "{line}");
    }
    let header = text.lines().next().unwrap_or_default();
    assert!(header.starts_with("/* ") && header.ends_with(" */"));
    assert_eq!(header.matches("*/").count(), 1, "{header}");
}

#[test]
fn cml_with_hostile_names_has_unique_identifiers_that_are_no_keywords() {
    let project = hostile_project();
    let analysis = analysis_of(&project);
    for (split, split_analysis) in project.splits.iter().zip(&analysis.splits) {
        let text = cml::export(&project, split, split_analysis);
        assert_cml_is_valid(&text, split.services.len());
    }
}

#[test]
fn cml_keeps_keywords_and_folded_duplicates_apart() {
    let mut project = Project::new("Context");
    let mut split = Split::new("s", SplitOrigin::Manual);
    for (ix, name) in [
        "Application",
        "application",
        "Ord-ers",
        "Ord ers",
        "OrdErs",
        "Map",
        "U",
        "ContextMap",
    ]
    .into_iter()
    .enumerate()
    {
        project.modules.push(Module::new(format!("m{ix}")));
        split.services.push(Service::new(format!("s{ix}"), name));
        split.assignment.insert(format!("m{ix}"), format!("s{ix}"));
    }
    project.splits.push(split);
    let analysis = analysis_of(&project);
    let text = cml::export(&project, &project.splits[0], &analysis.splits[0]);
    assert_cml_is_valid(&text, 8);
    assert!(
        text.contains("BoundedContext ApplicationContext {"),
        "{text}"
    );
    assert!(
        text.contains("BoundedContext ApplicationContext2 {"),
        "{text}"
    );
    assert!(text.contains("BoundedContext OrdErs3 {"), "{text}");
}

// ---------------------------------------------------------------- Mermaid

/// Whether `id` is one the exporter makes up: `m0`, `s1`…
fn generated(id: &str) -> bool {
    id.len() > 1 && id.starts_with(['m', 's']) && id[1..].chars().all(|c| c.is_ascii_digit())
}

/// Every line is a statement the exporter writes, between generated ids;
/// every label is quoted, with no quote, backtick, markup or `%` left inside.
fn assert_mermaid_is_inert(text: &str, expected_lines: usize) {
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), expected_lines, "{text}");
    assert_eq!(lines[0], "flowchart LR");
    for line in &lines[1..] {
        let line = line.trim();
        if line == "end" {
            continue;
        }
        let statement = line.strip_prefix("subgraph ").unwrap_or(line);
        let id_end = statement
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(statement.len());
        let (id, rest) = statement.split_at(id_end);
        assert!(generated(id), "{line}");
        if let Some(target) = rest
            .strip_prefix(" --> ")
            .or_else(|| rest.strip_prefix(" -.-> "))
        {
            assert!(generated(target), "{line}");
            continue;
        }
        let label = rest
            .strip_prefix("[\"")
            .and_then(|r| r.strip_suffix("\"]"))
            .or_else(|| {
                rest.strip_prefix("((\"")
                    .and_then(|r| r.strip_suffix("\"))"))
            })
            .unwrap_or_else(|| panic!("unquoted label: {line}"));
        assert!(
            !label.contains(['"', '`', '<', '>', '%']),
            "raw character in label: {line}"
        );
    }
}

#[test]
fn mermaid_with_hostile_names_quotes_every_label() {
    let project = hostile_project();
    for split in &project.splits {
        let text = mermaid::export(&project, Some(split));
        let lines = 1 + project.modules.len() + 2 * split.services.len() + project.calls.len();
        assert_mermaid_is_inert(&text, lines);
        assert!(text.contains("#96;backtick#96; label"), "{text}");
    }
    let lines = 1 + project.modules.len() + project.calls.len();
    assert_mermaid_is_inert(&mermaid::export(&project, None), lines);
}

// ---------------------------------------------------------------- Arbitrary text

/// Any text: mostly arbitrary characters, sometimes pieces of the hostile
/// list run together.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::collection::vec(any::<char>(), 1..12).prop_map(String::from_iter),
        proptest::collection::vec(proptest::sample::select(HOSTILE), 1..3)
            .prop_map(|pieces| pieces.concat()),
        "[\"\\\\\r\n|`$ {}=+@#<>-]{1,8}",
    ]
}

/// A project of arbitrary module and service names and ids (one split).
fn any_project() -> impl Strategy<Value = Project> {
    (
        proptest::collection::vec((any_text(), any_text()), 1..6),
        proptest::collection::vec((any_text(), any_text()), 1..4),
        any_text(),
    )
        .prop_map(|(modules, services, split_name)| {
            let mut project = Project::new(split_name.clone());
            for (id, name) in modules {
                if !project.modules.iter().any(|m| m.id == id) {
                    let mut module = Module::new(id);
                    module.name = name;
                    project.modules.push(module);
                }
            }
            let mut split = Split::new(split_name, SplitOrigin::Manual);
            for (id, name) in services {
                if !split.services.iter().any(|s| s.id == id) {
                    split.services.push(Service::new(id, name));
                }
            }
            for (ix, module) in project.modules.iter().enumerate() {
                let service = &split.services[ix % split.services.len()];
                split
                    .assignment
                    .insert(module.id.clone(), service.id.clone());
            }
            let ids: Vec<String> = project.modules.iter().map(|m| m.id.clone()).collect();
            for pair in ids.windows(2) {
                project
                    .calls
                    .push(Call::new(pair[0].clone(), pair[1].clone()));
            }
            project.splits.push(split);
            project
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_names_round_trip_through_dot_and_stay_inert_elsewhere(project in any_project()) {
        let split = &project.splits[0];
        assert_dot_round_trips(&project, split);
        let analysis = analysis_of(&project);
        let text = structurizr::export(&project, split, &analysis.splits[0]);
        assert_structurizr_is_inert(&text, split.services.len());
        assert_csv_is_inert(&project);
        let lines = 1 + project.modules.len() + 2 * split.services.len() + project.calls.len();
        assert_mermaid_is_inert(&mermaid::export(&project, Some(split)), lines);
        assert_cml_is_valid(&cml::export(&project, split, &analysis.splits[0]), split.services.len());
        let input = ReportInput::new(&project, &analysis).with_roadmaps(roadmaps_of(&project));
        let md = markdown(&input, Language::En);
        assert_markdown_is_inert(&md);
    }
}

// ---------------------------------------------------------------- Roadmap exports

/// The roadmap's tasks as CSV hold no formula, one record per task; its
/// Mermaid diagram quotes every label.
#[test]
fn roadmap_tasks_and_diagram_with_hostile_names_are_inert() {
    let project = hostile_project();
    for (_, roadmap) in roadmaps_of(&project) {
        let roadmap = roadmap.expect("the demo's splits plan");
        for language in [Language::En, Language::Ko] {
            let tasks = engine::roadmap::tasks(&roadmap, language);
            let rows = records(&engine::roadmap::tasks_csv(&roadmap, language));
            assert_eq!(rows.len(), tasks.len() + 1);
            assert_no_formula(&rows);
            let json: serde_json::Value =
                serde_json::from_str(&engine::roadmap::tasks_json(&roadmap, language)).unwrap();
            assert_eq!(json.as_array().map(Vec::len), Some(tasks.len()));
            let diagram = engine::roadmap::mermaid(&roadmap, language);
            let lines: Vec<&str> = diagram.lines().collect();
            assert_eq!(lines[0], "flowchart TD");
            assert_eq!(lines.len(), 2 + 2 * roadmap.steps.len());
            for line in &lines[1..] {
                if let Some((_, label)) = line.split_once("[\"") {
                    let label = label.trim_end_matches("\"])").trim_end_matches("\"]");
                    assert!(!label.contains(['"', '`', '<', '>', '%']), "{line}");
                }
            }
        }
    }
}
