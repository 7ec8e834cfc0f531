//! Evidence from a team's change history (`git log --numstat`): which modules
//! change together (code-maat's change coupling), who works on them
//! (ownership), and what that says about a split.

pub mod coupling;
pub mod gitlog;
pub mod mapping;
pub mod ownership;

use std::collections::{BTreeMap, BTreeSet};

use coupling::{ChangeSet, CoChange};
use gitlog::Commit;
use ownership::Ownership;

/// The change sets of `commits` with their files mapped to modules (one entity
/// row per file that maps to one; files of no module are left out, as code-maat
/// leaves out files outside every group).
pub fn change_sets(
    commits: &[Commit],
    module_of: impl Fn(&str) -> Option<String>,
) -> Vec<ChangeSet> {
    commits
        .iter()
        .map(|commit| ChangeSet {
            revision: commit.id.clone(),
            date: commit.date.clone(),
            entities: commit
                .changes
                .iter()
                .filter_map(|change| module_of(&change.path))
                .collect(),
        })
        .filter(|set| !set.entities.is_empty())
        .collect()
}

/// The share of co-change that crosses services: shared revisions of the coupled
/// pairs whose modules sit in two services, over those of all pairs placed in
/// the split. `None` when no coupled pair is placed.
pub fn cross_service_co_change<'a>(
    pairs: &[CoChange],
    service_of: impl Fn(&str) -> Option<&'a str>,
) -> Option<f64> {
    let (mut crossing, mut placed) = (0u64, 0u64);
    for pair in pairs {
        if let (Some(a), Some(b)) = (service_of(&pair.entity), service_of(&pair.coupled)) {
            placed += u64::from(pair.shared_revs);
            if a != b {
                crossing += u64::from(pair.shared_revs);
            }
        }
    }
    (placed > 0).then(|| crossing as f64 / placed as f64)
}

/// The distinct main teams of each service's modules (from authorship), by
/// service id; modules with no known team are not counted.
pub fn teams_per_service<'a>(
    owners: &[Ownership],
    service_of: impl Fn(&str) -> Option<&'a str>,
) -> BTreeMap<&'a str, BTreeSet<String>> {
    let mut teams: BTreeMap<&'a str, BTreeSet<String>> = BTreeMap::new();
    for owner in owners {
        if let (Some(service), Some(team)) = (service_of(&owner.module), &owner.main_team) {
            teams.entry(service).or_default().insert(team.clone());
        }
    }
    teams
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::gitlog::FileChange;

    fn pair(a: &str, b: &str, shared: u32) -> CoChange {
        CoChange {
            entity: a.into(),
            coupled: b.into(),
            degree: 50,
            average_revs: 10,
            entity_revs: 10,
            coupled_revs: 10,
            shared_revs: shared,
        }
    }

    #[test]
    fn crossing_co_change_is_weighted_by_shared_revisions() {
        let pairs = [pair("a", "b", 6), pair("a", "c", 2), pair("c", "x", 9)];
        let service = |m: &str| match m {
            "a" | "b" => Some("s1"),
            "c" => Some("s2"),
            _ => None,
        };
        assert_eq!(cross_service_co_change(&pairs, service), Some(2.0 / 8.0));
        assert_eq!(cross_service_co_change(&pairs[2..], service), None);
    }

    #[test]
    fn change_sets_keep_one_row_per_mapped_file() {
        let commit = Commit {
            id: "1".into(),
            author: "Ann".into(),
            date: "2024-01-01".into(),
            changes: ["order/a", "order/b", "README"]
                .iter()
                .map(|p| FileChange {
                    path: p.to_string(),
                    added: Some(1),
                    deleted: Some(0),
                })
                .collect(),
        };
        let sets = change_sets(&[commit], |p| p.split_once('/').map(|(m, _)| m.to_string()));
        assert_eq!(sets[0].entities, ["order", "order"]);
    }

    #[test]
    fn teams_per_service_count_distinct_main_teams() {
        let owner = |module: &str, team: Option<&str>| Ownership {
            module: module.into(),
            authors: Vec::new(),
            main_team: team.map(str::to_string),
        };
        let owners = [
            owner("a", Some("Pay")),
            owner("b", Some("Pay")),
            owner("c", Some("Core")),
            owner("d", None),
        ];
        let teams = teams_per_service(&owners, |_| Some("s1"));
        assert_eq!(teams["s1"].len(), 2);
    }
}
