//! What a team decided about the migration roadmap of one split: the order it
//! settled on, the services it wants out first, the orders it ruled out, the
//! shared tables it will not split, and who takes each step. Everything else
//! (the cheapest order, each step's tasks) is computed from the model.

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

use super::Split;
use super::lengths::{MAX_NAME_CHARS, MAX_TEXT_CHARS, over};
use crate::text::Text;

/// At most this many ruled-out orders and kept tables per roadmap: enough
/// for any workshop, and a bound on what one plan can make every load carry.
pub const MAX_PLAN_ENTRIES: usize = 1_000;

/// Services in a dependency cycle of at most this many move out in one step
/// unless the team says otherwise; a bigger cycle would make one big-bang step,
/// so it is opened step by step (each step says so).
pub const DEFAULT_CYCLE_GROUP_MAX: u32 = 3;

/// The team's decisions about one split's roadmap. The default (nothing
/// decided) plans the cheapest order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoadmapPlan {
    /// The extraction order the team settled on, as service ids (a group's
    /// place is that of its first service listed); empty for the cheapest order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub order: Vec<String>,
    /// Services to extract first, in this order (business priority).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub first: Vec<String>,
    /// Orders the team ruled out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub not_before: Vec<NotBefore>,
    /// Tables written by several services that the team decided not to split:
    /// the services writing each move out in one step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kept_tables: Vec<String>,
    /// Services in a dependency cycle of at most this many move out in one
    /// step; 0 or 1 never groups them.
    #[serde(
        default = "default_cycle_group_max",
        skip_serializing_if = "is_default_cycle_group_max"
    )]
    pub cycle_group_max: u32,
    /// Who takes a step and what the team noted about it, by the step's first
    /// service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<StepNote>,
}

impl Default for RoadmapPlan {
    fn default() -> Self {
        RoadmapPlan {
            order: Vec::new(),
            first: Vec::new(),
            not_before: Vec::new(),
            kept_tables: Vec::new(),
            cycle_group_max: DEFAULT_CYCLE_GROUP_MAX,
            notes: Vec::new(),
        }
    }
}

impl RoadmapPlan {
    /// True when the team decided nothing (nothing to store).
    pub fn is_default(&self) -> bool {
        *self == RoadmapPlan::default()
    }

    /// Forgets a service that left the split: it leaves the order, the pins,
    /// the ruled-out orders and the notes.
    pub fn forget_service(&mut self, service: &str) {
        self.order.retain(|s| s != service);
        self.first.retain(|s| s != service);
        self.not_before
            .retain(|n| n.later != service && n.earlier != service);
        self.notes.retain(|n| n.service != service);
    }

    /// What is wrong with the plan for a split with `services` (ids): a
    /// service named that the split lacks or named twice, an order that leaves
    /// services out, a service ruled out before itself, too many entries or
    /// too long a text. Whether the order keeps the pins is the planner's to
    /// say (it needs the model).
    pub fn problems(&self, services: &FxHashSet<&str>) -> Vec<Text> {
        let mut problems = Vec::new();
        let known = |id: &str, problems: &mut Vec<Text>| {
            let ok = services.contains(id);
            if !ok {
                problems.push(Text::new(
                    format!("분해안에 없는 서비스 '{id}'"),
                    format!("the split has no service '{id}'"),
                ));
            }
            ok
        };
        for (list, ko, en) in [
            (&self.order, "순서", "the order"),
            (&self.first, "먼저 뺄 서비스", "the services first"),
        ] {
            let mut seen = FxHashSet::default();
            for id in list {
                if known(id, &mut problems) && !seen.insert(id.as_str()) {
                    problems.push(Text::new(
                        format!("{ko}에 서비스 '{id}'가 두 번 있습니다"),
                        format!("{en} names service '{id}' twice"),
                    ));
                }
            }
        }
        if !self.order.is_empty() {
            let listed: FxHashSet<&str> = self.order.iter().map(String::as_str).collect();
            let mut missing: Vec<&str> = services
                .iter()
                .copied()
                .filter(|s| !listed.contains(s))
                .collect();
            missing.sort_unstable();
            if !missing.is_empty() {
                problems.push(Text::new(
                    format!("순서에 빠진 서비스: {}", missing.join(", ")),
                    format!("the order leaves out: {}", missing.join(", ")),
                ));
            }
        }
        let mut pairs = FxHashSet::default();
        for rule in &self.not_before {
            let both = known(&rule.later, &mut problems) & known(&rule.earlier, &mut problems);
            if both && rule.later == rule.earlier {
                problems.push(Text::new(
                    format!(
                        "서비스 '{}'를 자기 자신보다 뒤로 둘 수 없습니다",
                        rule.later
                    ),
                    format!("service '{}' cannot come after itself", rule.later),
                ));
            } else if both && !pairs.insert((rule.later.as_str(), rule.earlier.as_str())) {
                problems.push(Text::new(
                    format!(
                        "'{}'는 '{}' 다음이라는 조건이 두 번 있습니다",
                        rule.later, rule.earlier
                    ),
                    format!("'{}' after '{}' is listed twice", rule.later, rule.earlier),
                ));
            }
        }
        let mut noted = FxHashSet::default();
        for note in &self.notes {
            if known(&note.service, &mut problems) && !noted.insert(note.service.as_str()) {
                problems.push(Text::new(
                    format!("서비스 '{}'의 단계 메모가 두 개입니다", note.service),
                    format!("the step of service '{}' has two notes", note.service),
                ));
            }
            if over(&note.owner, MAX_NAME_CHARS) || over(&note.note, MAX_TEXT_CHARS) {
                problems.push(Text::new(
                    format!(
                        "서비스 '{}' 단계의 담당 팀은 {MAX_NAME_CHARS}자, 메모는 {MAX_TEXT_CHARS}자까지 쓸 수 있습니다",
                        note.service
                    ),
                    format!(
                        "the step of service '{}': its owner may have {MAX_NAME_CHARS} characters, its note {MAX_TEXT_CHARS}",
                        note.service
                    ),
                ));
            }
        }
        if self.not_before.len() > MAX_PLAN_ENTRIES || self.kept_tables.len() > MAX_PLAN_ENTRIES {
            problems.push(Text::new(
                format!("제외한 순서와 유지할 테이블은 각각 {MAX_PLAN_ENTRIES}개까지입니다"),
                format!(
                    "at most {MAX_PLAN_ENTRIES} ruled-out orders and {MAX_PLAN_ENTRIES} kept tables"
                ),
            ));
        }
        if self.kept_tables.iter().any(|t| over(t, MAX_NAME_CHARS)) {
            problems.push(Text::new(
                format!("테이블 이름은 {MAX_NAME_CHARS}자까지입니다"),
                format!("a table name may have {MAX_NAME_CHARS} characters"),
            ));
        }
        problems
    }

    /// What changed from this plan to `after`, for the project history, with
    /// services named as the split names them.
    pub fn change_summary(&self, after: &RoadmapPlan, split: &Split) -> Text {
        let name = |id: &str| {
            split
                .services
                .iter()
                .find(|s| s.id == id)
                .map_or(id.to_string(), |s| s.label().to_string())
        };
        let names = |ids: &[String]| {
            const NAMED: usize = 6;
            let mut shown: Vec<String> = ids.iter().take(NAMED).map(|id| name(id)).collect();
            if ids.len() > NAMED {
                shown.push("…".into());
            }
            shown.join(" → ")
        };
        let mut parts: Vec<(String, String)> = Vec::new();
        if self.order != after.order {
            parts.push(if after.order.is_empty() {
                (
                    "가장 비용이 적은 순서로".into(),
                    "back to the cheapest order".into(),
                )
            } else {
                let order = names(&after.order);
                (format!("순서 {order}"), format!("order {order}"))
            });
        }
        if self.first != after.first {
            parts.push(if after.first.is_empty() {
                (
                    "먼저 뺄 서비스 없음".into(),
                    "no service pinned first".into(),
                )
            } else {
                let first = names(&after.first);
                (format!("먼저: {first}"), format!("first: {first}"))
            });
        }
        for rule in after
            .not_before
            .iter()
            .filter(|r| !self.not_before.contains(r))
        {
            let (later, earlier) = (name(&rule.later), name(&rule.earlier));
            parts.push((
                format!("{later}는 {earlier} 다음에"),
                format!("{later} not before {earlier}"),
            ));
        }
        for rule in self
            .not_before
            .iter()
            .filter(|r| !after.not_before.contains(r))
        {
            let (later, earlier) = (name(&rule.later), name(&rule.earlier));
            parts.push((
                format!("{later}–{earlier} 순서 조건 해제"),
                format!("{later} may come before {earlier} again"),
            ));
        }
        if self.kept_tables != after.kept_tables {
            let tables = after.kept_tables.join(", ");
            parts.push(if tables.is_empty() {
                (
                    "함께 옮길 테이블 없음".into(),
                    "no table kept shared".into(),
                )
            } else {
                (
                    format!("함께 옮길 테이블: {tables}"),
                    format!("tables kept shared: {tables}"),
                )
            });
        }
        if self.cycle_group_max != after.cycle_group_max {
            let n = after.cycle_group_max;
            parts.push(if n < 2 {
                (
                    "순환 의존 서비스도 따로 옮김".into(),
                    "services in a cycle move apart".into(),
                )
            } else {
                (
                    format!("서비스 {n}개까지의 순환은 한 단계에"),
                    format!("cycles of up to {n} services move in one step"),
                )
            });
        }
        for note in after.notes.iter().filter(|n| !self.notes.contains(n)) {
            let step = name(&note.service);
            parts.push((
                format!("{step} 단계: 담당 {} · {}", note.owner, note.note),
                format!("step {step}: owner {} · {}", note.owner, note.note),
            ));
        }
        if parts.is_empty() {
            parts.push(("변경 없음".into(), "unchanged".into()));
        }
        let (ko, en): (Vec<String>, Vec<String>) = parts.into_iter().unzip();
        Text::new(
            format!("로드맵 ({}): {}", split.name, ko.join("; ")),
            format!("Roadmap ({}): {}", split.name, en.join("; ")),
        )
    }

    /// The note of the step led by `service`, if the team wrote one.
    pub fn note(&self, service: &str) -> Option<&StepNote> {
        self.notes.iter().find(|n| n.service == service)
    }
}

/// An order the team ruled out: `later` is not extracted before `earlier`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotBefore {
    /// The service that must wait (id).
    pub later: String,
    /// The service that goes first (id).
    pub earlier: String,
}

/// Who takes one step and what the team noted about it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepNote {
    /// The step's first service (id).
    pub service: String,
    /// The team that takes the step.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// Free text.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

fn default_cycle_group_max() -> u32 {
    DEFAULT_CYCLE_GROUP_MAX
}

fn is_default_cycle_group_max(value: &u32) -> bool {
    *value == DEFAULT_CYCLE_GROUP_MAX
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::{Edit, Object};

    fn demo() -> crate::model::Project {
        let mut project = crate::demo::project();
        for (ix, split) in project.splits.iter_mut().enumerate() {
            split.id = format!("s{ix}");
        }
        project
    }

    #[test]
    fn a_plan_naming_what_the_split_lacks_or_twice_is_refused() {
        let mut project = demo();
        let services: Vec<String> = project.splits[0]
            .services
            .iter()
            .map(|s| s.id.clone())
            .collect();
        project.splits[0].roadmap = RoadmapPlan {
            order: vec![services[0].clone(), services[0].clone()],
            first: vec!["nobody".into()],
            not_before: vec![NotBefore {
                later: services[1].clone(),
                earlier: services[1].clone(),
            }],
            ..RoadmapPlan::default()
        };
        let problems: Vec<String> = project
            .validation_errors()
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("names service") && p.contains("twice")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("the order leaves out")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("no service 'nobody'")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("cannot come after itself")),
            "{problems:?}"
        );
        assert!(project.validation_errors()[0].text().ko.contains("로드맵"));
    }

    #[test]
    fn setting_a_plan_is_one_edit_with_a_history_line_and_deleting_a_service_forgets_it() {
        let project = demo();
        let split = &project.splits[0];
        let ids: Vec<String> = split.services.iter().map(|s| s.id.clone()).collect();
        let plan = RoadmapPlan {
            order: ids.iter().rev().cloned().collect(),
            first: vec![ids[2].clone()],
            notes: vec![StepNote {
                service: ids[2].clone(),
                owner: "order-team".into(),
                note: "after the freeze".into(),
            }],
            ..RoadmapPlan::default()
        };
        let edit = Edit::SetRoadmap {
            split: split.id.clone(),
            roadmap: plan.clone(),
        };
        assert_eq!(
            edit.touches(&project),
            [Object::Roadmap {
                split: split.id.clone()
            }]
        );
        let summary = edit.summary(&project);
        assert!(summary.en.starts_with("Roadmap ("), "{}", summary.en);
        assert!(summary.en.contains("first: "), "{}", summary.en);
        assert!(summary.en.contains("owner order-team"), "{}", summary.en);
        let after = edit.applied_to(&project).unwrap();
        assert_eq!(after.splits[0].roadmap, plan);

        let delete = Edit::DeleteService {
            split: split.id.clone(),
            service: ids[2].clone(),
        };
        assert!(delete.touches(&after).contains(&Object::Roadmap {
            split: split.id.clone()
        }));
        let after = delete.applied_to(&after).unwrap();
        let kept = &after.splits[0].roadmap;
        assert!(!kept.order.contains(&ids[2]) && kept.first.is_empty() && kept.notes.is_empty());
    }

    #[test]
    fn a_plan_survives_the_native_document() {
        let mut project = demo();
        project.splits[1].roadmap.kept_tables = vec!["balances".into()];
        project.splits[1].roadmap.cycle_group_max = 0;
        let text = crate::formats::native::to_json(&project);
        assert!(text.contains("\"roadmap\""));
        let back = crate::formats::native::from_json("test", &text).unwrap();
        assert_eq!(back.splits[1].roadmap, project.splits[1].roadmap);
        assert!(back.splits[0].roadmap.is_default());
    }
}
