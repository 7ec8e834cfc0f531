//! Change coupling as code-maat's `coupling` analysis computes it (Tornhill,
//! code-maat `logical_coupling.clj`, `coupling_algos.clj`, `time_based_grouper.clj`):
//!
//! * a change set is the entities (modules) of one commit, one row per changed
//!   file that maps to a module, so a commit touching three files of one module
//!   counts three towards the change-set size;
//! * change sets with more rows than `max_changeset_size` are left out entirely,
//!   also from the revision counts;
//! * an entity's revisions are the change sets it is in; two entities' shared
//!   revisions the change sets they are both in;
//! * degree = shared / ((revs a + revs b) / 2) × 100, reported truncated;
//! * a pair is kept when the average revisions ≥ `min_revs`, shared ≥
//!   `min_shared_revs`, degree ≥ `min_coupling` and ⌊degree⌋ ≤ `max_coupling`;
//! * with a temporal period of N days, the days from the first to the last
//!   commit are slid over in windows of N days (whole windows only); each window
//!   with commits is one change set named after its latest commit day, and
//!   windows ending on the same commit day are one change set.

use std::collections::{BTreeMap, BTreeSet};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

/// code-maat's thresholds, with its defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CouplingOptions {
    /// Least average revisions of a pair (code-maat `--min-revs`, 5).
    pub min_revs: u32,
    /// Least shared revisions (`--min-shared-revs`, 5).
    pub min_shared_revs: u32,
    /// Least degree, in percent (`--min-coupling`, 30).
    pub min_coupling: u32,
    /// Greatest degree, in percent (`--max-coupling`, 100).
    pub max_coupling: u32,
    /// Change sets with more rows are ignored (`--max-changeset-size`, 30).
    pub max_changeset_size: usize,
    /// Commits within this many days form one change set (`--temporal-period`, off).
    pub temporal_period_days: Option<u32>,
}

impl Default for CouplingOptions {
    fn default() -> Self {
        CouplingOptions {
            min_revs: 5,
            min_shared_revs: 5,
            min_coupling: 30,
            max_coupling: 100,
            max_changeset_size: 30,
            temporal_period_days: None,
        }
    }
}

/// One change set: its name (a commit id, or a day with a temporal period) and
/// its entity rows (one per changed file, duplicates kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeSet {
    /// The commit id, or the day the change set is named after.
    pub revision: String,
    /// The commit day, `YYYY-MM-DD`.
    pub date: String,
    /// One entity per changed file that maps to one.
    pub entities: Vec<String>,
}

/// Two entities that change together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoChange {
    /// The first entity (the smaller name).
    pub entity: String,
    /// The other entity.
    pub coupled: String,
    /// Shared over average revisions, in percent, truncated.
    pub degree: u32,
    /// The pair's average revisions, rounded up.
    pub average_revs: u32,
    /// Revisions of `entity`.
    pub entity_revs: u32,
    /// Revisions of `coupled`.
    pub coupled_revs: u32,
    /// Change sets both are in.
    pub shared_revs: u32,
}

/// The change coupling of all entity pairs that pass the thresholds, strongest
/// first (by degree, then average revisions, both descending, then by name).
pub fn coupling(change_sets: &[ChangeSet], options: &CouplingOptions) -> Vec<CoChange> {
    let windowed;
    let change_sets = match options.temporal_period_days {
        Some(days) => {
            windowed = by_temporal_period(change_sets, days.max(1));
            &windowed
        }
        None => change_sets,
    };
    // Change sets with the same name are one (as code-maat groups rows by revision).
    let mut by_revision: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut order: Vec<&str> = Vec::new();
    for set in change_sets {
        let rows = by_revision.entry(&set.revision).or_insert_with(|| {
            order.push(&set.revision);
            Vec::new()
        });
        rows.extend(set.entities.iter().map(String::as_str));
    }
    let mut revisions: FxHashMap<&str, u32> = FxHashMap::default();
    let mut shared: FxHashMap<(&str, &str), u32> = FxHashMap::default();
    for revision in order {
        let rows = &by_revision[revision];
        if rows.len() > options.max_changeset_size {
            continue;
        }
        let distinct: BTreeSet<&str> = rows.iter().copied().collect();
        for entity in &distinct {
            *revisions.entry(entity).or_default() += 1;
        }
        let distinct: Vec<&str> = distinct.into_iter().collect();
        for (i, a) in distinct.iter().enumerate() {
            for b in &distinct[i + 1..] {
                *shared.entry((a, b)).or_default() += 1;
            }
        }
    }
    let mut pairs: Vec<CoChange> = shared
        .into_iter()
        .filter_map(|((a, b), shared_revs)| {
            let (revs_a, revs_b) = (revisions[a], revisions[b]);
            let average = (f64::from(revs_a) + f64::from(revs_b)) / 2.0;
            let degree = f64::from(shared_revs) / average * 100.0;
            let within = average >= f64::from(options.min_revs)
                && shared_revs >= options.min_shared_revs
                && degree >= f64::from(options.min_coupling)
                && degree.floor() <= f64::from(options.max_coupling);
            within.then(|| CoChange {
                entity: a.to_string(),
                coupled: b.to_string(),
                degree: degree as u32,
                average_revs: average.ceil() as u32,
                entity_revs: revs_a,
                coupled_revs: revs_b,
                shared_revs,
            })
        })
        .collect();
    pairs.sort_by(|x, y| {
        (y.degree, y.average_revs)
            .cmp(&(x.degree, x.average_revs))
            .then_with(|| (&x.entity, &x.coupled).cmp(&(&y.entity, &y.coupled)))
    });
    pairs
}

/// code-maat's sliding windows: every run of `days` consecutive days from the
/// first to the last commit day (whole windows only) that holds commits becomes
/// one change set of its distinct entities, named after its latest commit day.
fn by_temporal_period(change_sets: &[ChangeSet], days: u32) -> Vec<ChangeSet> {
    let mut by_day: BTreeMap<i64, Vec<&ChangeSet>> = BTreeMap::new();
    for set in change_sets {
        if let Some(day) = day_number(&set.date) {
            by_day.entry(day).or_default().push(set);
        }
    }
    let (Some(&first), Some(&last)) = (by_day.keys().next(), by_day.keys().next_back()) else {
        return Vec::new();
    };
    let days = i64::from(days);
    let mut windows = Vec::new();
    for start in first..=last - days + 1 {
        let sets: Vec<&ChangeSet> = by_day
            .range(start..start + days)
            .flat_map(|(_, sets)| sets.iter().copied())
            .collect();
        let Some(latest) = sets.iter().map(|s| s.date.as_str()).max() else {
            continue;
        };
        let mut seen = BTreeSet::new();
        let entities: Vec<String> = sets
            .iter()
            .flat_map(|s| s.entities.iter())
            .filter(|e| seen.insert(e.as_str()))
            .cloned()
            .collect();
        windows.push(ChangeSet {
            revision: latest.to_string(),
            date: latest.to_string(),
            entities,
        });
    }
    windows
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date (the civil-from-days inverse,
/// Howard Hinnant's algorithm).
pub fn day_number(date: &str) -> Option<i64> {
    let mut parts = date.splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts
        .next()?
        .parse()
        .ok()
        .filter(|m| (1..=12).contains(m))?;
    let day: i64 = parts
        .next()?
        .parse()
        .ok()
        .filter(|d| (1..=31).contains(d))?;
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(revision: &str, date: &str, entities: &[&str]) -> ChangeSet {
        ChangeSet {
            revision: revision.into(),
            date: date.into(),
            entities: entities.iter().map(|e| e.to_string()).collect(),
        }
    }

    fn loose() -> CouplingOptions {
        CouplingOptions {
            min_revs: 1,
            min_shared_revs: 1,
            min_coupling: 0,
            ..CouplingOptions::default()
        }
    }

    /// code-maat's own test (`logical_coupling_test.clj`, thresholds of
    /// `options-with-low-thresholds`): A, B, C change in revision 1, A and B in 2.
    #[test]
    fn matches_code_maats_own_test() {
        let options = CouplingOptions {
            min_revs: 1,
            min_shared_revs: 1,
            min_coupling: 50,
            max_coupling: 100,
            max_changeset_size: 10,
            temporal_period_days: None,
        };
        let sets = [
            set("1", "2013-01-01", &["A", "B", "C"]),
            set("2", "2013-01-02", &["A", "B"]),
        ];
        let pairs = coupling(&sets, &options);
        let rows: Vec<(&str, &str, u32, u32, u32, u32, u32)> = pairs
            .iter()
            .map(|c| {
                (
                    c.entity.as_str(),
                    c.coupled.as_str(),
                    c.degree,
                    c.average_revs,
                    c.entity_revs,
                    c.coupled_revs,
                    c.shared_revs,
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                ("A", "B", 100, 2, 2, 2, 2),
                ("A", "C", 66, 2, 2, 1, 1),
                ("B", "C", 66, 2, 2, 1, 1),
            ]
        );
        // The defaults need 5 shared revisions.
        assert!(coupling(&sets, &CouplingOptions::default()).is_empty());
    }

    #[test]
    fn big_change_sets_are_left_out_counting_every_file() {
        let options = CouplingOptions {
            max_changeset_size: 2,
            ..loose()
        };
        let sets = [
            set("1", "2020-01-01", &["A", "B"]),
            set("2", "2020-01-02", &["A", "A", "B"]),
        ];
        let pairs = coupling(&sets, &options);
        assert_eq!((pairs[0].entity_revs, pairs[0].shared_revs), (1, 1));
    }

    #[test]
    fn thresholds_apply_to_the_average_revisions_and_the_degree() {
        let mut sets = Vec::new();
        for n in 0..6 {
            sets.push(set(&format!("c{n}"), "2020-01-01", &["A", "B"]));
        }
        for n in 0..14 {
            sets.push(set(&format!("d{n}"), "2020-01-01", &["A"]));
        }
        // A 20 revisions, B 6, shared 6: 6 / 13 = 46.15 %.
        let pairs = coupling(&sets, &CouplingOptions::default());
        assert_eq!((pairs[0].degree, pairs[0].average_revs), (46, 13));
        let strict = CouplingOptions {
            min_coupling: 47,
            ..CouplingOptions::default()
        };
        assert!(coupling(&sets, &strict).is_empty());
        let capped = CouplingOptions {
            max_coupling: 45,
            ..CouplingOptions::default()
        };
        assert!(coupling(&sets, &capped).is_empty());
    }

    #[test]
    fn a_temporal_period_joins_commits_of_nearby_days() {
        let sets = [
            set("1", "2020-01-01", &["A"]),
            set("2", "2020-01-02", &["B"]),
            set("3", "2020-01-05", &["A"]),
        ];
        assert!(coupling(&sets, &loose()).is_empty());
        let options = CouplingOptions {
            temporal_period_days: Some(2),
            ..loose()
        };
        // Windows [1,2] [2,3] [3,4] [4,5]: {A,B} named 01-02, {B} named 01-02
        // (the same change set), {A} named 01-05. A 2 revisions, B 1, shared 1.
        let pairs = coupling(&sets, &options);
        assert_eq!(
            (
                pairs[0].entity_revs,
                pairs[0].coupled_revs,
                pairs[0].shared_revs
            ),
            (2, 1, 1)
        );
    }

    #[test]
    fn day_numbers_count_from_1970() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(day_number("2000-03-01"), Some(11_017));
        assert_eq!(
            day_number("2024-02-29")
                .zip(day_number("2024-03-01"))
                .map(|(a, b)| b - a),
            Some(1)
        );
        assert_eq!(day_number("2024-13-01"), None);
    }
}
