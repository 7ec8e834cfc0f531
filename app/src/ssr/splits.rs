//! Making a split from a project (see [`crate::functions::splits`]).

use engine::agreement::Partition;
use engine::formats::ImportLimits;
use engine::generate::{split_by_tag, suggest};
use engine::model::{Project, Split, SplitOrigin};

use crate::errors::AppError;
use crate::functions::splits::NewSplit;

/// The split `how` describes, with a fresh id and a name not taken yet.
pub fn make(project: &Project, how: NewSplit) -> Result<Split, AppError> {
    let mut split = match how {
        NewSplit::ByTag {
            kind,
            untagged,
            name,
        } => split_by_tag(project, kind, untagged, &name).split,
        NewSplit::Suggested { options } => {
            suggest(project, &options)
                .map_err(|e| AppError::Invalid(e.text()))?
                .split
        }
        NewSplit::Imported { file, text, name } => imported(project, &file, &text, &name)?,
        NewSplit::Copy { split, name } => {
            let mut copy = project
                .split_by_id(&split)
                .cloned()
                .ok_or_else(|| AppError::not_found("분해안", "the split"))?;
            copy.name = name;
            copy.origin = SplitOrigin::Manual;
            copy
        }
    };
    if split.name.trim().is_empty() {
        return Err(AppError::invalid(
            "분해안에는 이름이 필요합니다",
            "the split needs a name",
        ));
    }
    split.id = format!("split-{}", crate::store::new_id());
    split.name = unused_name(split.name.trim(), project);
    Ok(split)
}

/// The split a partition file describes, every element a module of the project
/// that can be placed in a service.
fn imported(project: &Project, file: &str, text: &str, name: &str) -> Result<Split, AppError> {
    let partition = Partition::read(file, text, &ImportLimits::default())?;
    let unknown = partition.unplaceable(&project.modules);
    if !unknown.is_empty() {
        let shown: Vec<&str> = unknown.iter().take(5).copied().collect();
        let more = unknown.len() - shown.len();
        let (ko_more, en_more) = if more > 0 {
            (format!(" 외 {more}개"), format!(" and {more} more"))
        } else {
            (String::new(), String::new())
        };
        return Err(AppError::invalid(
            format!(
                "{file}: 프로젝트에 없는(또는 진입점인) 요소가 있습니다: {}{ko_more}",
                shown.join(", ")
            ),
            format!(
                "{file}: these elements are not modules of the project (or are entry points): {}{en_more}",
                shown.join(", ")
            ),
        ));
    }
    Ok(partition.to_split(name, SplitOrigin::Imported))
}

/// `wanted`, or `wanted (2)`, `wanted (3)`, … whichever no split has yet.
fn unused_name(wanted: &str, project: &Project) -> String {
    let taken = |name: &str| project.splits.iter().any(|s| s.name == name);
    if !taken(wanted) {
        return wanted.to_string();
    }
    (2..)
        .map(|n| format!("{wanted} ({n})"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| wanted.to_string())
}

#[cfg(test)]
mod tests {
    use engine::generate::{SuggestOptions, TagKind, Untagged};

    use super::*;

    #[test]
    fn names_are_numbered_when_taken_and_ids_are_fresh() {
        let mut project = engine::demo::project();
        project.splits[1].id = "s1".into();
        let by_tag = |name: &str| NewSplit::ByTag {
            kind: TagKind::Capability,
            untagged: Untagged::LeaveUnassigned,
            name: name.to_string(),
        };
        let taken = project.splits[0].name.clone();
        let split = make(&project, by_tag(&taken)).unwrap();
        assert_eq!(split.name, format!("{taken} (2)"));
        assert!(split.id.starts_with("split-") && split.id.len() == 38);
        assert!(!split.assignment.is_empty());
        assert!(make(&project, by_tag("  ")).is_err());

        let copy = make(
            &project,
            NewSplit::Copy {
                split: "s1".into(),
                name: "Mine".into(),
            },
        )
        .unwrap();
        assert_eq!(copy.assignment, project.splits[1].assignment);
        assert_eq!(copy.origin, SplitOrigin::Manual);
        assert_ne!(copy.id, "s1");
        let missing = NewSplit::Copy {
            split: "nope".into(),
            name: "x".into(),
        };
        assert!(make(&project, missing).is_err());
        let suggested = make(
            &project,
            NewSplit::Suggested {
                options: SuggestOptions {
                    services: Some(4),
                    name: "S".into(),
                    ..SuggestOptions::default()
                },
            },
        )
        .unwrap();
        assert_eq!(suggested.services.len(), 4);
    }
}
