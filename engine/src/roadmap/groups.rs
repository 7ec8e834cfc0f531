//! Which services leave the monolith in one step: those in a small dependency
//! cycle (extracting one would leave the others calling back through the
//! monolith), and those writing a table the team decided not to split.

use serde::{Deserialize, Serialize};

use crate::metrics::Scorer;
use crate::model::RoadmapPlan;
use crate::text::Text;

/// Services that move out in one step (service numbers in split order), and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    /// The services, in split order.
    pub services: Vec<u32>,
    /// Why they go together.
    pub reason: GroupReason,
}

/// Why several services move out in one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GroupReason {
    /// One service on its own.
    Alone,
    /// They depend on each other in a cycle.
    Cycle,
    /// They write tables the team keeps shared.
    KeptTables {
        /// The tables.
        tables: Vec<String>,
    },
    /// Both: a cycle, and tables the team keeps shared.
    CycleAndTables {
        /// The tables.
        tables: Vec<String>,
    },
}

impl GroupReason {
    /// The reason in words; `None` for a service on its own.
    pub fn text(&self) -> Option<Text> {
        let tables = |tables: &[String]| tables.join(", ");
        match self {
            GroupReason::Alone => None,
            GroupReason::Cycle => Some(Text::new(
                "서로 순환 의존하므로 함께 옮깁니다",
                "they depend on each other in a cycle, so they move together",
            )),
            GroupReason::KeptTables { tables: t } => Some(Text::new(
                format!(
                    "함께 쓰는 테이블을 나누지 않기로 했으므로 함께 옮깁니다: {}",
                    tables(t)
                ),
                format!("they write tables the team keeps shared: {}", tables(t)),
            )),
            GroupReason::CycleAndTables { tables: t } => Some(Text::new(
                format!(
                    "서로 순환 의존하고, 함께 쓰는 테이블을 나누지 않기로 했으므로 함께 옮깁니다: {}",
                    tables(t)
                ),
                format!(
                    "they depend on each other in a cycle and write tables the team keeps shared: {}",
                    tables(t)
                ),
            )),
        }
    }
}

/// The groups of a split, ordered by their first service. `scorer` scores the
/// whole split (its cycles and table writers are read).
pub fn groups(scorer: &Scorer, plan: &RoadmapPlan) -> Vec<Group> {
    let k = scorer.service_count() as usize;
    let mut parent: Vec<usize> = (0..k).collect();
    let mut in_cycle = vec![false; k];
    let mut tables_of: Vec<Vec<String>> = vec![Vec::new(); k];
    let grouped_cycle =
        |size: usize| plan.cycle_group_max >= 2 && size <= plan.cycle_group_max as usize;
    for cycle in &scorer.service_graph().cycles {
        if grouped_cycle(cycle.len()) {
            for pair in cycle.windows(2) {
                union(&mut parent, pair[0] as usize, pair[1] as usize);
            }
            for &s in cycle {
                in_cycle[s as usize] = true;
            }
        }
    }
    let graph = scorer.graph();
    for table in &plan.kept_tables {
        let Some(t) = graph.tables.get(table) else {
            continue;
        };
        let mut writers: Vec<u32> = scorer.table_writers[t as usize].keys().copied().collect();
        writers.sort_unstable();
        if writers.len() < 2 {
            continue;
        }
        for pair in writers.windows(2) {
            union(&mut parent, pair[0] as usize, pair[1] as usize);
        }
        for &s in &writers {
            tables_of[s as usize].push(table.clone());
        }
    }
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of_root = vec![usize::MAX; k];
    for s in 0..k {
        let root = find(&mut parent, s);
        if group_of_root[root] == usize::MAX {
            group_of_root[root] = groups.len();
            groups.push(Group {
                services: Vec::new(),
                reason: GroupReason::Alone,
            });
        }
        groups[group_of_root[root]].services.push(s as u32);
    }
    for group in &mut groups {
        if group.services.len() < 2 {
            continue;
        }
        let cycle = group.services.iter().any(|&s| in_cycle[s as usize]);
        let mut tables: Vec<String> = group
            .services
            .iter()
            .flat_map(|&s| tables_of[s as usize].iter().cloned())
            .collect();
        tables.sort();
        tables.dedup();
        group.reason = match (cycle, tables.is_empty()) {
            (true, true) => GroupReason::Cycle,
            (true, false) => GroupReason::CycleAndTables { tables },
            (false, _) => GroupReason::KeptTables { tables },
        };
    }
    groups
}

fn find(parent: &mut [usize], x: usize) -> usize {
    let mut root = x;
    while parent[root] != root {
        root = parent[root];
    }
    let mut at = x;
    while parent[at] != root {
        let next = parent[at];
        parent[at] = root;
        at = next;
    }
    root
}

fn union(parent: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        parent[ra.max(rb)] = ra.min(rb);
    }
}
