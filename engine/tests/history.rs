//! Change coupling and ownership on a real history: spring-petclinic's
//! `git log --numstat` of `src/main/java` (225 commits up to edf4db28, 2026-03-11, 221 changing a file,
//! in code-maat's format; `corpus/history/spring-petclinic.log`).
//!
//! `spring-petclinic.coupling.csv` is code-maat's `coupling` with its defaults
//! (classes as entities), computed by a separate re-implementation of
//! code-maat's published algorithm (`bench/code_maat_coupling.py`); checked by
//! hand on one pair:
//! `owner.PetRepository` and `visit.VisitRepository` appear in 7 commits each,
//! 6 of them with at most 30 files (83ff9a50e changes 45), 5 of those together:
//! 5 / 6 = 83 %.

use std::collections::BTreeMap;

use engine::formats::ImportLimits;
use engine::history::coupling::{CouplingOptions, coupling};
use engine::history::mapping::module_of;
use engine::history::ownership::ownership;
use engine::history::{change_sets, gitlog};

const LOG: &str = include_str!("corpus/history/spring-petclinic.log");
const EXPECTED: &str = include_str!("corpus/history/spring-petclinic.coupling.csv");

#[test]
fn coupling_equals_code_maat_on_a_real_history() {
    let commits = gitlog::parse("spring-petclinic.log", LOG, &ImportLimits::default()).unwrap();
    assert_eq!(
        commits.len(),
        221,
        "225 commits, 4 of them (merges) without a file"
    );
    let sets = change_sets(&commits, |path| module_of(&[], path));
    let ours: Vec<String> = coupling(&sets, &CouplingOptions::default())
        .iter()
        .map(|c| {
            format!(
                "{},{},{},{},{},{},{}",
                c.entity,
                c.coupled,
                c.degree,
                c.average_revs,
                c.entity_revs,
                c.coupled_revs,
                c.shared_revs
            )
        })
        .collect();
    let expected: Vec<&str> = EXPECTED.lines().skip(1).collect();
    assert_eq!(ours.len(), expected.len());
    assert_eq!(ours, expected);
    let prefix = "org.springframework.samples.petclinic.";
    assert_eq!(
        expected[0],
        format!("{prefix}owner.PetRepository,{prefix}visit.VisitRepository,83,6,6,6,5")
    );
}

#[test]
fn the_main_author_of_a_class_added_the_most_lines() {
    let commits = gitlog::parse("spring-petclinic.log", LOG, &ImportLimits::default()).unwrap();
    let teams = BTreeMap::from([("Dave Syer".to_string(), "Boot".to_string())]);
    let owners = ownership(&commits, |path| module_of(&[], path), &teams);
    let visits = owners
        .iter()
        .find(|o| o.module == "org.springframework.samples.petclinic.visit.VisitRepository")
        .unwrap();
    // By hand (awk over the log): Dave Syer 56 lines in 3 commits, Stephane
    // Nicoll 4 in 2, simrin051 2 in 1, Spring Operator 1 in 1.
    let shares: Vec<(&str, u64, u32)> = visits
        .authors
        .iter()
        .map(|a| (a.author.as_str(), a.added, a.commits))
        .collect();
    assert_eq!(
        shares,
        [
            ("Dave Syer", 56, 3),
            ("Stephane Nicoll", 4, 2),
            ("simrin051", 2, 1),
            ("Spring Operator", 1, 1),
        ]
    );
    assert_eq!(visits.main_team.as_deref(), Some("Boot"));
}

mod properties {
    use engine::history::coupling::{ChangeSet, CouplingOptions, coupling};
    use proptest::prelude::*;

    fn change_sets() -> impl Strategy<Value = Vec<ChangeSet>> {
        prop::collection::vec((0u32..40, prop::collection::vec(0u8..8, 1..12)), 1..60).prop_map(
            |sets| {
                sets.into_iter()
                    .enumerate()
                    .map(|(n, (day, entities))| ChangeSet {
                        revision: format!("r{n}"),
                        date: format!("2024-01-{:02}", day % 28 + 1),
                        entities: entities.iter().map(|e| format!("m{e}")).collect(),
                    })
                    .collect()
            },
        )
    }

    proptest! {
        #[test]
        fn pairs_are_ordered_bounded_and_independent_of_commit_order(
            sets in change_sets(),
            window in prop::option::of(1u32..5),
        ) {
            let options = CouplingOptions {
                min_revs: 1,
                min_shared_revs: 1,
                min_coupling: 0,
                max_changeset_size: 8,
                temporal_period_days: window,
                ..CouplingOptions::default()
            };
            let pairs = coupling(&sets, &options);
            for pair in &pairs {
                prop_assert!(pair.entity < pair.coupled);
                prop_assert!(pair.shared_revs <= pair.entity_revs.min(pair.coupled_revs));
                prop_assert!(pair.degree <= 100);
            }
            let mut reversed = sets.clone();
            reversed.reverse();
            prop_assert_eq!(coupling(&reversed, &options), pairs);
        }
    }
}
