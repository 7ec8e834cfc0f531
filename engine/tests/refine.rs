//! The refinement keeps its promises on random monoliths: its objective never
//! gets worse, the number of services stays, sizes stay within bounds, pinned
//! modules stay, keep-together groups stay together and keep-apart pairs apart;
//! accepting its moves one by one gives its split. On the published AcmeAir
//! partitions it lowers the inter-call percentage of each.

mod acmeair;

use std::collections::{HashMap, HashSet};

use engine::graph::icp_weight;
use engine::metrics::MetricId;
use engine::model::{Call, Module, Project, Service, Split, SplitOrigin};
use engine::refine::{RefineError, RefineOptions, refine};
use proptest::prelude::*;

/// A random monolith: modules with tables written, calls with volumes, a split
/// with every service non-empty.
fn monolith() -> impl Strategy<Value = (Project, usize)> {
    (4usize..24, 2usize..5).prop_flat_map(|(n, k)| {
        let k = k.min(n);
        (
            proptest::collection::vec((0..n, 0..n, 1u32..500), 0..n * 3),
            proptest::collection::vec(proptest::option::of(0u32..4), n),
            proptest::collection::vec(0..k, n - k),
            Just((n, k)),
        )
            .prop_map(|(calls, writes, rest, (n, k))| {
                let mut project = Project::new("random");
                for (m, table) in writes.iter().enumerate() {
                    let mut module = Module::new(format!("m{m}"));
                    if let Some(t) = table {
                        module.writes.push(format!("t{t}"));
                    }
                    project.modules.push(module);
                }
                let mut seen = HashSet::new();
                for (a, b, volume) in calls {
                    if a != b && seen.insert((a, b)) {
                        let mut call = Call::new(format!("m{a}"), format!("m{b}"));
                        call.volume = f64::from(volume);
                        project.calls.push(call);
                    }
                }
                let mut split = Split::new("random", SplitOrigin::Manual);
                split.services = (0..k)
                    .map(|s| Service::new(format!("s{s}"), format!("Service {s}")))
                    .collect();
                // The first k modules seed one service each; the rest go anywhere.
                for m in 0..n {
                    let s = if m < k { m } else { rest[m - k] };
                    split.assignment.insert(format!("m{m}"), format!("s{s}"));
                }
                project.splits.push(split);
                (project, k)
            })
    })
}

/// The crossing weight as the definition says, computed afresh: calls by
/// ln(volume) + 1, table_weight per pair of writers of one table in two services.
fn objective(project: &Project, split: &Split, table_weight: f64) -> f64 {
    let service = |m: &str| split.assignment.get(m);
    let mut total = 0.0;
    for call in &project.calls {
        if let (Some(a), Some(b)) = (service(&call.caller), service(&call.callee))
            && a != b
        {
            total += icp_weight(call.volume);
        }
    }
    let mut writers: HashMap<&str, Vec<&str>> = HashMap::new();
    for module in &project.modules {
        for table in &module.writes {
            writers.entry(table).or_default().push(&module.id);
        }
    }
    for group in writers.values() {
        for (i, a) in group.iter().enumerate() {
            for b in &group[i + 1..] {
                if service(a) != service(b) {
                    total += table_weight;
                }
            }
        }
    }
    total
}

fn sizes(split: &Split) -> HashMap<&str, usize> {
    let mut sizes = HashMap::new();
    for service in split.assignment.values() {
        *sizes.entry(service.as_str()).or_insert(0) += 1;
    }
    sizes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn refinement_keeps_its_promises(
        (project, k) in monolith(),
        pin in 0usize..4,
        together in 0usize..4,
        apart in 0usize..4,
        bound in 0usize..3,
    ) {
        let split = &project.splits[0];
        let n = project.modules.len();
        let before_sizes = sizes(split);
        let largest = before_sizes.values().copied().max().unwrap_or(0);
        let mut options = RefineOptions {
            table_weight: 0.5,
            pinned: vec![format!("m{pin}")],
            max_modules: (bound > 0).then_some(largest + bound),
            min_modules: 1,
            ..RefineOptions::default()
        };
        // A keep-together pair already in one service, a keep-apart pair already apart.
        let service_of = |m: usize| split.assignment[&format!("m{m}")].clone();
        if let Some(mate) = (0..n).find(|&m| m != together && service_of(m) == service_of(together)) {
            options.keep_together.push(vec![format!("m{together}"), format!("m{mate}")]);
        }
        if let Some(other) = (0..n).find(|&m| service_of(m) != service_of(apart)) {
            options.keep_apart.push((format!("m{apart}"), format!("m{other}")));
        }
        let refined = match refine(&project, split, &options) {
            Ok(refined) => refined,
            Err(RefineError::Contradiction(..)) => return Ok(()),
            Err(other) => return Err(TestCaseError::fail(other.to_string())),
        };
        let after = &refined.split;
        let (was, is) = (objective(&project, split, 0.5), objective(&project, after, 0.5));
        prop_assert!(is <= was + 1e-6, "objective {was} → {is}");
        prop_assert!((refined.objective_before - was).abs() < 1e-3);
        prop_assert!((refined.objective_after - is).abs() < 1e-3);
        let after_sizes = sizes(after);
        prop_assert_eq!(after_sizes.len(), k, "the number of services stays");
        for (service, &size) in &after_sizes {
            prop_assert!(size >= 1);
            prop_assert!(size <= refined.max_modules.max(before_sizes[service]));
        }
        prop_assert_eq!(&after.assignment[&format!("m{pin}")], &split.assignment[&format!("m{pin}")]);
        for group in &options.keep_together {
            prop_assert_eq!(&after.assignment[&group[0]], &after.assignment[&group[1]]);
        }
        for (a, b) in &options.keep_apart {
            prop_assert_ne!(&after.assignment[a], &after.assignment[b]);
        }
        // Accepting every move in order, as editor edits would, gives the split.
        let mut accepted = split.clone();
        for step in &refined.moves {
            prop_assert!(step.gain > 0.0);
            for module in &step.modules {
                prop_assert_eq!(&accepted.assignment[module], &step.from);
                accepted.assignment.shift_remove(module);
                accepted.assignment.insert(module.clone(), step.to.clone());
            }
        }
        prop_assert_eq!(&accepted.assignment, &after.assignment);
        prop_assert_eq!(
            accepted.assignment.iter().collect::<Vec<_>>(),
            after.assignment.iter().collect::<Vec<_>>(),
            "the same order too"
        );
    }
}

#[test]
fn a_move_says_why_in_numbers() {
    // b calls a1 three times as much as c1 and writes a1's table; a2 and c2 hold
    // a1 and c1 where they are.
    let mut project = Project::new("why");
    for id in ["a1", "a2", "b", "c1", "c2"] {
        let mut module = Module::new(id);
        if id == "b" || id == "a1" {
            module.writes.push("orders".into());
        }
        project.modules.push(module);
    }
    for (from, to, volume) in [
        ("b", "a1", 30.0),
        ("b", "c1", 10.0),
        ("a1", "a2", 100.0),
        ("c1", "c2", 50.0),
    ] {
        let mut call = Call::new(from, to);
        call.volume = volume;
        project.calls.push(call);
    }
    let mut split = Split::new("s", SplitOrigin::Manual);
    split.services = vec![Service::new("A", "Accounts"), Service::new("C", "Catalog")];
    for (m, s) in [
        ("a1", "A"),
        ("a2", "A"),
        ("b", "C"),
        ("c1", "C"),
        ("c2", "C"),
    ] {
        split.assignment.insert(m.into(), s.into());
    }
    let refined = refine(&project, &split, &RefineOptions::default()).expect("refined");
    assert_eq!(refined.moves.len(), 1, "{:?}", refined.moves);
    let step = &refined.moves[0];
    assert_eq!(step.modules, ["b"]);
    assert_eq!((step.from.as_str(), step.to.as_str()), ("C", "A"));
    assert_eq!(
        (step.calls_uncrossed.calls, step.calls_uncrossed.volume),
        (1, 30.0)
    );
    assert_eq!(
        (step.calls_crossed.calls, step.calls_crossed.volume),
        (1, 10.0)
    );
    assert_eq!(step.tables_unshared, ["orders"]);
    let icp = step
        .metrics
        .iter()
        .find(|m| m.metric == "icp")
        .expect("ICP changes");
    assert!(icp.after < icp.before);
    let reason = step.reason();
    assert!(
        reason.en.contains("1 call (volume 30) stops crossing"),
        "{}",
        reason.en
    );
    assert!(
        reason
            .en
            .contains("table orders is now written by one service"),
        "{}",
        reason.en
    );
    assert!(reason.ko.contains("orders"), "{}", reason.ko);

    // Pinned, it stays; and nothing else gains.
    let options = RefineOptions {
        pinned: vec!["b".into()],
        ..RefineOptions::default()
    };
    assert!(
        refine(&project, &split, &options)
            .expect("refined")
            .moves
            .is_empty()
    );

    // Constraints the split already breaks are named, not repaired.
    let options = RefineOptions {
        keep_apart: vec![("c1".into(), "c2".into())],
        ..RefineOptions::default()
    };
    let error = refine(&project, &split, &options).expect_err("already broken");
    assert_eq!(
        error.to_string(),
        "'c1' and 'c2' are to be kept apart but are both in Catalog"
    );
    let error = refine(
        &project,
        &split,
        &RefineOptions {
            pinned: vec!["ghost".into()],
            ..RefineOptions::default()
        },
    )
    .expect_err("unknown");
    assert!(error.to_string().contains("'ghost'"), "{error}");
}

#[test]
fn every_published_acmeair_partition_gets_a_lower_icp() {
    let mut names: Vec<String> = std::fs::read_dir(acmeair::dir().join("partitions"))
        .expect("the AcmeAir partitions")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    names.sort();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let project = acmeair::project(&names);
    assert_eq!(project.splits.len(), 13);
    for split in &project.splits {
        let refined = refine(&project, split, &RefineOptions::default()).expect("refined");
        let (before, after) = (
            refined.before.get(MetricId::Icp),
            refined.after.get(MetricId::Icp),
        );
        assert!(after < before, "{}: ICP {before} → {after}", split.name);
    }
}
