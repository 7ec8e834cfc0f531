//! Splits by business capability or by subdomain: one service per tag value.

use serde::{Deserialize, Serialize};

use crate::model::{Project, Service, Split, SplitOrigin};

/// Which tag defines the services.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TagKind {
    /// The business capability tag (e.g. 송금 / remittance).
    Capability,
    /// The DDD subdomain tag (e.g. 계좌 / account).
    Subdomain,
}

/// What to do with modules that lack the tag.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Untagged {
    /// Leave them in no service (they are reported).
    #[default]
    LeaveUnassigned,
    /// Put each in the service it exchanges the most call volume with.
    AttachToMostCalled,
}

/// A split made from tags, with the modules that had none.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TagSplit {
    /// The split (services in order of first appearance of their tag).
    pub split: Split,
    /// Modules without the tag (entry points excluded).
    pub untagged: Vec<String>,
    /// Of those, the ones still unassigned (no call to any tagged module).
    pub left_unassigned: Vec<String>,
}

/// One service per distinct tag value.
pub fn split_by_tag(project: &Project, kind: TagKind, untagged: Untagged, name: &str) -> TagSplit {
    let origin = match kind {
        TagKind::Capability => SplitOrigin::Capability,
        TagKind::Subdomain => SplitOrigin::Subdomain,
    };
    let mut split = Split::new(name, origin);
    let mut missing = Vec::new();
    for module in project.modules.iter().filter(|m| !m.entry_point) {
        let tag = match kind {
            TagKind::Capability => module.capability.as_deref(),
            TagKind::Subdomain => module.subdomain.as_deref(),
        };
        match tag.map(str::trim).filter(|t| !t.is_empty()) {
            Some(tag) => {
                if !split.services.iter().any(|s| s.id == tag) {
                    split.services.push(Service::new(tag, tag));
                }
                split.assignment.insert(module.id.clone(), tag.to_string());
            }
            None => missing.push(module.id.clone()),
        }
    }
    let mut left = missing.clone();
    if untagged == Untagged::AttachToMostCalled {
        left.retain(|module| {
            let mut volume: Vec<(String, f64)> = Vec::new();
            for call in &project.calls {
                let other = if &call.caller == module {
                    &call.callee
                } else if &call.callee == module {
                    &call.caller
                } else {
                    continue;
                };
                if let Some(service) = split.assignment.get(other) {
                    match volume.iter_mut().find(|(s, _)| s == service) {
                        Some((_, v)) => *v += call.volume,
                        None => volume.push((service.clone(), call.volume)),
                    }
                }
            }
            let best = volume
                .into_iter()
                .max_by(|a, b| a.1.total_cmp(&b.1).then_with(|| b.0.cmp(&a.0)));
            match best {
                Some((service, _)) => {
                    split.assignment.insert(module.clone(), service);
                    false
                }
                None => true,
            }
        });
    }
    TagSplit {
        split,
        untagged: missing,
        left_unassigned: left,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Call, Module};

    fn project() -> Project {
        let mut p = Project::new("p");
        let mut a = Module::new("a");
        a.capability = Some("Pay".into());
        a.subdomain = Some("Account".into());
        let mut b = Module::new("b");
        b.capability = Some("Order".into());
        let c = Module::new("c");
        p.modules = vec![a, b, c];
        let mut call = Call::new("c", "b");
        call.volume = 5.0;
        p.calls = vec![Call::new("c", "a"), call];
        p
    }

    #[test]
    fn one_service_per_tag_and_untagged_reported() {
        let result = split_by_tag(
            &project(),
            TagKind::Capability,
            Untagged::LeaveUnassigned,
            "By capability",
        );
        assert_eq!(result.split.services.len(), 2);
        assert_eq!(result.split.assignment["a"], "Pay");
        assert_eq!(result.untagged, vec!["c"]);
        assert_eq!(result.left_unassigned, vec!["c"]);
        assert!(!result.split.assignment.contains_key("c"));
    }

    #[test]
    fn untagged_modules_can_join_the_service_they_call_most() {
        let result = split_by_tag(
            &project(),
            TagKind::Capability,
            Untagged::AttachToMostCalled,
            "x",
        );
        assert_eq!(result.split.assignment["c"], "Order");
        assert!(result.left_unassigned.is_empty());
        let by_subdomain = split_by_tag(
            &project(),
            TagKind::Subdomain,
            Untagged::AttachToMostCalled,
            "y",
        );
        assert_eq!(by_subdomain.split.assignment["c"], "Account");
        assert_eq!(by_subdomain.left_unassigned, vec!["b"]);
    }
}
