//! Who works on a module: its authors by lines added and commits, its main
//! author (code-maat's `main-dev`: the most lines added) and, through an
//! author → team table, its main team.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::gitlog::Commit;

/// One author's share of a module.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorShare {
    /// The author's name as the log writes it.
    pub author: String,
    /// Lines added (binary files count none).
    pub added: u64,
    /// Commits that touched the module.
    pub commits: u32,
}

/// The authors of one module, main author first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ownership {
    /// The module id.
    pub module: String,
    /// Every author, most lines added first (then most commits, then name).
    pub authors: Vec<AuthorShare>,
    /// The main author's team, when the team table names it.
    pub main_team: Option<String>,
}

impl Ownership {
    /// The author who added the most lines.
    pub fn main_author(&self) -> Option<&str> {
        self.authors.first().map(|a| a.author.as_str())
    }

    /// The main author's share of all lines added, from 0 to 1 (0 when none were).
    pub fn main_share(&self) -> f64 {
        let total: u64 = self.authors.iter().map(|a| a.added).sum();
        match (self.authors.first(), total) {
            (Some(main), total) if total > 0 => main.added as f64 / total as f64,
            _ => 0.0,
        }
    }
}

/// The ownership of every module any commit touched. `module_of` maps a file
/// path to its module; `teams` maps authors to teams.
pub fn ownership(
    commits: &[Commit],
    module_of: impl Fn(&str) -> Option<String>,
    teams: &BTreeMap<String, String>,
) -> Vec<Ownership> {
    let mut shares: BTreeMap<String, BTreeMap<&str, (u64, u32)>> = BTreeMap::new();
    for commit in commits {
        let mut touched: BTreeMap<String, u64> = BTreeMap::new();
        for change in &commit.changes {
            if let Some(module) = module_of(&change.path) {
                *touched.entry(module).or_default() += change.added.unwrap_or(0);
            }
        }
        for (module, added) in touched {
            let share = shares
                .entry(module)
                .or_default()
                .entry(commit.author.as_str())
                .or_default();
            share.0 += added;
            share.1 += 1;
        }
    }
    shares
        .into_iter()
        .map(|(module, by_author)| {
            let mut authors: Vec<AuthorShare> = by_author
                .into_iter()
                .map(|(author, (added, commits))| AuthorShare {
                    author: author.to_string(),
                    added,
                    commits,
                })
                .collect();
            authors.sort_by(|a, b| {
                (b.added, b.commits)
                    .cmp(&(a.added, a.commits))
                    .then_with(|| a.author.cmp(&b.author))
            });
            let main_team = authors.first().and_then(|a| teams.get(&a.author)).cloned();
            Ownership {
                module,
                authors,
                main_team,
            }
        })
        .collect()
}

/// The author → team table in `text`: one `author,team` per line (a header line
/// `author,team` is allowed).
pub fn parse_teams(text: &str) -> Result<BTreeMap<String, String>, (usize, String)> {
    let mut teams = BTreeMap::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || (index == 0 && line.eq_ignore_ascii_case("author,team")) {
            continue;
        }
        let Some((author, team)) = line.rsplit_once(',') else {
            return Err((index + 1, "expected 'author,team'".to_string()));
        };
        let (author, team) = (author.trim(), team.trim());
        if author.is_empty() || team.is_empty() {
            return Err((
                index + 1,
                "the author and the team must not be empty".to_string(),
            ));
        }
        teams.insert(author.to_string(), team.to_string());
    }
    Ok(teams)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::history::gitlog::FileChange;

    fn commit(author: &str, files: &[(&str, Option<u64>)]) -> Commit {
        Commit {
            id: "c".into(),
            author: author.into(),
            date: "2024-01-01".into(),
            changes: files
                .iter()
                .map(|(path, added)| FileChange {
                    path: path.to_string(),
                    added: *added,
                    deleted: Some(0),
                })
                .collect(),
        }
    }

    #[test]
    fn the_main_author_added_the_most_lines() {
        let commits = [
            commit("Ann", &[("order/a", Some(10)), ("order/b", Some(5))]),
            commit("Bob", &[("order/a", Some(20))]),
            commit("Ann", &[("pay/x", None)]),
        ];
        let module_of = |path: &str| path.split('/').next().map(str::to_string);
        let teams = parse_teams("author,team\nBob,Checkout\nAnn,Payments\n").unwrap();
        let owners = ownership(&commits, module_of, &teams);
        assert_eq!(owners.len(), 2);
        let order = &owners[0];
        assert_eq!(order.module, "order");
        assert_eq!(order.main_author(), Some("Bob"));
        assert_eq!(order.main_team.as_deref(), Some("Checkout"));
        assert_eq!(
            (
                order.authors[1].author.as_str(),
                order.authors[1].added,
                order.authors[1].commits
            ),
            ("Ann", 15, 1)
        );
        assert!((order.main_share() - 20.0 / 35.0).abs() < 1e-12);
        assert_eq!(owners[1].main_author(), Some("Ann"));
        assert_eq!(owners[1].main_share(), 0.0);
    }

    #[test]
    fn team_tables_name_their_bad_lines() {
        assert_eq!(parse_teams("Ann,Payments\nBob").unwrap_err().0, 2);
        assert_eq!(parse_teams("Lee, Kim,Core").unwrap()["Lee, Kim"], "Core");
    }
}
