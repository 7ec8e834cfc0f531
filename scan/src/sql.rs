//! Tables a SQL text reads and writes, from a string literal in the code.
//!
//! A tolerant keyword scan rather than a SQL parser (sqlparser-rs was
//! considered): literals in code are fragments — concatenations with `?` where
//! a variable was, JPQL entity names, vendor syntax, MyBatis `#{…}` and
//! `<if>` pieces — and a strict parser refuses most of them. What is read:
//! `FROM`/`JOIN` lists (reads, `FROM` inside a function call such as
//! `EXTRACT(YEAR FROM d)` left out), `INSERT INTO`, `UPDATE`, `DELETE FROM`,
//! `MERGE INTO` (writes) with `USING` (reads); names of `WITH` queries are not
//! tables. A text is SQL only when it starts with a statement keyword and has
//! the clause that statement needs (`SELECT … FROM`, `UPDATE … SET`, `INSERT
//! INTO`, `DELETE FROM`, `MERGE INTO`), so "Update your profile" is not.

/// One table a statement touches.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TableAccess {
    /// The table name (lower case unless quoted).
    pub table: String,
    /// Whether the statement writes it.
    pub writes: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Open,
    Close,
    Comma,
    Other,
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '(' => out.push(Token::Open),
            ')' => out.push(Token::Close),
            ',' => out.push(Token::Comma),
            '\'' => {
                for (_, n) in chars.by_ref() {
                    if n == '\'' {
                        break;
                    }
                }
                out.push(Token::Other);
            }
            '"' | '`' | '[' => {
                let close = match c {
                    '[' => ']',
                    other => other,
                };
                let mut name = String::new();
                for (_, n) in chars.by_ref() {
                    if n == close {
                        break;
                    }
                    name.push(n);
                }
                // `schema."table"` continues a dotted name.
                match out.last_mut() {
                    Some(Token::Word(w)) if w.ends_with('.') => w.push_str(&name),
                    _ => out.push(Token::Quoted(name)),
                }
            }
            c if c.is_alphanumeric() || c == '_' || c == '$' || c == '#' => {
                let mut end = at + c.len_utf8();
                while let Some(&(next_at, n)) = chars.peek() {
                    if n.is_alphanumeric() || n == '_' || n == '$' || n == '.' {
                        end = next_at + n.len_utf8();
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Token::Word(text[at..end].to_string()));
            }
            _ => out.push(Token::Other),
        }
    }
    out
}

fn is(token: Option<&Token>, keyword: &str) -> bool {
    matches!(token, Some(Token::Word(w)) if w.eq_ignore_ascii_case(keyword))
}

/// Words that end a table reference (or can never be one).
const CLAUSE_WORDS: [&str; 36] = [
    "where",
    "on",
    "using",
    "join",
    "inner",
    "left",
    "right",
    "full",
    "outer",
    "cross",
    "natural",
    "group",
    "order",
    "having",
    "limit",
    "offset",
    "union",
    "except",
    "intersect",
    "set",
    "values",
    "select",
    "from",
    "as",
    "for",
    "window",
    "fetch",
    "into",
    "returning",
    "when",
    "then",
    "lateral",
    "straight_join",
    "with",
    "and",
    "or",
];

fn is_clause(word: &str) -> bool {
    CLAUSE_WORDS.iter().any(|k| word.eq_ignore_ascii_case(k))
}

/// Whether `text` reads as a SQL statement.
pub fn looks_like_sql(text: &str) -> bool {
    let tokens = tokens(text);
    let first = tokens.iter().find(|t| **t != Token::Open);
    let has = |keyword: &str| tokens.iter().any(|t| is(Some(t), keyword));
    let Some(Token::Word(first)) = first else {
        return false;
    };
    // Prose puts an article or a pronoun after the verb ("Delete a task …
    // from which it came", "Select the list …"); SQL never does.
    let second = tokens
        .iter()
        .skip_while(|t| **t == Token::Open)
        .nth(1)
        .and_then(|t| match t {
            Token::Word(w) => Some(w.as_str()),
            _ => None,
        });
    if second.is_some_and(|w| PROSE_WORDS.iter().any(|p| w.eq_ignore_ascii_case(p))) {
        return false;
    }
    match first.to_ascii_lowercase().as_str() {
        "select" | "with" => has("from"),
        "insert" | "replace" | "merge" => has("into"),
        "update" => has("set"),
        "delete" => has("from"),
        _ => false,
    }
}

/// Words of English prose that no table is named (a reserved word or a
/// pronoun): "… from the list", "… from which it came".
const PROSE_WORDS: [&str; 16] = [
    "the", "a", "an", "which", "this", "that", "these", "those", "your", "our", "my", "its",
    "their", "here", "there", "them",
];

/// The tables `text` touches, each once (a table both read and written counts as written),
/// in the order first met; empty when `text` is not SQL.
pub fn tables(text: &str) -> Vec<TableAccess> {
    if !looks_like_sql(text) {
        return Vec::new();
    }
    let tokens = tokens(text);
    let mut found: Vec<TableAccess> = Vec::new();
    let mut ctes: Vec<String> = Vec::new();
    // For each open parenthesis: whether it is a function call's (no tables inside at this level).
    let mut calls: Vec<bool> = Vec::new();
    let mut ix = 0;
    while ix < tokens.len() {
        let token = &tokens[ix];
        let in_call = calls.last().copied().unwrap_or(false);
        match token {
            Token::Open => {
                let function = matches!(ix.checked_sub(1).map(|p| &tokens[p]), Some(Token::Word(w)) if !is_clause(w) && !w.eq_ignore_ascii_case("in") && !w.eq_ignore_ascii_case("exists"))
                    && !is(tokens.get(ix + 1), "select");
                calls.push(function);
            }
            Token::Close => {
                calls.pop();
            }
            Token::Word(word) if !in_call => {
                let lower = word.to_ascii_lowercase();
                match lower.as_str() {
                    "from" | "join" | "using" => {
                        let writes = lower == "from" && ix > 0 && is(tokens.get(ix - 1), "delete");
                        ix = table_list(&tokens, ix + 1, writes, lower == "from", &mut found);
                        continue;
                    }
                    "into" => {
                        ix = table_list(&tokens, ix + 1, true, false, &mut found);
                        continue;
                    }
                    // `ON DUPLICATE KEY UPDATE`, `DO UPDATE` and `FOR UPDATE` name no table.
                    "update" if !follows_any(&tokens, ix, &["key", "do", "for"]) => {
                        ix = table_list(&tokens, ix + 1, true, false, &mut found);
                        continue;
                    }
                    _ => {}
                }
                // CTE names after a comma: `WITH a AS (…), b AS (…)`.
                if is(tokens.get(ix + 1), "as")
                    && matches!(tokens.get(ix + 2), Some(Token::Open))
                    && matches!(
                        ix.checked_sub(1).map(|p| &tokens[p]),
                        Some(Token::Comma | Token::Word(_))
                    )
                    && is_with_item(&tokens, ix)
                {
                    ctes.push(lower);
                }
            }
            _ => {}
        }
        ix += 1;
    }
    let mut out: Vec<TableAccess> = Vec::new();
    for access in found {
        if ctes.contains(&access.table) {
            continue;
        }
        match out.iter_mut().find(|a| a.table == access.table) {
            Some(seen) => seen.writes |= access.writes,
            None => out.push(access),
        }
    }
    out
}

/// Whether the token before `ix` is one of `words`.
fn follows_any(tokens: &[Token], ix: usize, words: &[&str]) -> bool {
    ix.checked_sub(1)
        .is_some_and(|p| words.iter().any(|w| is(tokens.get(p), w)))
}

/// Whether the word at `ix` names a `WITH` query (it follows `WITH` or a comma after one).
fn is_with_item(tokens: &[Token], ix: usize) -> bool {
    let mut depth = 0usize;
    for back in (0..ix).rev() {
        match &tokens[back] {
            Token::Close => depth += 1,
            Token::Open => depth = depth.saturating_sub(1),
            Token::Word(w) if depth == 0 && w.eq_ignore_ascii_case("with") => return true,
            Token::Word(w) if depth == 0 && w.eq_ignore_ascii_case("select") => return false,
            _ => {}
        }
    }
    false
}

/// Reads `table [AS] [alias] (, table [alias])*` from `ix`; returns where it stopped.
fn table_list(
    tokens: &[Token],
    mut ix: usize,
    writes: bool,
    list: bool,
    found: &mut Vec<TableAccess>,
) -> usize {
    loop {
        let name = match tokens.get(ix) {
            Some(Token::Word(w)) if !is_clause(w) && !w.eq_ignore_ascii_case("only") => {
                w.trim_end_matches('.').to_ascii_lowercase()
            }
            Some(Token::Word(w)) if w.eq_ignore_ascii_case("only") => {
                ix += 1;
                continue;
            }
            Some(Token::Quoted(q)) => q.clone(),
            _ => return ix,
        };
        ix += 1;
        // A function in FROM (`generate_series(…)`, `unnest(…)`) is no table.
        if list && matches!(tokens.get(ix), Some(Token::Open)) {
            return ix;
        }
        if is_table_name(&name) {
            found.push(TableAccess {
                table: name,
                writes,
            });
        }
        if !list {
            return ix;
        }
        if is(tokens.get(ix), "as") {
            ix += 1;
        }
        if matches!(tokens.get(ix), Some(Token::Word(w)) if !is_clause(w)) {
            ix += 1;
        }
        if matches!(tokens.get(ix), Some(Token::Comma)) {
            ix += 1;
        } else {
            return ix;
        }
    }
}

fn is_table_name(name: &str) -> bool {
    !name.is_empty()
        && name != "dual"
        && !PROSE_WORDS.iter().any(|w| name.eq_ignore_ascii_case(w))
        && !name.starts_with('#')
        && !name.starts_with('$')
        && name
            .chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(String, bool)> {
        tables(text)
            .into_iter()
            .map(|a| (a.table, a.writes))
            .collect()
    }

    fn names(pairs: &[(&str, bool)]) -> Vec<(String, bool)> {
        pairs.iter().map(|(t, w)| (t.to_string(), *w)).collect()
    }

    #[test]
    fn selects_read_every_joined_table() {
        assert_eq!(
            read(
                "SELECT o.id, p.name FROM owners o, types t LEFT JOIN pets AS p ON p.owner_id = o.id WHERE p.type_id = t.id"
            ),
            names(&[("owners", false), ("types", false), ("pets", false)])
        );
    }

    #[test]
    fn writes_are_insert_update_delete_and_merge() {
        assert_eq!(
            read("INSERT INTO visits (pet_id, visit_date) VALUES (?, ?)"),
            names(&[("visits", true)])
        );
        assert_eq!(
            read("update Owners set city = ? where id = ?"),
            names(&[("owners", true)])
        );
        assert_eq!(
            read("DELETE FROM pets WHERE id = ?"),
            names(&[("pets", true)])
        );
        assert_eq!(
            read(
                "MERGE INTO stock s USING deliveries d ON s.item = d.item WHEN MATCHED THEN UPDATE SET s.qty = d.qty"
            ),
            names(&[("stock", true), ("deliveries", false)])
        );
        assert_eq!(
            read("INSERT INTO archive SELECT * FROM orders WHERE closed"),
            names(&[("archive", true), ("orders", false)])
        );
    }

    #[test]
    fn subqueries_ctes_and_functions() {
        assert_eq!(
            read(
                "WITH recent AS (SELECT * FROM orders) SELECT EXTRACT(YEAR FROM placed) FROM recent WHERE id IN (SELECT order_id FROM refunds)"
            ),
            names(&[("orders", false), ("refunds", false)])
        );
        assert_eq!(read("SELECT 1 FROM dual"), names(&[]));
        assert_eq!(
            read("select count(*) from \"Order Lines\""),
            names(&[("Order Lines", false)])
        );
        assert_eq!(
            read("SELECT * FROM shop.orders"),
            names(&[("shop.orders", false)])
        );
    }

    #[test]
    fn prose_is_not_sql() {
        assert!(read("Update your profile").is_empty());
        assert!(read("Select a pet").is_empty());
        assert!(read("delete me").is_empty());
        assert!(!looks_like_sql("from here"));
        // Docstrings of a real Django application (django-todo 2.7.0).
        assert!(read("Delete a task. Redirect to the list from which the task came.").is_empty());
        assert!(
            read("Delete a previously posted attachment object and its corresponding file\nfrom the filesystem, permissions allowing.").is_empty()
        );
        assert!(read("Select the list you want the tasks from, then import").is_empty());
        assert!(read("Update the task so that its due date is set").is_empty());
        // Vendor forms keep reading as SQL.
        assert_eq!(
            read("INSERT OR IGNORE INTO tags (name) VALUES (?)"),
            names(&[("tags", true)])
        );
        assert_eq!(
            read("INSERT /*+ APPEND */ INTO tags SELECT * FROM staged"),
            names(&[("tags", true), ("staged", false)])
        );
        assert!(!read("DELETE t1 FROM tags t1 JOIN links l ON l.tag = t1.id").is_empty());
        assert_eq!(
            read("UPDATE orders o JOIN users u ON u.id = o.user SET o.flag = 1"),
            names(&[("orders", true), ("users", false)])
        );
    }

    #[test]
    fn upserts_write_one_table() {
        assert_eq!(
            read(
                "INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO UPDATE SET name = excluded.name"
            ),
            names(&[("tags", true)])
        );
        assert_eq!(
            read("INSERT INTO tags (name) VALUES (?) ON DUPLICATE KEY UPDATE name = ?"),
            names(&[("tags", true)])
        );
    }
}
