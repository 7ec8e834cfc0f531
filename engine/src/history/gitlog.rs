//! Commits read from `git log --numstat`: either code-maat's format
//! (`git log --all --numstat --date=short --pretty=format:'--%h--%ad--%aN' --no-renames`)
//! or git's default one (`commit …`, `Author: …`, `Date: …`, the message, the numstat lines).
//! Written by hand: no crate reads saved `git log` output (git2/gix read repositories).

use crate::formats::ImportError;
use crate::formats::ImportLimits;

/// One commit and the files it changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    /// The (abbreviated) hash.
    pub id: String,
    /// The author's name.
    pub author: String,
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// The files changed, in log order.
    pub changes: Vec<FileChange>,
}

/// One file a commit changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    /// The path after the change (a rename's new path).
    pub path: String,
    /// Lines added; `None` for a binary file.
    pub added: Option<u64>,
    /// Lines deleted; `None` for a binary file.
    pub deleted: Option<u64>,
}

/// Most commits one log may hold (a 100,000-commit history fits ten times over).
pub const MAX_COMMITS: usize = 1_000_000;

/// Reads a saved `git log --numstat`. Commits without file changes (merges) are
/// left out, as code-maat does. Every malformed line is reported with its number.
pub fn parse(source: &str, text: &str, limits: &ImportLimits) -> Result<Vec<Commit>, ImportError> {
    limits.check_text(source, text)?;
    let mut commits: Vec<Commit> = Vec::new();
    let mut current: Option<Commit> = None;
    let mut problems = Vec::new();
    // After a malformed commit line its file lines are not reported again.
    let mut after_bad_header = false;
    let finish = |current: &mut Option<Commit>, commits: &mut Vec<Commit>| {
        if let Some(commit) = current.take().filter(|c| !c.changes.is_empty()) {
            commits.push(commit);
        }
    };
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some(rest) = line.strip_prefix("--").filter(|r| r.contains("--")) {
            finish(&mut current, &mut commits);
            current = code_maat_header(rest);
            after_bad_header = current.is_none();
            if after_bad_header {
                problems.push((number, "expected '--hash--YYYY-MM-DD--author'".to_string()));
            }
        } else if let Some(hash) = line.strip_prefix("commit ") {
            finish(&mut current, &mut commits);
            after_bad_header = false;
            let hash = hash.split_whitespace().next().unwrap_or("");
            if hash.is_empty() || !hash.chars().all(|c| c.is_ascii_hexdigit()) {
                problems.push((number, format!("'{hash}' is not a commit hash")));
            }
            current = Some(Commit {
                id: hash.to_string(),
                author: String::new(),
                date: String::new(),
                changes: Vec::new(),
            });
        } else if line.trim().is_empty() || line.starts_with("    ") {
            // Blank lines, and the message: git indents it by four spaces.
        } else if let Some(commit) = current.as_mut() {
            if let Some(author) = line.strip_prefix("Author:") {
                commit.author = author_name(author);
            } else if let Some(date) = line.strip_prefix("Date:") {
                match day_of(date.trim()) {
                    Some(day) => commit.date = day,
                    None => {
                        problems.push((number, format!("cannot read the date '{}'", date.trim())))
                    }
                }
            } else if line.starts_with("Merge:") || line.contains(": ") && !line.contains('\t') {
                // Other headers (Merge:, Commit:, AuthorDate: …) are not needed.
            } else {
                match numstat(line) {
                    Some(change) => commit.changes.push(change),
                    None => {
                        problems.push((number, "expected 'added<TAB>deleted<TAB>path'".to_string()))
                    }
                }
            }
        } else if !after_bad_header {
            problems.push((number, "a file change before any commit".to_string()));
        }
        if problems.len() >= 100 {
            break;
        }
        if commits.len() > MAX_COMMITS {
            return Err(ImportError::one(
                source,
                Some(number),
                format!("more than {MAX_COMMITS} commits; the limit is {MAX_COMMITS}"),
            ));
        }
    }
    finish(&mut current, &mut commits);
    if !problems.is_empty() {
        return Err(ImportError {
            problems: problems
                .into_iter()
                .map(|(line, message)| crate::formats::Problem {
                    source: source.to_string(),
                    line: Some(line),
                    message,
                })
                .collect(),
        });
    }
    if let Some(undated) = commits.iter().find(|c| c.date.is_empty()) {
        return Err(ImportError::one(
            source,
            None,
            format!("commit {} has no date", undated.id),
        ));
    }
    Ok(commits)
}

/// `hash--date--author` (the part after the leading `--`).
fn code_maat_header(rest: &str) -> Option<Commit> {
    let mut parts = rest.splitn(3, "--");
    let (id, date, author) = (parts.next()?, parts.next()?, parts.next()?);
    let valid_id = !id.is_empty() && id.chars().all(|c| c.is_ascii_hexdigit());
    let day = day_of(date)?;
    valid_id.then(|| Commit {
        id: id.to_string(),
        author: author.trim().to_string(),
        date: day,
        changes: Vec::new(),
    })
}

/// `Name <email>` → `Name`.
fn author_name(header: &str) -> String {
    let header = header.trim();
    match header.rfind(" <") {
        Some(at) if header.ends_with('>') => header[..at].trim().to_string(),
        _ => header.to_string(),
    }
}

/// The day of a date as git prints it: `2024-03-05`, ISO (`2024-03-05 10:00:00 +0100`,
/// `2024-03-05T10:00:00+01:00`) or git's default (`Tue Mar 5 10:00:00 2024 +0100`).
pub fn day_of(date: &str) -> Option<String> {
    let first = date.split([' ', 'T']).next()?;
    if let Some(day) = iso_day(first) {
        return Some(day);
    }
    let words: Vec<&str> = date.split_whitespace().collect();
    let [_, month, day, _, year, ..] = words.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| m == month)? + 1;
    let day: u32 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    let year: u32 = year.parse().ok().filter(|y| (1970..=9999).contains(y))?;
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

fn iso_day(text: &str) -> Option<String> {
    let mut parts = text.split('-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let valid = parts.next().is_none()
        && year.len() == 4
        && month.len() == 2
        && day.len() == 2
        && [year, month, day]
            .iter()
            .all(|p| p.chars().all(|c| c.is_ascii_digit()));
    valid.then(|| text.to_string())
}

/// `added<TAB>deleted<TAB>path` (`-` for binary files); a rename
/// (`old => new`, `dir/{old => new}/file`) becomes its new path.
fn numstat(line: &str) -> Option<FileChange> {
    let mut parts = line.splitn(3, '\t');
    let (added, deleted, path) = (parts.next()?, parts.next()?, parts.next()?);
    let count = |text: &str| -> Option<Option<u64>> {
        if text == "-" {
            Some(None)
        } else {
            text.parse().ok().map(Some)
        }
    };
    let path = renamed_to(path.trim());
    (!path.is_empty()).then_some(FileChange {
        added: count(added)?,
        deleted: count(deleted)?,
        path,
    })
}

fn renamed_to(path: &str) -> String {
    if let (Some(open), Some(close)) = (path.find('{'), path.find('}'))
        && open < close
        && let Some((_, new)) = path[open + 1..close].split_once(" => ")
    {
        let joined = format!("{}{}{}", &path[..open], new, &path[close + 1..]);
        return joined.replace("//", "/");
    }
    match path.split_once(" => ") {
        Some((_, new)) => new.to_string(),
        None => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE_MAAT: &str = "--a1b2c3d--2024-03-05--Ada Lovelace\n12\t3\tsrc/order/Order.java\n-\t-\tdocs/logo.png\n\n--e4f5a6b--2024-03-06--Grace Hopper\n1\t1\tsrc/{old => order}/Line.java\n";

    const DEFAULT: &str = "commit 0123456789abcdef0123456789abcdef01234567\nMerge: 1 2\nAuthor: Ada Lovelace <ada@example.com>\nDate:   Tue Mar 5 10:00:00 2024 +0100\n\n    Merge branch 'x'\n\ncommit 89abcdef0123456789abcdef0123456789abcdef\nAuthor: Grace Hopper <grace@example.com>\nDate:   Wed Mar 6 09:30:00 2024 +0100\n\n    Rename the line\n\n    with a body: 3\tof\tthese\n\n5\t0\tsrc/order/Line.java\n2\t2\told.txt => new.txt\n";

    #[test]
    fn reads_code_maat_and_default_logs() {
        let commits = parse("log", CODE_MAAT, &ImportLimits::default()).unwrap();
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[0].author, "Ada Lovelace");
        assert_eq!(commits[0].date, "2024-03-05");
        assert_eq!(commits[0].changes[1].added, None);
        assert_eq!(commits[1].changes[0].path, "src/order/Line.java");

        let commits = parse("log", DEFAULT, &ImportLimits::default()).unwrap();
        assert_eq!(commits.len(), 1, "the merge changed no file");
        let commit = &commits[0];
        assert_eq!(
            (commit.author.as_str(), commit.date.as_str()),
            ("Grace Hopper", "2024-03-06")
        );
        let paths: Vec<&str> = commit.changes.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(paths, ["src/order/Line.java", "new.txt"]);
    }

    #[test]
    fn refuses_malformed_lines_with_their_number() {
        let error = parse(
            "log",
            "--abc--2024-01-01--Ann\nnot a numstat\n--xyz--2024-01-01--Bob\n1\t1\ta\n",
            &ImportLimits::default(),
        )
        .unwrap_err();
        let lines: Vec<Option<usize>> = error.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [Some(2), Some(3)]);
        assert!(error.to_string().starts_with("log:2: expected 'added"));
        let before = parse("log", "1\t1\ta\n", &ImportLimits::default()).unwrap_err();
        assert_eq!(before.to_string(), "log:1: a file change before any commit");
    }

    #[test]
    fn days_come_from_every_date_format_git_prints() {
        for (date, day) in [
            ("2024-03-05", "2024-03-05"),
            ("2024-03-05 10:00:00 +0100", "2024-03-05"),
            ("2024-03-05T10:00:00+01:00", "2024-03-05"),
            ("Tue Mar 5 10:00:00 2024 +0100", "2024-03-05"),
        ] {
            assert_eq!(day_of(date).as_deref(), Some(day), "{date}");
        }
        assert_eq!(day_of("yesterday"), None);
    }
}
