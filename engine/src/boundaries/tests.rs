use super::*;
use crate::model::{Call, Module, Service, ServicePair, Split, SplitOrigin};

/// orders → billing → ledger, orders → ledger; a report module reads orders.
fn shop() -> (Project, Split) {
    let mut project = Project::new("Shop");
    for id in [
        "shop.orders.OrderService",
        "shop.orders.OrderController",
        "shop.billing.Invoicer",
        "shop.ledger.Ledger",
        "shop.report.Report",
    ] {
        project.modules.push(Module::new(id));
    }
    for (a, b) in [
        ("shop.orders.OrderController", "shop.orders.OrderService"),
        ("shop.orders.OrderService", "shop.billing.Invoicer"),
        ("shop.billing.Invoicer", "shop.ledger.Ledger"),
        ("shop.orders.OrderService", "shop.ledger.Ledger"),
        ("shop.report.Report", "shop.orders.OrderService"),
    ] {
        project.calls.push(Call::new(a, b));
    }
    let mut split = Split::new("By capability", SplitOrigin::Capability);
    split.id = "s1".into();
    for (id, name) in [
        ("orders", "Orders"),
        ("billing", "Billing"),
        ("ledger", "Ledger"),
    ] {
        split.services.push(Service::new(id, name));
    }
    for (module, service) in [
        ("shop.orders.OrderService", "orders"),
        ("shop.orders.OrderController", "orders"),
        ("shop.billing.Invoicer", "billing"),
        ("shop.ledger.Ledger", "ledger"),
    ] {
        split.assignment.insert(module.into(), service.into());
    }
    project.splits.push(split.clone());
    (project, split)
}

fn dependency(from: &str, to: &str) -> Dependency {
    Dependency {
        from: from.into(),
        to: to.into(),
        at: None,
    }
}

#[test]
fn a_split_allows_the_service_dependencies_its_model_has() {
    let (project, split) = shop();
    let rules = Boundaries::of(&project, &split, Some(7)).expect("rules");
    let names =
        |(a, b): (usize, usize)| (rules.services[a].id.as_str(), rules.services[b].id.as_str());
    let allowed: Vec<_> = rules.allowed.iter().map(|&p| names(p)).collect();
    assert_eq!(
        allowed,
        [
            ("orders", "billing"),
            ("orders", "ledger"),
            ("billing", "ledger")
        ]
    );
    let forbidden: Vec<_> = rules.forbidden().into_iter().map(names).collect();
    assert_eq!(
        forbidden,
        [
            ("billing", "orders"),
            ("ledger", "orders"),
            ("ledger", "billing")
        ]
    );
    assert!(
        rules
            .origin
            .line()
            .contains("project \"Shop\", split \"By capability\", revision 7")
    );
    // Today's model breaks nothing; the unassigned report module is no service's.
    assert_eq!(rules.check(&dependencies_of(&project)), []);
}

#[test]
fn forbidding_a_pair_makes_its_dependencies_violations() {
    let (project, mut split) = shop();
    split.forbidden.push(ServicePair {
        from: "orders".into(),
        to: "ledger".into(),
    });
    let rules = Boundaries::of(&project, &split, None).expect("rules");
    let found = rules.check(&dependencies_of(&project));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].rule, Rule::ForbiddenDependency);
    assert_eq!(
        (found[0].from.as_str(), found[0].to.as_str()),
        ("shop.orders.OrderService", "shop.ledger.Ledger")
    );
    assert_eq!(
        (found[0].from_service.as_str(), found[0].to_service.as_str()),
        ("Orders", "Ledger")
    );
    assert!(
        found[0]
            .message()
            .contains("Orders may not depend on Ledger")
    );
    // A name works as well as an id; an unknown service is refused.
    split.forbidden = vec![ServicePair {
        from: "Orders".into(),
        to: "Nobody".into(),
    }];
    assert_eq!(
        Boundaries::of(&project, &split, None).unwrap_err(),
        BoundaryError::UnknownService {
            split: "By capability".into(),
            service: "Nobody".into()
        }
    );
}

#[test]
fn a_new_dependency_against_the_rules_or_closing_a_cycle_is_a_violation() {
    let (project, split) = shop();
    let rules = Boundaries::of(&project, &split, None).expect("rules");
    let mut today = dependencies_of(&project);
    today.push(dependency("shop.ledger.Ledger", "shop.orders.OrderService"));
    let found = rules.check(&today);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].rule, Rule::ForbiddenDependency);
    assert_eq!(found[0].from, "shop.ledger.Ledger");

    // Billing and orders depending on each other, both directions allowed by
    // the model: every dependency of the cycle is a violation.
    let mut cyclic = project.clone();
    cyclic.calls.push(Call::new(
        "shop.billing.Invoicer",
        "shop.orders.OrderService",
    ));
    let rules = Boundaries::of(&cyclic, &split, None).expect("rules");
    let found = rules.check(&dependencies_of(&cyclic));
    let pairs: Vec<_> = found
        .iter()
        .map(|v| (v.rule, v.from.as_str(), v.to.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            (
                Rule::ServiceCycle,
                "shop.billing.Invoicer",
                "shop.orders.OrderService"
            ),
            (
                Rule::ServiceCycle,
                "shop.orders.OrderService",
                "shop.billing.Invoicer"
            ),
        ]
    );
}

#[test]
fn fingerprints_follow_the_modules_not_the_place() {
    let (project, mut split) = shop();
    split.forbidden.push(ServicePair {
        from: "orders".into(),
        to: "ledger".into(),
    });
    let rules = Boundaries::of(&project, &split, None).expect("rules");
    let mut here = dependency("shop.orders.OrderService", "shop.ledger.Ledger");
    here.at = Some(Location {
        file: "a/B.java".into(),
        line: 3,
    });
    let mut there = here.clone();
    there.at = Some(Location {
        file: "a/B.java".into(),
        line: 40,
    });
    let (one, two) = (rules.check(&[here]), rules.check(&[there]));
    assert_eq!(one[0].fingerprint(), two[0].fingerprint());
    assert_eq!(one[0].fingerprint().len(), 16);
    let other = rules.check(&[dependency(
        "shop.orders.OrderController",
        "shop.ledger.Ledger",
    )]);
    assert_ne!(one[0].fingerprint(), other[0].fingerprint());
}

#[test]
fn a_baseline_lets_only_new_violations_fail_and_names_the_gone_ones() {
    let (project, mut split) = shop();
    split.forbidden.push(ServicePair {
        from: "orders".into(),
        to: "ledger".into(),
    });
    let rules = Boundaries::of(&project, &split, None).expect("rules");
    let today = rules.check(&dependencies_of(&project));
    let baseline = baseline::Baseline::of(&rules.origin, &today);
    let read = baseline::Baseline::read("baseline.json", &baseline.to_json(), &rules.origin)
        .expect("reads back");
    assert_eq!(read, baseline);
    assert!(read.hold(&today).new.is_empty());

    let tomorrow = rules.check(&[dependency(
        "shop.orders.OrderController",
        "shop.ledger.Ledger",
    )]);
    let held = read.hold(&tomorrow);
    assert_eq!(held.new.len(), 1);
    assert_eq!(held.new[0].from, "shop.orders.OrderController");
    assert_eq!(held.gone.len(), 1);
    assert_eq!(held.gone[0].from, "shop.orders.OrderService");

    // Another split's, another format's or a broken baseline is refused, located.
    let other = Origin {
        split: "By subdomain".into(),
        ..rules.origin.clone()
    };
    let refused =
        baseline::Baseline::read("baseline.json", &baseline.to_json(), &other).unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("not of project \"Shop\", split \"By subdomain\""),
        "{refused}"
    );
    let refused = baseline::Baseline::read(
        "baseline.json",
        "{\n  \"seams_baseline\": 1,\n  oops",
        &rules.origin,
    )
    .unwrap_err();
    assert!(
        refused.to_string().starts_with("baseline.json:3"),
        "{refused}"
    );
    let refused = baseline::Baseline::read("baseline.json", "[]", &rules.origin).unwrap_err();
    assert!(
        refused.to_string().contains("not a Seams baseline"),
        "{refused}"
    );
}

#[test]
fn exports_name_every_forbidden_pair_in_each_tools_language() {
    let (project, mut split) = shop();
    split.forbidden.push(ServicePair {
        from: "orders".into(),
        to: "ledger".into(),
    });
    let rules = Boundaries::of(&project, &split, Some(3)).expect("rules");
    let known = rules.check(&dependencies_of(&project));

    let java = checkstyle::export(&rules, &known, "/ci/rules");
    assert!(
        java.import_control
            .contains("<import-control pkg=\"shop\" strategyOnMismatch=\"allowed\">")
    );
    assert!(java.import_control.contains(
        "<subpackage name=\"orders\" strategyOnMismatch=\"allowed\">\n    <file name=\"OrderController\">\n      <disallow class=\"shop.ledger.Ledger\"/>"
    ), "{}", java.import_control);
    assert!(java.import_control.contains("revision 3"));
    assert!(java.config.contains(
        "value=\"${config_loc}/import-control.xml\" default=\"/ci/rules/import-control.xml\""
    ));
    let suppressions = java.suppressions.expect("a baseline");
    assert!(suppressions.contains("files=\"shop/orders/OrderService\\.java$\" message=\"Disallowed import - shop\\.ledger\\.Ledger\\.\""), "{suppressions}");

    let js = depcruise::export(&rules, &known, &|m| format!("{m}.ts"));
    assert!(
        js.config.contains("name: \"seams-orders-not-ledger\""),
        "{}",
        js.config
    );
    assert!(js.config.contains(
        "from: { path: \"^(shop\\\\.orders\\\\.OrderController|shop\\\\.orders\\\\.OrderService)"
    ));
    assert!(js.config.contains("to: { circular: true, pathNot:"));
    let known_js: serde_json::Value =
        serde_json::from_str(&js.known.expect("a baseline")).expect("JSON");
    assert_eq!(known_js[0]["from"], "shop.orders.OrderService.ts");
    assert_eq!(known_js[0]["rule"]["name"], "seams-orders-not-ledger");

    let python = importlinter::export(&rules, &known, &|m| m != "shop.report.Report");
    assert!(
        python.contains("[importlinter]\nroot_packages =\n    shop\n"),
        "{python}"
    );
    assert!(python.contains("[importlinter:contract:seams-orders]"));
    assert!(
        python.contains("forbidden_modules =\n    shop.ledger.Ledger\n"),
        "{python}"
    );
    assert!(
        python.contains("ignore_imports =\n    shop.orders.OrderService -> shop.ledger.Ledger\n"),
        "{python}"
    );
}

#[test]
fn drift_names_new_modules_and_added_and_removed_crossings() {
    let (project, split) = shop();
    let rules = Boundaries::of(&project, &split, None).expect("rules");
    let model = dependencies_of(&project);
    let mut today: Vec<Dependency> = model
        .iter()
        .filter(|d| d.to != "shop.ledger.Ledger" || d.from != "shop.orders.OrderService")
        .cloned()
        .collect();
    today.push(dependency(
        "shop.orders.OrderController",
        "shop.billing.Invoicer",
    ));
    today.push(dependency(
        "shop.orders.OrderController",
        "shop.orders.Cart",
    ));
    let modules: Vec<String> = project
        .modules
        .iter()
        .map(|m| m.id.clone())
        .chain(["shop.orders.Cart".to_string(), "GET /orders".to_string()])
        .collect();
    let entries = ["GET /orders".to_string()].into_iter().collect();
    let found = drift::drift(&rules, &model, &modules, &today, &entries);
    assert_eq!(found.unassigned, ["shop.orders.Cart", "shop.report.Report"]);
    assert_eq!(found.added.len(), 1);
    assert_eq!(found.added[0].from, "shop.orders.OrderController");
    assert_eq!(found.removed.len(), 1);
    assert_eq!(found.removed[0].to, "shop.ledger.Ledger");
    assert_eq!(found.lines().len(), 4);
}

#[test]
fn results_keep_rule_ids_and_fingerprints_in_every_format() {
    let finding = results::Finding {
        rule: Rule::ForbiddenDependency.id().into(),
        rule_text: Rule::ForbiddenDependency.description().into(),
        message: "a, b: 100% <bad>".into(),
        at: Some(Location {
            file: "src/A.java".into(),
            line: 4,
        }),
        fingerprint: "00ff".into(),
    };
    let notes = ["1 known violation (baseline)".to_string()];
    let results = results::Results {
        findings: std::slice::from_ref(&finding),
        notes: &notes,
        fallback_file: "project.json",
        version: "1.0",
    };
    let sarif: serde_json::Value = serde_json::from_str(&results.sarif()).expect("JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert_eq!(
        sarif["runs"][0]["results"][0]["ruleId"],
        "seams/forbidden-dependency"
    );
    assert_eq!(sarif["runs"][0]["results"][0]["ruleIndex"], 0);
    assert_eq!(
        sarif["runs"][0]["results"][0]["partialFingerprints"]["seamsFinding/v1"],
        "00ff"
    );
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
    assert_eq!(
        results.github().lines().next(),
        Some("::error file=src/A.java,line=4,title=seams/forbidden-dependency::a, b: 100%25 <bad>")
    );
    assert!(results.junit().contains(
        "<failure message=\"a, b: 100% &lt;bad&gt;\" type=\"seams/forbidden-dependency\">"
    ));
    assert!(
        results
            .text()
            .starts_with("src/A.java:4: seams/forbidden-dependency: a, b: 100% <bad>\n")
    );
    let clean = results::Results {
        findings: &[],
        notes: &[],
        fallback_file: "p.json",
        version: "1.0",
    };
    assert!(clean.junit().contains("tests=\"1\" failures=\"0\""));
    assert_eq!(clean.text(), "the split's boundaries hold\n");
}
