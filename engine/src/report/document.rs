//! The report as a tree: sections of headings, paragraphs, tables, lists,
//! findings and charts. The content is written once (see `content`) and each
//! writer (HTML, Markdown) renders the same tree, so a new section is one
//! function, not one per format.

use crate::advice::Severity;
use crate::text::Language;

/// A whole report.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    /// Its language.
    pub language: Language,
    /// The title.
    pub title: String,
    /// The text under the title (the project description); may be empty.
    pub description: String,
    /// The sections, in order.
    pub sections: Vec<Section>,
}

/// A top-level section.
#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    /// Its anchor (`readiness`, `split-0`, …).
    pub id: String,
    /// A class the HTML gives it (empty for none).
    pub class: &'static str,
    /// Its heading.
    pub title: String,
    /// What it holds.
    pub blocks: Vec<Block>,
}

/// One piece of a section.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// A heading below the section's: level 3 or 4.
    Heading {
        /// 3 or 4.
        level: u8,
        /// The text.
        text: String,
    },
    /// The readiness verdict, set apart.
    Verdict(String),
    /// A warning that stands above what follows.
    Callout(String),
    /// A paragraph.
    Paragraph(String),
    /// A paragraph of secondary text.
    Muted(String),
    /// Labelled values.
    Facts(Vec<(String, String)>),
    /// A table.
    Table(Table),
    /// A list, each item with an optional bold lead.
    Bullets(Vec<Bullet>),
    /// One advice finding.
    Finding(FindingBlock),
    /// Bar charts (the HTML draws them; Markdown has the table already).
    Charts(Vec<Chart>),
}

/// A table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// A class the HTML gives it (empty for none).
    pub class: &'static str,
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, each as wide as the columns.
    pub rows: Vec<Row>,
}

/// A column of a table.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// Its header.
    pub title: String,
    /// Numbers, aligned right.
    pub numeric: bool,
}

impl Column {
    /// A column of text.
    pub fn text(title: impl Into<String>) -> Column {
        Column {
            title: title.into(),
            numeric: false,
        }
    }

    /// A column of numbers.
    pub fn number(title: impl Into<String>) -> Column {
        Column {
            title: title.into(),
            numeric: true,
        }
    }
}

/// A row of a table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    /// The metric the row is about, for the HTML's `data-metric`.
    pub metric: Option<&'static str>,
    /// The cells.
    pub cells: Vec<Cell>,
}

impl Row {
    /// A row of plain cells.
    pub fn of(cells: impl IntoIterator<Item = String>) -> Row {
        Row {
            metric: None,
            cells: cells.into_iter().map(Cell::from).collect(),
        }
    }
}

/// A cell of a table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    /// The text.
    pub text: String,
    /// The better value of its row, marked.
    pub best: bool,
    /// A tooltip (the HTML's `title`).
    pub title: Option<String>,
}

impl From<String> for Cell {
    fn from(text: String) -> Cell {
        Cell {
            text,
            ..Cell::default()
        }
    }
}

/// A list item.
#[derive(Clone, Debug, PartialEq)]
pub struct Bullet {
    /// Set in bold before the text.
    pub lead: Option<String>,
    /// The text.
    pub text: String,
}

impl Bullet {
    /// An item with a bold lead.
    pub fn led(lead: impl Into<String>, text: impl Into<String>) -> Bullet {
        Bullet {
            lead: Some(lead.into()),
            text: text.into(),
        }
    }

    /// An item of plain text.
    pub fn plain(text: impl Into<String>) -> Bullet {
        Bullet {
            lead: None,
            text: text.into(),
        }
    }
}

/// An advice finding as the report shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct FindingBlock {
    /// How urgent.
    pub severity: Severity,
    /// The severity in words.
    pub label: String,
    /// What was found.
    pub title: String,
    /// "Pattern" in the report's language.
    pub pattern_label: String,
    /// The recommended pattern.
    pub pattern: String,
    /// "Why" in the report's language.
    pub why_label: String,
    /// Why it helps.
    pub why: String,
}

/// A bar chart: one bar per label.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// What it shows.
    pub title: String,
    /// One label per bar.
    pub labels: Vec<String>,
    /// One value per bar.
    pub values: Vec<f64>,
    /// The bars drawn as better.
    pub best: Vec<usize>,
}
