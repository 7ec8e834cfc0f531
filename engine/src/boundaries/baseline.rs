//! A baseline: the violations a split had when the team adopted it, recorded
//! once so that CI fails only on new ones, and says which recorded ones are
//! gone (so the file can shrink).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::{Origin, Rule, Violation};
use crate::formats::{ImportError, ImportLimits};

/// The format's version.
const VERSION: u32 = 1;

/// A baseline file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// The format's version.
    pub seams_baseline: u32,
    /// The project and split it belongs to.
    pub project: String,
    /// The split.
    pub split: String,
    /// The known violations.
    pub violations: Vec<Known>,
}

/// One known violation: the rule and the two modules (where it was may move).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Known {
    /// The rule's id.
    pub rule: String,
    /// The depending module.
    pub from: String,
    /// The module depended on.
    pub to: String,
}

impl Known {
    fn of(violation: &Violation) -> Known {
        Known {
            rule: violation.rule.id().to_string(),
            from: violation.from.clone(),
            to: violation.to.clone(),
        }
    }
}

/// Violations held against a baseline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    /// Violations the baseline does not know: these fail.
    pub new: Vec<Violation>,
    /// Violations the baseline knows.
    pub known: Vec<Violation>,
    /// Baseline entries no longer found: the file can drop them.
    pub gone: Vec<Known>,
}

impl Baseline {
    /// The baseline of today's violations.
    pub fn of(origin: &Origin, violations: &[Violation]) -> Baseline {
        let set: BTreeSet<Known> = violations.iter().map(Known::of).collect();
        Baseline {
            seams_baseline: VERSION,
            project: origin.project.clone(),
            split: origin.split.clone(),
            violations: set.into_iter().collect(),
        }
    }

    /// The file's text (one entry per line, stable order).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    /// Reads a baseline file; refuses one of another format, version, project
    /// or split, or over the import limits, with the reason located.
    pub fn read(name: &str, text: &str, origin: &Origin) -> Result<Baseline, ImportError> {
        ImportLimits::default().check_text(name, text)?;
        let baseline: Baseline = serde_json::from_str(text).map_err(|error| {
            ImportError::one(
                name,
                Some(error.line()),
                format!("not a Seams baseline: {error}"),
            )
        })?;
        if baseline.seams_baseline != VERSION {
            return Err(ImportError::one(
                name,
                None,
                format!(
                    "baseline version {} (this Seams reads version {VERSION})",
                    baseline.seams_baseline
                ),
            ));
        }
        if baseline.project != origin.project || baseline.split != origin.split {
            return Err(ImportError::one(
                name,
                None,
                format!(
                    "the baseline is of project \"{}\", split \"{}\", not of project \"{}\", split \"{}\"",
                    baseline.project, baseline.split, origin.project, origin.split
                ),
            ));
        }
        if let Some(unknown) = baseline
            .violations
            .iter()
            .find(|k| !Rule::ALL.iter().any(|r| r.id() == k.rule))
        {
            return Err(ImportError::one(
                name,
                None,
                format!("unknown rule \"{}\"", unknown.rule),
            ));
        }
        Ok(baseline)
    }

    /// The known violations as violations of `boundaries` (for rule files
    /// that let them pass); entries naming modules the split lacks are left out.
    pub fn violations_of(&self, boundaries: &super::Boundaries) -> Vec<Violation> {
        self.violations
            .iter()
            .filter_map(|known| {
                let rule = Rule::ALL.into_iter().find(|r| r.id() == known.rule)?;
                let from = boundaries.service_of(&known.from)?;
                let to = boundaries.service_of(&known.to)?;
                Some(Violation {
                    rule,
                    from: known.from.clone(),
                    to: known.to.clone(),
                    from_service: boundaries.services[from].name.clone(),
                    to_service: boundaries.services[to].name.clone(),
                    at: None,
                })
            })
            .collect()
    }

    /// Today's violations held against the baseline.
    pub fn hold(&self, violations: &[Violation]) -> Held {
        let recorded: BTreeSet<&Known> = self.violations.iter().collect();
        let today: BTreeSet<Known> = violations.iter().map(Known::of).collect();
        let (known, new): (Vec<Violation>, Vec<Violation>) = violations
            .iter()
            .cloned()
            .partition(|v| recorded.contains(&Known::of(v)));
        let gone = self
            .violations
            .iter()
            .filter(|k| !today.contains(*k))
            .cloned()
            .collect();
        Held { new, known, gone }
    }
}
