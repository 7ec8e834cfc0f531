use super::*;
use crate::model::{CallStyle, CoChangeLink, LayerCall, ModuleOwner, Split, SplitOrigin, TableUse};

fn project() -> Project {
    let mut project = Project::new("Shop");
    for id in ["web", "orders", "billing"] {
        project.modules.push(Module::new(id));
    }
    project.modules[1].team = Some("Hand-made".into());
    project.calls.push(Call::new("web", "orders"));
    let mut split = Split::new("Two", SplitOrigin::Manual);
    split
        .services
        .push(crate::model::Service::new("s1", "Front"));
    split.assignment.insert("web".into(), "s1".into());
    project.splits.push(split);
    project
}

fn traces(source: &str, calls: &[(&str, &str, u64)]) -> Layer {
    Layer {
        calls: calls
            .iter()
            .map(|(a, b, n)| LayerCall {
                caller: a.to_string(),
                callee: b.to_string(),
                style: CallStyle::Sync,
                count: *n,
                errors: Some(0),
                latency: None,
            })
            .collect(),
        ..Layer::new(source, LayerKind::Traces)
    }
}

#[test]
fn a_trace_layer_adds_modules_and_calls_and_sets_volumes_keeping_the_rest() {
    let mut p = project();
    merge(
        &mut p,
        &traces("otel", &[("web", "orders", 40), ("orders", "stock", 7)]),
    );
    assert_eq!(p.modules.last().map(|m| m.id.as_str()), Some("stock"));
    assert_eq!(
        p.calls[0].volume, 40.0,
        "the hand-made call takes the volume"
    );
    assert_eq!(p.calls[0].source, None, "and keeps its origin");
    assert_eq!(p.calls[1].source.as_deref(), Some("otel"));
    assert_eq!(p.splits, project().splits, "splits untouched");
    assert_eq!(p.modules[1].team.as_deref(), Some("Hand-made"));
    p.validate().expect("still a valid model");
}

#[test]
fn a_re_import_replaces_what_the_same_source_said() {
    let mut p = project();
    merge(
        &mut p,
        &traces("otel", &[("web", "orders", 40), ("orders", "stock", 7)]),
    );
    let (diff, after) = preview(&p, &traces("otel", &[("web", "billing", 3)]));
    assert!(diff.replaces);
    assert_eq!(
        diff.calls_added,
        [("web".to_string(), "billing".to_string())]
    );
    assert_eq!(
        diff.calls_removed,
        [("orders".to_string(), "stock".to_string())],
        "only the call the source had added goes"
    );
    assert!(
        after
            .calls
            .iter()
            .any(|c| c.caller == "web" && c.callee == "orders")
    );
    assert_eq!(after.layers.len(), 1);
    let mut removed = after.clone();
    remove(&mut removed, "otel");
    assert!(removed.layers.is_empty());
    assert!(removed.calls.iter().all(|c| c.source.is_none()));
}

#[test]
fn a_history_layer_adds_no_modules_and_fills_only_empty_team_tags() {
    let p = project();
    let owner = |module: &str, team: &str| ModuleOwner {
        module: module.into(),
        main_author: "Ann".into(),
        main_team: Some(team.into()),
        share: 1.0,
        authors: 1,
    };
    let layer = Layer {
        co_changes: vec![
            CoChangeLink {
                a: "billing".into(),
                b: "orders".into(),
                degree: 80,
                shared: 8,
                revisions: 10,
            },
            CoChangeLink {
                a: "Ghost".into(),
                b: "orders".into(),
                degree: 50,
                shared: 5,
                revisions: 10,
            },
        ],
        owners: vec![owner("orders", "Pay"), owner("billing", "Pay")],
        modules: vec!["orders".into(), "billing".into(), "Ghost".into()],
        ..Layer::new("git", LayerKind::History)
    };
    let (diff, after) = preview(&p, &layer);
    assert!(diff.modules_added.is_empty());
    assert_eq!(diff.unmatched, ["Ghost"]);
    assert_eq!(diff.teams_set, [("billing".to_string(), "Pay".to_string())]);
    assert_eq!(diff.co_changes_added, 2);
    assert_eq!(after.modules[1].team.as_deref(), Some("Hand-made"));
    let (again, _) = preview(&after, &layer);
    assert!(
        again.is_empty(),
        "the same import twice changes nothing: {again:?}"
    );
}

#[test]
fn tables_from_traces_become_read_and_write_tags() {
    let mut p = project();
    let layer = Layer {
        tables: vec![
            TableUse {
                module: "orders".into(),
                table: "order".into(),
                writes: true,
            },
            TableUse {
                module: "billing".into(),
                table: "order".into(),
                writes: false,
            },
        ],
        ..Layer::new("otel", LayerKind::Traces)
    };
    merge(&mut p, &layer);
    assert_eq!(p.modules[1].writes, ["order"]);
    assert_eq!(p.modules[2].reads, ["order"]);
}

#[test]
fn co_change_weighs_on_suggestions_only_when_asked() {
    use crate::generate::{SuggestOptions, suggest, weighted_graph};
    let mut p = Project::new("Shop");
    for id in ["a1", "a2", "b1", "b2"] {
        p.modules.push(Module::new(id));
    }
    for (x, y) in [("a1", "a2"), ("b1", "b2"), ("a2", "b1")] {
        p.calls.push(Call::new(x, y));
    }
    let layer = Layer {
        co_changes: vec![CoChangeLink {
            a: "a2".into(),
            b: "b1".into(),
            degree: 75,
            shared: 40,
            revisions: 40,
        }],
        ..Layer::new("git", LayerKind::History)
    };
    merge(&mut p, &layer);
    let model = crate::graph::ModelGraph::build(&p).expect("valid");
    let total = |weight: f64| {
        let options = SuggestOptions {
            co_change_weight: weight,
            ..SuggestOptions::default()
        };
        weighted_graph(&model, &options).graph.total
    };
    // Three calls of volume 1 weigh ln(1) + 1 each; the pair adds weight × 75 %.
    assert_eq!(total(0.0), 3.0);
    assert_eq!(total(4.0), 6.0);
    let bad = SuggestOptions {
        co_change_weight: f64::NAN,
        ..SuggestOptions::default()
    };
    assert!(suggest(&p, &bad).is_err());
}

#[test]
fn history_evidence_scores_the_split_and_survives_the_compact_form() {
    use crate::compact::CompactModel;
    use crate::metrics::{AnalysisOptions, MetricId, Scorer};
    let mut p = project();
    p.splits[0]
        .services
        .push(crate::model::Service::new("s2", "Back"));
    p.splits[0].assignment.insert("orders".into(), "s1".into());
    p.splits[0].assignment.insert("billing".into(), "s2".into());
    let owner = |module: &str, author: &str, team: Option<&str>| ModuleOwner {
        module: module.into(),
        main_author: author.into(),
        main_team: team.map(str::to_string),
        share: 1.0,
        authors: 1,
    };
    let link = |a: &str, b: &str, shared: u32| CoChangeLink {
        a: a.into(),
        b: b.into(),
        degree: 50,
        shared,
        revisions: 10,
    };
    let layer = Layer {
        co_changes: vec![link("billing", "orders", 6), link("orders", "web", 2)],
        owners: vec![
            owner("web", "Ann", Some("Front")),
            owner("orders", "Bo", None),
            owner("billing", "Cy", Some("Pay")),
        ],
        ..Layer::new("git", LayerKind::History)
    };
    merge(&mut p, &layer);
    let graph = std::sync::Arc::new(crate::graph::ModelGraph::build(&p).unwrap());
    let split = graph.resolve_split(&p.splits[0]).unwrap();
    let scores = Scorer::new(graph.clone(), &split, AnalysisOptions::default()).scores();
    // 6 of the 8 shared commits cross s1 | s2; s1 holds web (Front) and orders (Bo).
    assert_eq!(scores.get(MetricId::CrossCoChange), 0.75);
    assert_eq!(scores.get(MetricId::MaxAuthoringTeams), 2.0);

    let names = p.modules.iter().map(|m| m.label().to_string());
    let again = std::sync::Arc::new(CompactModel::of(&graph, names).to_graph().unwrap());
    let rescored = Scorer::new(again, &split, AnalysisOptions::default()).scores();
    assert_eq!(rescored, scores, "the browser scores the same");

    let plain = std::sync::Arc::new(crate::graph::ModelGraph::build(&project()).unwrap());
    let split = plain.resolve_split(&project().splits[0]).unwrap();
    let without = Scorer::new(plain, &split, AnalysisOptions::default()).scores();
    assert!(without.get(MetricId::CrossCoChange).is_nan());
    assert!(without.get(MetricId::MaxAuthoringTeams).is_nan());
}
