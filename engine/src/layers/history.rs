//! A history layer from a `git log --numstat`: change coupling between modules
//! (code-maat's `coupling`) and who owns each module.

use std::collections::BTreeMap;

use crate::formats::{ImportError, ImportLimits};
use crate::history::coupling::{CouplingOptions, coupling};
use crate::history::mapping::{MappingRule, module_of, parse_rules};
use crate::history::ownership::{ownership, parse_teams};
use crate::history::{change_sets, gitlog};
use crate::model::{CoChangeLink, Layer, LayerKind, ModuleOwner};

/// What to read a history layer from: the log and the two small tables the
/// user edits.
#[derive(Clone, Debug, Default)]
pub struct HistoryInput<'a> {
    /// The layer's name in the project.
    pub source: &'a str,
    /// The `git log --numstat` output.
    pub log: &'a str,
    /// Mapping rules, one `pattern => module` per line (may be empty).
    pub rules: &'a str,
    /// An `author,team` table (may be empty).
    pub teams: &'a str,
    /// code-maat's thresholds.
    pub options: CouplingOptions,
}

/// Reads the log and the tables into a layer; every problem is located by file
/// and line, within the import limits.
pub fn read(input: &HistoryInput<'_>, limits: &ImportLimits) -> Result<Layer, ImportError> {
    let commits = gitlog::parse("git log", input.log, limits)?;
    let rules = parse_rules(input.rules)
        .map_err(|(line, message)| ImportError::one("mapping rules", Some(line), message))?;
    let teams = parse_teams(input.teams)
        .map_err(|(line, message)| ImportError::one("teams", Some(line), message))?;
    Ok(layer(input.source, &commits, rules, &teams, &input.options))
}

/// The history layer of `commits`: files mapped to modules by `rules` (then the
/// defaults), co-change with `options`, owners with `teams`.
pub fn layer(
    source: &str,
    commits: &[gitlog::Commit],
    rules: Vec<MappingRule>,
    teams: &BTreeMap<String, String>,
    options: &CouplingOptions,
) -> Layer {
    let mapped = rules.clone();
    mapped_layer(
        source,
        commits,
        rules,
        |path| module_of(&mapped, path),
        teams,
        options,
    )
}

/// The history layer of `commits` with files mapped to modules by `module`
/// (a source scan's own mapping, so the history lines up with the modules it
/// found); `rules` are kept on the layer for a re-import.
pub fn mapped_layer(
    source: &str,
    commits: &[gitlog::Commit],
    rules: Vec<MappingRule>,
    module: impl Fn(&str) -> Option<String> + Copy,
    teams: &BTreeMap<String, String>,
    options: &CouplingOptions,
) -> Layer {
    let sets = change_sets(commits, module);
    let co_changes = coupling(&sets, options)
        .into_iter()
        .map(|pair| {
            let (a, b) = if pair.entity <= pair.coupled {
                (pair.entity, pair.coupled)
            } else {
                (pair.coupled, pair.entity)
            };
            CoChangeLink {
                a,
                b,
                degree: pair.degree,
                shared: pair.shared_revs,
                revisions: pair.average_revs,
            }
        })
        .collect();
    let owned = ownership(commits, module, teams);
    let owners = owned
        .iter()
        .filter_map(|o| {
            Some(ModuleOwner {
                module: o.module.clone(),
                main_author: o.main_author()?.to_string(),
                main_team: o.main_team.clone(),
                share: o.main_share(),
                authors: o.authors.len() as u32,
            })
        })
        .collect();
    Layer {
        modules: owned.into_iter().map(|o| o.module).collect(),
        co_changes,
        owners,
        rules,
        ..Layer::new(source, LayerKind::History)
    }
}
