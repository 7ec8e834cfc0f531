//! The decomposition report, parsed as a browser would: the HTML is standalone
//! and holds the verdict, both splits' metrics with winners, each split's
//! services and calls, and the advice; the Markdown holds the same.

use engine::analysis::analyze;
use engine::demo;
use engine::metrics::{AnalysisOptions, METRICS};
use engine::model::{AnswerValue, ReadinessAnswer};
use engine::report::{ReportInput, html, markdown};
use engine::text::Language;
use scraper::{Html, Selector};

fn demo_with_answers() -> engine::model::Project {
    let mut project = demo::project();
    for (question, answer) in [
        ("n1", AnswerValue::Yes),
        ("n2", AnswerValue::Yes),
        ("f1", AnswerValue::No),
    ] {
        project.readiness.answers.push(ReadinessAnswer {
            participant: "민지".into(),
            question: question.into(),
            answer,
            note: String::new(),
        });
    }
    project
}

fn select<'a>(document: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    document.select(&Selector::parse(css).unwrap()).collect()
}

fn text(element: &scraper::ElementRef<'_>) -> String {
    element.text().collect::<String>()
}

#[test]
fn the_html_report_is_standalone_and_complete() {
    let project = demo_with_answers();
    let analysis = analyze(&project, AnalysisOptions::default()).unwrap();
    let page = html(&ReportInput::new(&project, &analysis), Language::En);
    let document = Html::parse_document(&page);
    assert!(
        document.errors.is_empty(),
        "HTML parse errors: {:?}",
        document.errors
    );

    assert_eq!(
        select(&document, "html")[0].value().attr("lang"),
        Some("en")
    );
    assert!(text(&select(&document, "title")[0]).contains("Decomposition report"));
    for forbidden in ["script", "link", "img", "iframe"] {
        assert!(
            select(&document, forbidden).is_empty(),
            "no <{forbidden}>: the report is standalone"
        );
    }

    let verdict = text(&select(&document, "[data-verdict]")[0]);
    assert_eq!(verdict, analysis.readiness.headline.en);
    assert!(
        verdict.starts_with("Build the foundations first"),
        "{verdict}"
    );

    let headers: Vec<String> = select(&document, "table.metrics thead th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(headers, ["Metric", demo::BY_CAPABILITY, demo::BY_SUBDOMAIN]);
    let rows = select(&document, "table.metrics tbody tr");
    assert_eq!(rows.len(), METRICS.len());
    let icp = select(&document, "tr[data-metric=icp] td");
    assert_eq!(icp.len(), 3);
    assert!(
        !select(&document, "td.best").is_empty(),
        "winners are marked"
    );
    assert!(
        select(&document, ".charts svg").len() >= 20,
        "a chart per directed metric"
    );

    let splits = select(&document, "section.split");
    assert_eq!(splits.len(), 2);
    assert!(text(&splits[0]).contains("remit.TransferService"));
    assert!(text(&splits[0]).contains("Cross-service calls"));
    let critical = select(&document, ".finding.critical");
    assert!(!critical.is_empty());
    assert!(
        text(&critical[0]).contains("Saga"),
        "{}",
        text(&critical[0])
    );
}

#[test]
fn the_korean_report_speaks_korean() {
    let project = demo_with_answers();
    let analysis = analyze(&project, AnalysisOptions::default()).unwrap();
    let page = html(&ReportInput::new(&project, &analysis), Language::Ko);
    let document = Html::parse_document(&page);
    assert_eq!(
        select(&document, "html")[0].value().attr("lang"),
        Some("ko")
    );
    assert!(text(&select(&document, "[data-verdict]")[0]).starts_with("기반부터 갖추세요"));
    assert!(page.contains("분해안 비교"));
}

#[test]
fn the_markdown_report_holds_verdict_metrics_and_advice() {
    let project = demo_with_answers();
    let analysis = analyze(&project, AnalysisOptions::default()).unwrap();
    let md = markdown(&ReportInput::new(&project, &analysis), Language::En);
    assert!(md.contains(&format!("**{}**", analysis.readiness.headline.en)));
    assert!(md.contains(&format!(
        "| Metric | {} | {} |",
        demo::BY_CAPABILITY,
        demo::BY_SUBDOMAIN
    )));
    assert!(md.contains("| Inter-call percentage (ICP) |"));
    assert!(md.contains("✓"));
    assert!(md.contains("## Split: 서브도메인별 (By subdomain)"));
    assert!(md.contains("Saga with compensating transactions"));
}

/// With a history layer, each split's section says which services change
/// together and who works on each service, in HTML and Markdown.
#[test]
fn the_report_shows_the_change_history_evidence() {
    use engine::model::{CoChangeLink, Layer, LayerKind, ModuleOwner};
    let mut project = demo::project();
    let layer = Layer {
        co_changes: vec![CoChangeLink {
            a: "fee.FeeCalculator".into(),
            b: "remit.TransferService".into(),
            degree: 85,
            shared: 6,
            revisions: 7,
        }],
        owners: vec![ModuleOwner {
            module: "remit.TransferService".into(),
            main_author: "Ari".into(),
            main_team: Some("payments-squad".into()),
            share: 0.9,
            authors: 2,
        }],
        ..Layer::new("history", LayerKind::History)
    };
    engine::layers::merge(&mut project, &layer);
    let analysis = analyze(&project, AnalysisOptions::default()).unwrap();
    let input = ReportInput::new(&project, &analysis);
    let page = Html::parse_document(&html(&input, Language::En));
    let headings: Vec<String> = select(&page, "section.split h3").iter().map(text).collect();
    assert!(
        headings
            .iter()
            .any(|h| h == "Evidence from the change history"),
        "{headings:?}"
    );
    let body = text(&select(&page, "body")[0]);
    assert!(body.contains("payments-squad"));
    assert!(
        body.contains("remit.TransferService ↔ fee.FeeCalculator")
            || body.contains("fee.FeeCalculator ↔ remit.TransferService")
    );
    let md = markdown(&input, Language::En);
    assert!(md.contains("### Evidence from the change history"), "{md}");
    assert!(md.contains("| 6 | 85% |"), "{md}");
}

/// Each split's section ends with its roadmap: the readiness warning (the
/// checklist does not say go), the steps table and one heading per step with
/// what it needs; the Markdown holds the same.
#[test]
fn the_report_carries_each_splits_roadmap() {
    let project = demo_with_answers();
    let analysis = analyze(&project, AnalysisOptions::default()).unwrap();
    let graph = std::sync::Arc::new(engine::graph::ModelGraph::build(&project).unwrap());
    let roadmaps = engine::roadmap::roadmaps(&graph, &project, AnalysisOptions::default());
    assert_eq!(roadmaps.len(), 2);
    let input = ReportInput::new(&project, &analysis).with_roadmaps(roadmaps.clone());
    let page = Html::parse_document(&html(&input, Language::En));
    for (ix, (name, roadmap)) in roadmaps.iter().enumerate() {
        let roadmap = roadmap.as_ref().unwrap();
        let section = select(&page, &format!("section#split-{ix}"))[0];
        assert!(text(&section).contains(name.as_str()));
        let tables: Vec<_> = section
            .select(&Selector::parse("table.roadmap tbody tr").unwrap())
            .collect();
        assert_eq!(tables.len(), roadmap.steps.len(), "{name}: a row per step");
        let headings: Vec<String> = section
            .select(&Selector::parse("h4").unwrap())
            .map(|h| text(&h))
            .collect();
        assert!(
            headings.iter().any(|h| h == "Step 1: 알림 (Notification)"),
            "{headings:?}"
        );
        let callout = section
            .select(&Selector::parse(".callout").unwrap())
            .next()
            .unwrap();
        assert!(text(&callout).contains("Build the foundations first"));
        assert!(text(&section).contains("Calls that become remote (4)"));
    }
    let md = markdown(&input, Language::Ko);
    assert!(md.contains("### 전환 로드맵"), "{md}");
    assert!(md.contains("#### 단계 1: 알림 (Notification)"), "{md}");
    assert!(md.contains("> **준비도가 먼저입니다:"), "{md}");
    let standalone =
        engine::report::roadmap_markdown(roadmaps[0].1.as_ref().unwrap(), Language::En);
    assert!(
        standalone.starts_with("# Migration roadmap: "),
        "{standalone}"
    );
    assert!(
        standalone.contains("| Step | Services out |"),
        "{standalone}"
    );
}

/// The splits measured against each other: MoJoFM and ARI matrices (each split
/// is its own reference on the diagonal), every measure defined with its source,
/// in HTML and Markdown.
#[test]
fn the_report_says_how_close_the_splits_are() {
    let project = demo::project();
    let analysis = analyze(&project, AnalysisOptions::default()).unwrap();
    let input = ReportInput::new(&project, &analysis);
    let page = Html::parse_document(&html(&input, Language::En));
    let section = select(&page, "section#agreement");
    assert_eq!(section.len(), 1, "one agreement section");
    let rows = select(&page, "section#agreement tr[data-metric=\"mojofm\"]");
    assert_eq!(rows.len(), 2);
    let cells: Vec<String> = select(&page, "section#agreement tr[data-metric=\"mojofm\"] td")
        .iter()
        .map(text)
        .collect();
    // Row 1 against column 1 and row 2 against column 2: the same split.
    assert_eq!(cells[1], "100.00");
    assert_eq!(cells[5], "100.00");
    assert_ne!(cells[2], "100.00", "the two demo splits differ");
    let all = text(&section[0]);
    assert!(all.contains("Wen & Tzerpos"), "{all}");
    assert!(all.contains("Adjusted Rand index"), "{all}");

    let md = markdown(&input, Language::Ko);
    assert!(md.contains("## 분해안 사이의 일치도"), "{md}");
    assert!(md.contains("| 100.00 |"), "{md}");
}

/// A service of more modules than a reader goes through lists the first
/// [`LISTED_MODULES`] in split order and says how many more there are and
/// where all of them are, in HTML and Markdown, in both languages; a smaller
/// service lists every module.
#[test]
fn a_big_service_lists_its_first_modules_and_how_many_more() {
    use engine::model::{Module, Service, Split, SplitOrigin};
    use engine::report::LISTED_MODULES;
    let mut project = engine::model::Project::new("big");
    let count = LISTED_MODULES + 37;
    project.modules = (0..count)
        .map(|i| Module::new(format!("m{i:04}")))
        .collect();
    project.modules.push(Module::new("alone"));
    let mut split = Split::new("one big service", SplitOrigin::Manual);
    split.services = vec![Service::new("big", "Big"), Service::new("small", "Small")];
    for i in 0..count {
        split.assignment.insert(format!("m{i:04}"), "big".into());
    }
    split.assignment.insert("alone".into(), "small".into());
    project.splits.push(split);
    let analysis = analyze(&project, AnalysisOptions::default()).unwrap();
    let input = ReportInput::new(&project, &analysis);
    let last_listed = format!("m{:04}", LISTED_MODULES - 1);
    let first_left = format!("m{LISTED_MODULES:04}");
    for (text, language) in [
        (html(&input, Language::En), Language::En),
        (markdown(&input, Language::En), Language::En),
        (html(&input, Language::Ko), Language::Ko),
    ] {
        assert!(
            text.contains(&format!("{last_listed}, … 37")),
            "{language:?}"
        );
        assert!(!text.contains(&first_left), "{language:?}");
        assert!(text.contains("alone"), "{language:?}");
    }
    assert!(html(&input, Language::En).contains("37 more (the JSON export has every module"));
    assert!(html(&input, Language::Ko).contains("37개 더"));
}

#[test]
fn a_notice_says_why_in_the_reports_look_with_its_words_escaped() {
    let page = engine::report::html_notice(
        "보고서를 만들 수 없습니다",
        "module <script>alert(1)</script> is unknown",
        Language::Ko,
    );
    let document = Html::parse_document(&page);
    assert_eq!(
        select(&document, "html[lang=ko]").len(),
        1,
        "the page's language"
    );
    assert_eq!(
        select(&document, "h1").iter().map(text).collect::<Vec<_>>(),
        ["보고서를 만들 수 없습니다"]
    );
    assert!(select(&document, "script").is_empty(), "{page}");
    assert!(
        select(&document, "p")
            .iter()
            .any(|p| text(p) == "module <script>alert(1)</script> is unknown"),
        "{page}"
    );
}
