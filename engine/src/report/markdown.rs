//! The report as Markdown: the same document tree as the HTML, with every
//! piece of user text escaped so it shows as typed and never as markup.

use std::fmt::Write as _;

use super::document::{Block, Document, Table};
use crate::formats::one_line;

/// Renders a document as Markdown.
pub fn render(document: &Document) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", inline(&document.title));
    if !document.description.is_empty() {
        let _ = writeln!(out, "{}\n", paragraph(&document.description));
    }
    for section in &document.sections {
        let _ = writeln!(out, "## {}\n", inline(&section.title));
        let mut blocks = section.blocks.iter().peekable();
        while let Some(block) = blocks.next() {
            block_markdown(&mut out, block);
            let finding_list_goes_on = matches!(block, Block::Finding(_))
                && matches!(blocks.peek(), Some(Block::Finding(_)));
            if !finding_list_goes_on && !matches!(block, Block::Charts(_)) {
                out.push('\n');
            }
        }
    }
    out
}

fn block_markdown(out: &mut String, block: &Block) {
    match block {
        Block::Heading { level, text } => {
            let _ = writeln!(out, "{} {}", "#".repeat(*level as usize), inline(text));
        }
        Block::Verdict(text) => {
            let _ = writeln!(out, "**{}**", inline(text));
        }
        Block::Callout(text) => {
            let _ = writeln!(out, "> **{}**", inline(text));
        }
        Block::Paragraph(text) | Block::Muted(text) => {
            let _ = writeln!(out, "{}", paragraph(text));
        }
        Block::Facts(facts) => {
            for (label, value) in facts {
                let _ = writeln!(out, "- {}: {}", inline(label), inline(value));
            }
        }
        Block::Table(table) => table_markdown(out, table),
        Block::Bullets(items) => {
            for item in items {
                match &item.lead {
                    Some(lead) => {
                        let _ = writeln!(out, "- **{}**: {}", inline(lead), inline(&item.text));
                    }
                    None => {
                        let _ = writeln!(out, "- {}", inline(&item.text));
                    }
                }
            }
        }
        Block::Finding(finding) => {
            let _ = writeln!(
                out,
                "- **{}** — {}\n  - {}: {}\n  - {}: {}",
                inline(&finding.label),
                inline(&finding.title),
                inline(&finding.pattern_label),
                inline(&finding.pattern),
                inline(&finding.why_label),
                inline(&finding.why)
            );
        }
        Block::Charts(_) => {}
    }
}

fn table_markdown(out: &mut String, table: &Table) {
    let header: Vec<String> = table.columns.iter().map(|c| inline(&c.title)).collect();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let rule: Vec<&str> = table
        .columns
        .iter()
        .map(|c| if c.numeric { "---:" } else { "---" })
        .collect();
    let _ = writeln!(out, "|{}|", rule.join("|"));
    for row in &table.rows {
        let cells: Vec<String> = row
            .cells
            .iter()
            .map(|cell| {
                if cell.best {
                    format!("**{}** ✓", inline(&cell.text))
                } else {
                    inline(&cell.text)
                }
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
}

/// Text for inside a line of Markdown (a heading, a table cell, a list item),
/// shown as typed and never as markup: on one line (a line break would end a
/// table row); `&`, `<` and `>` as entities, so no HTML tag (`<script>`,
/// `<img onerror=…>`) or autolink (`<javascript:…>`) can form; and a backslash
/// before every character that makes links, code, emphasis or table cells
/// (`[`, `]`, `` ` ``, `*`, `~`, `|`, `#`, `$`, `\\`, and `_` where it is not
/// inside a word), so no `[text](javascript:…)` link can form either.
fn inline(text: &str) -> String {
    let chars: Vec<char> = one_line(text).chars().collect();
    let mut out = String::with_capacity(text.len());
    for (ix, &c) in chars.iter().enumerate() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' | ']' | '`' | '*' | '~' | '|' | '#' | '$' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !inside_word(&chars, ix) => out.push_str("\\_"),
            c => out.push(c),
        }
    }
    out
}

/// Whether the character at `ix` has a letter or digit on both sides, where
/// `_` cannot start or end emphasis and so stays unescaped (`order_service`).
fn inside_word(chars: &[char], ix: usize) -> bool {
    let alphanumeric = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric());
    ix > 0 && alphanumeric(chars.get(ix - 1)) && alphanumeric(chars.get(ix + 1))
}

/// Text that starts a line of its own (the project description): inline
/// text, trimmed so it cannot indent into a code block, with a leading list
/// marker (`-`, `+`, `1.`, `1)`) escaped so that it stays a paragraph.
fn paragraph(text: &str) -> String {
    let text = inline(text).trim().to_string();
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    match text[digits..].chars().next() {
        Some('-' | '+') if digits == 0 => format!("\\{text}"),
        Some('.' | ')') if digits > 0 => format!("{}\\{}", &text[..digits], &text[digits..]),
        _ => text,
    }
}
