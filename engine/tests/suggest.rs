//! Suggested splits: quality on Zachary's karate club, determinism, constraints,
//! target service counts and the explanation.

use engine::generate::{Algorithm, SuggestError, SuggestOptions, suggest};
use engine::model::{Call, Module, Project};

/// Zachary's karate club (W. W. Zachary, J. Anthropol. Res. 33, 1977): 34
/// members, 78 friendships, as adjacency rows `member: friends with higher numbers`.
const KARATE: &str = "0: 1 2 3 4 5 6 7 8 10 11 12 13 17 19 21 31
1: 2 3 7 13 17 19 21 30
2: 3 7 8 9 13 27 28 32
3: 7 12 13
4: 6 10
5: 6 10 16
6: 16
8: 30 32 33
9: 33
13: 33
14: 32 33
15: 32 33
18: 32 33
19: 33
20: 32 33
22: 32 33
23: 25 27 29 32 33
24: 25 27 31
25: 31
26: 29 33
27: 33
28: 31 33
29: 32 33
30: 32 33
31: 32 33
32: 33";

fn karate() -> Project {
    let mut project = Project::new("karate");
    project.modules = (0..34).map(|i| Module::new(format!("m{i}"))).collect();
    for line in KARATE.lines() {
        let (a, rest) = line.split_once(':').unwrap();
        for b in rest.split_whitespace() {
            project
                .calls
                .push(Call::new(format!("m{a}"), format!("m{b}")));
        }
    }
    assert_eq!(project.calls.len(), 78);
    project
}

#[test]
fn leiden_reaches_near_optimal_modularity_on_the_karate_club() {
    let project = karate();
    for seed in 1..=10 {
        let s = suggest(
            &project,
            &SuggestOptions {
                seed,
                ..SuggestOptions::default()
            },
        )
        .unwrap();
        assert!(
            s.modularity >= 0.41,
            "seed {seed}: modularity {}",
            s.modularity
        );
        assert_eq!(s.split.assignment.len(), 34);
    }
}

#[test]
fn louvain_also_finds_good_communities() {
    let options = SuggestOptions {
        algorithm: Algorithm::Louvain,
        ..SuggestOptions::default()
    };
    let s = suggest(&karate(), &options).unwrap();
    assert!(s.modularity >= 0.40, "modularity {}", s.modularity);
}

#[test]
fn the_same_seed_gives_the_same_split() {
    let options = SuggestOptions {
        seed: 7,
        ..SuggestOptions::default()
    };
    assert_eq!(
        suggest(&karate(), &options).unwrap(),
        suggest(&karate(), &options).unwrap()
    );
}

#[test]
fn reaches_the_target_number_of_services() {
    for wanted in [1, 2, 3, 6, 10, 34] {
        let options = SuggestOptions {
            services: Some(wanted),
            ..SuggestOptions::default()
        };
        let s = suggest(&karate(), &options).unwrap();
        assert_eq!(s.split.services.len(), wanted, "wanted {wanted}");
        let used: std::collections::HashSet<&String> = s.split.assignment.values().collect();
        assert_eq!(used.len(), wanted, "every service has modules");
    }
    let too_many = SuggestOptions {
        services: Some(35),
        ..SuggestOptions::default()
    };
    assert!(matches!(
        suggest(&karate(), &too_many),
        Err(SuggestError::ImpossibleTarget { .. })
    ));
}

#[test]
fn honours_keep_together_and_keep_apart() {
    let options = SuggestOptions {
        keep_together: vec![vec!["m0".into(), "m33".into()]],
        keep_apart: vec![("m1".into(), "m2".into()), ("m32".into(), "m33".into())],
        services: Some(3),
        ..SuggestOptions::default()
    };
    let s = suggest(&karate(), &options).unwrap();
    let a = &s.split.assignment;
    assert_eq!(a["m0"], a["m33"]);
    assert_ne!(a["m1"], a["m2"]);
    assert_ne!(a["m32"], a["m33"]);
    assert_eq!(s.split.services.len(), 3);

    let contradiction = SuggestOptions {
        keep_together: vec![vec!["m0".into(), "m1".into()]],
        keep_apart: vec![("m1".into(), "m0".into())],
        ..SuggestOptions::default()
    };
    assert!(matches!(
        suggest(&karate(), &contradiction),
        Err(SuggestError::Contradiction(..))
    ));
    let unknown = SuggestOptions {
        keep_apart: vec![("m1".into(), "nope".into())],
        ..SuggestOptions::default()
    };
    assert_eq!(
        suggest(&karate(), &unknown).unwrap_err().to_string(),
        "constraint names 'nope', which is not a module that can be placed in a service"
    );
}

#[test]
fn explains_every_service_and_module() {
    let s = suggest(&karate(), &SuggestOptions::default()).unwrap();
    assert_eq!(s.explanation.len(), s.split.services.len());
    let placed: usize = s.explanation.iter().map(|e| e.placements.len()).sum();
    assert_eq!(placed, 34);
    for service in &s.explanation {
        assert!(!service.ties.is_empty() && service.ties.len() <= 3);
        for p in &service.placements {
            assert!(
                p.reason.en.starts_with("Strongest tie is to"),
                "{}",
                p.reason.en
            );
            assert!(!p.reason.ko.is_empty());
        }
    }
}

#[test]
fn names_services_after_a_shared_capability() {
    let mut project = karate();
    for m in project.modules.iter_mut().take(17) {
        m.capability = Some("Instructor".into());
    }
    let s = suggest(
        &project,
        &SuggestOptions {
            services: Some(2),
            ..SuggestOptions::default()
        },
    )
    .unwrap();
    assert!(
        s.split
            .services
            .iter()
            .any(|service| service.name == "Instructor"),
        "{:?}",
        s.split.services
    );
}

#[test]
fn merges_many_unlinked_modules_down_to_a_few_services() {
    let mut project = karate();
    project
        .modules
        .extend((0..5_000).map(|i| engine::model::Module::new(format!("alone{i}"))));
    for wanted in [1, 4] {
        let options = SuggestOptions {
            services: Some(wanted),
            keep_apart: vec![("m0".into(), "m33".into())],
            ..SuggestOptions::default()
        };
        let s = suggest(&project, &options).unwrap();
        let wanted = wanted.max(2);
        assert_eq!(s.split.services.len(), wanted);
        assert_eq!(s.split.assignment.len(), 5_034);
        assert_ne!(s.split.assignment["m0"], s.split.assignment["m33"]);
    }
}
