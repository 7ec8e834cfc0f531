//! The report as one standalone HTML document: inline CSS and SVG, no external
//! assets, prints cleanly to PDF from a browser.

use std::fmt::Write as _;

use super::document::{Block, Chart, Document, FindingBlock, Table};
use crate::metrics::format_value;

const STYLE: &str = r#"
:root { --text:#1d1f21; --muted:#5b6166; --border:#d9dad5; --accent:#2357c6; --good:#1f7a3d; --bad:#b3261e; --warn:#9a6200; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", "Apple SD Gothic Neo", "Noto Sans KR", "Malgun Gothic", sans-serif; color: var(--text); max-width: 1100px; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.5; word-break: keep-all; overflow-wrap: break-word; }
h1 { font-size: 1.8rem; margin-bottom: .25rem; }
h2 { margin-top: 2.2rem; border-bottom: 2px solid var(--border); padding-bottom: .25rem; }
h3 { margin-top: 1.5rem; }
h4 { margin: 1.1rem 0 .3rem; }
table { border-collapse: collapse; width: 100%; margin: .75rem 0; font-size: .92rem; }
th, td { border: 1px solid var(--border); padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.best { font-weight: 700; color: var(--good); }
.verdict { font-size: 1.15rem; font-weight: 700; padding: .75rem 1rem; border-left: 6px solid var(--accent); background: #f0f3fb; }
.callout { font-weight: 700; padding: .6rem 1rem; border-left: 6px solid var(--warn); background: #fbf5ea; }
.muted { color: var(--muted); }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(250px, 1fr)); gap: 1rem; }
figure { margin: 0; border: 1px solid var(--border); padding: .5rem; }
figcaption { font-size: .85rem; font-weight: 600; }
.finding { border-left: 4px solid var(--border); padding: .25rem .75rem; margin: .6rem 0; }
.finding.critical { border-color: var(--bad); }
.finding.warning { border-color: var(--warn); }
.severity { font-weight: 700; text-transform: uppercase; font-size: .8rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-before: auto; break-after: avoid; }
  table, figure, .finding { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
@page { margin: 16mm; }
"#;

/// Renders a document as standalone HTML.
pub fn render(document: &Document) -> String {
    let mut out = String::new();
    let title = escape(&document.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{title}</h1>\n",
        document.language.code(),
    );
    if !document.description.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"muted\">{}</p>",
            escape(&document.description)
        );
    }
    for section in &document.sections {
        let class = if section.class.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", section.class)
        };
        let _ = writeln!(
            out,
            "<section{class} id=\"{}\">\n<h2>{}</h2>",
            escape(&section.id),
            escape(&section.title)
        );
        for block in &section.blocks {
            block_html(&mut out, block);
        }
        out.push_str("</section>\n");
    }
    let _ = writeln!(
        out,
        "<footer class=\"muted\"><p>Seams v{}</p></footer>\n</body>\n</html>",
        env!("CARGO_PKG_VERSION")
    );
    out
}

fn block_html(out: &mut String, block: &Block) {
    match block {
        Block::Heading { level, text } => {
            let _ = writeln!(out, "<h{level}>{}</h{level}>", escape(text));
        }
        Block::Verdict(text) => {
            let _ = writeln!(
                out,
                "<p class=\"verdict\" data-verdict>{}</p>",
                escape(text)
            );
        }
        Block::Callout(text) => {
            let _ = writeln!(out, "<p class=\"callout\">{}</p>", escape(text));
        }
        Block::Paragraph(text) => {
            let _ = writeln!(out, "<p>{}</p>", escape(text));
        }
        Block::Muted(text) => {
            let _ = writeln!(out, "<p class=\"muted\">{}</p>", escape(text));
        }
        Block::Facts(facts) => {
            out.push_str("<ul>\n");
            for (label, value) in facts {
                let _ = writeln!(
                    out,
                    "<li>{}: <strong>{}</strong></li>",
                    escape(label),
                    escape(value)
                );
            }
            out.push_str("</ul>\n");
        }
        Block::Table(table) => table_html(out, table),
        Block::Bullets(items) => {
            if items.is_empty() {
                return;
            }
            out.push_str("<ul>\n");
            for item in items {
                match &item.lead {
                    Some(lead) => {
                        let _ = writeln!(
                            out,
                            "<li><strong>{}</strong>: {}</li>",
                            escape(lead),
                            escape(&item.text)
                        );
                    }
                    None => {
                        let _ = writeln!(out, "<li>{}</li>", escape(&item.text));
                    }
                }
            }
            out.push_str("</ul>\n");
        }
        Block::Finding(finding) => finding_html(out, finding),
        Block::Charts(charts) => {
            out.push_str("<div class=\"charts\">\n");
            for chart in charts {
                out.push_str(&bar_chart(chart));
            }
            out.push_str("</div>\n");
        }
    }
}

fn table_html(out: &mut String, table: &Table) {
    let class = if table.class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{}\"", table.class)
    };
    let _ = write!(out, "<table{class}><thead><tr>");
    for column in &table.columns {
        let class = if column.numeric { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th{class}>{}</th>", escape(&column.title));
    }
    out.push_str("</tr></thead><tbody>\n");
    for row in &table.rows {
        match row.metric {
            Some(key) => {
                let _ = write!(out, "<tr data-metric=\"{key}\">");
            }
            None => out.push_str("<tr>"),
        }
        for (cell, column) in row.cells.iter().zip(&table.columns) {
            let mut classes = Vec::new();
            if column.numeric {
                classes.push("num");
            }
            if cell.best {
                classes.push("best");
            }
            let class = if classes.is_empty() {
                String::new()
            } else {
                format!(" class=\"{}\"", classes.join(" "))
            };
            let title = cell
                .title
                .as_ref()
                .map_or(String::new(), |t| format!(" title=\"{}\"", escape(t)));
            let _ = write!(
                out,
                "<td{class}{title}>{}{}</td>",
                escape(&cell.text),
                if cell.best { " ✓" } else { "" }
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

fn finding_html(out: &mut String, finding: &FindingBlock) {
    let _ = writeln!(
        out,
        "<div class=\"finding {}\"><span class=\"severity\">{}</span> <strong>{}</strong><br>{}: {}<br><span class=\"muted\">{}</span></div>",
        finding.severity.key(),
        escape(&finding.label),
        escape(&finding.title),
        escape(&finding.pattern_label),
        escape(&finding.pattern),
        escape(&finding.why)
    );
}

/// A horizontal bar per label; the better ones in green.
fn bar_chart(chart: &Chart) -> String {
    let (width, bar, gap, label_width) = (240.0, 16.0, 6.0, 90.0);
    let height = chart.labels.len() as f64 * (bar + gap) + gap;
    let max = chart.values.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let title = escape(&chart.title);
    let mut svg = format!(
        "<figure><figcaption>{title}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"100%\" role=\"img\" aria-label=\"{title}\">"
    );
    for (ix, (name, value)) in chart.labels.iter().zip(&chart.values).enumerate() {
        let y = gap + ix as f64 * (bar + gap);
        let length = if max > 0.0 {
            value.abs() / max * (width - label_width - 50.0)
        } else {
            0.0
        };
        let colour = if chart.best.contains(&ix) {
            "#1f7a3d"
        } else {
            "#8a9bbf"
        };
        let short: String = name.chars().take(12).collect();
        let _ = write!(
            svg,
            "<text x=\"0\" y=\"{:.1}\" font-size=\"10\">{}</text><rect x=\"{label_width}\" y=\"{y:.1}\" width=\"{length:.1}\" height=\"{bar}\" fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\">{}</text>",
            y + bar - 4.0,
            escape(&short),
            label_width + length + 4.0,
            y + bar - 4.0,
            format_value(*value)
        );
    }
    svg.push_str("</svg></figure>\n");
    svg
}

/// Escapes text for HTML content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
