//! Suggested splits: quality on Zachary's karate club, determinism, constraints,
//! target service counts and the explanation.

use engine::generate::{Algorithm, SuggestError, SuggestOptions, suggest};

mod karate;

#[test]
fn leiden_reaches_near_optimal_modularity_on_the_karate_club() {
    let project = karate::project();
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
    let s = suggest(&karate::project(), &options).unwrap();
    assert!(s.modularity >= 0.40, "modularity {}", s.modularity);
}

#[test]
fn the_same_seed_gives_the_same_split() {
    let options = SuggestOptions {
        seed: 7,
        ..SuggestOptions::default()
    };
    assert_eq!(
        suggest(&karate::project(), &options).unwrap(),
        suggest(&karate::project(), &options).unwrap()
    );
}

#[test]
fn reaches_the_target_number_of_services() {
    for wanted in [1, 2, 3, 6, 10, 34] {
        let options = SuggestOptions {
            services: Some(wanted),
            ..SuggestOptions::default()
        };
        let s = suggest(&karate::project(), &options).unwrap();
        assert_eq!(s.split.services.len(), wanted, "wanted {wanted}");
        let used: std::collections::HashSet<&String> = s.split.assignment.values().collect();
        assert_eq!(used.len(), wanted, "every service has modules");
    }
    let too_many = SuggestOptions {
        services: Some(35),
        ..SuggestOptions::default()
    };
    assert!(matches!(
        suggest(&karate::project(), &too_many),
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
    let s = suggest(&karate::project(), &options).unwrap();
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
        suggest(&karate::project(), &contradiction),
        Err(SuggestError::Contradiction(..))
    ));
    let unknown = SuggestOptions {
        keep_apart: vec![("m1".into(), "nope".into())],
        ..SuggestOptions::default()
    };
    assert_eq!(
        suggest(&karate::project(), &unknown)
            .unwrap_err()
            .to_string(),
        "constraint names 'nope', which is not a module that can be placed in a service"
    );
}

#[test]
fn explains_every_service_and_module() {
    let s = suggest(&karate::project(), &SuggestOptions::default()).unwrap();
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
    let mut project = karate::project();
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
    let mut project = karate::project();
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
