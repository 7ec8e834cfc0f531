//! Exporting and importing again gives the same model: native JSON byte for byte,
//! CSV and DOT the same modules, calls (and, for DOT, the split's services).

use engine::formats::csv::{CsvInput, export_calls, export_modules};
use engine::formats::{ImportLimits, csv, dot, native};
use engine::model::{
    Call, CallKind, CallStyle, Module, Project, ReadinessAnswer, Service, Split, SplitOrigin,
    SubdomainKind,
};
use proptest::prelude::*;

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z][a-zA-Z0-9_.]{0,12}",
        "[가-힣 ]{1,6}",
        r#"[a-z "',\\{}\[\]=;#<>/*-]{1,10}"#,
    ]
}

fn item() -> impl Strategy<Value = String> {
    "[a-z가-힣][a-z0-9_가-힣 ]{0,8}"
        .prop_map(|s| s.trim().to_string())
        .prop_filter("non-empty", |s| !s.is_empty())
}

fn project() -> impl Strategy<Value = Project> {
    (2usize..10)
        .prop_flat_map(|n| {
            let module = (
                text(),
                text(),
                proptest::option::of(item()),
                proptest::option::of(item()),
                proptest::option::of(item()),
                proptest::option::of(prop_oneof![
                    Just(SubdomainKind::Core),
                    Just(SubdomainKind::Supporting),
                    Just(SubdomainKind::Generic)
                ]),
                proptest::collection::vec(item(), 0..3),
                proptest::collection::vec(item(), 0..3),
                proptest::collection::vec(item(), 0..3),
                prop_oneof![Just(1.0), Just(0.0), Just(2.5), Just(1234.0)],
                any::<bool>(),
            );
            let call = (
                0..n,
                0..n,
                prop_oneof![Just(1.0), Just(0.0), Just(0.25), Just(1e6)],
                any::<bool>(),
                any::<bool>(),
                any::<bool>(),
            );
            (
                proptest::collection::vec(module, n),
                proptest::collection::vec(call, 0..n * 2),
                1usize..4,
            )
        })
        .prop_map(|(modules, calls, services)| {
            let mut project = Project::new("round trip");
            for (
                ix,
                (
                    name,
                    description,
                    team,
                    capability,
                    subdomain,
                    kind,
                    use_cases,
                    reads,
                    writes,
                    size,
                    entry,
                ),
            ) in modules.into_iter().enumerate()
            {
                let mut m = Module::new(format!("mod{ix}"));
                m.name = name.trim().to_string();
                m.description = description.trim().to_string();
                m.team = team;
                m.capability = capability;
                m.subdomain = subdomain;
                m.subdomain_kind = kind;
                m.use_cases = use_cases;
                m.reads = reads;
                m.writes = writes;
                m.size = size;
                m.entry_point = entry && ix == 0;
                project.modules.push(m);
            }
            let mut seen = std::collections::HashSet::new();
            for (a, b, volume, sync, transactional, query) in calls {
                if seen.insert((a, b)) {
                    let mut c = Call::new(format!("mod{a}"), format!("mod{b}"));
                    c.volume = volume;
                    c.style = if sync {
                        CallStyle::Sync
                    } else {
                        CallStyle::Async
                    };
                    c.transactional = transactional;
                    c.kind = if query {
                        CallKind::Query
                    } else {
                        CallKind::Command
                    };
                    project.calls.push(c);
                }
            }
            let mut split = Split::new("split", SplitOrigin::Manual);
            split.services = (0..services)
                .map(|s| Service::new(format!("svc{s}"), format!("Service \"{s}\"")))
                .collect();
            for (ix, m) in project.modules.iter().enumerate() {
                if !m.entry_point {
                    split
                        .assignment
                        .insert(m.id.clone(), format!("svc{}", ix % services));
                }
            }
            project.splits.push(split);
            project
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn native_json_round_trips_byte_for_byte(p in project()) {
        let text = native::to_json(&p);
        let back = native::from_json("p.json", &text).unwrap();
        prop_assert_eq!(&back, &p);
        prop_assert_eq!(native::to_json(&back), text);
    }

    #[test]
    fn csv_round_trips_the_model(p in project()) {
        let (calls, modules) = (export_calls(&p), export_modules(&p));
        let back = csv::import(
            &p.name,
            CsvInput { name: "calls.csv", text: &calls },
            Some(CsvInput { name: "modules.csv", text: &modules }),
            &ImportLimits::default(),
        )
        .unwrap();
        prop_assert_eq!(&back.modules, &p.modules);
        prop_assert_eq!(&back.calls, &p.calls);
    }

    #[test]
    fn dot_round_trips_the_model_and_the_split(p in project()) {
        let text = dot::export(&p, p.splits.first());
        let back = dot::import("p.dot", &text, &ImportLimits::default()).unwrap();
        prop_assert_eq!(&back.modules, &p.modules);
        prop_assert_eq!(&back.calls, &p.calls);
        let split = &back.splits[0];
        let original = &p.splits[0];
        let mut assignment: Vec<_> = split.assignment.iter().collect();
        let mut expected: Vec<_> = original.assignment.iter().filter(|(_, s)| original.services.iter().any(|x| &x.id == *s)).collect();
        assignment.sort();
        expected.sort();
        prop_assert_eq!(assignment, expected);
        let names: Vec<&str> = split.services.iter().map(|s| s.label()).collect();
        let original_names: Vec<&str> = original.services.iter().map(|s| s.label()).collect();
        prop_assert_eq!(names, original_names);
    }
}

#[test]
fn readiness_answers_survive_the_native_round_trip() {
    let mut p = Project::new("r");
    p.readiness.answers.push(ReadinessAnswer {
        participant: "김".into(),
        question: "n1".into(),
        answer: engine::model::AnswerValue::Partly,
        note: "배포가 느림".into(),
    });
    let text = native::to_json(&p);
    assert_eq!(native::from_json("r.json", &text).unwrap(), p);
}
