//! What a boundary check found, written where CI shows it: plain text, SARIF
//! 2.1.0 (code scanning), JUnit XML (test reports) and GitHub workflow
//! annotations. Rule ids and fingerprints are stable, so one violation is
//! the same result from run to run.

use super::Location;

/// One thing that fails the check.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The rule's stable id (`seams/forbidden-dependency`, `seams/metric-limit`, …).
    pub rule: String,
    /// What the rule asks, in a sentence.
    pub rule_text: String,
    /// What broke it, in a sentence.
    pub message: String,
    /// Where in the code, when known.
    pub at: Option<Location>,
    /// Stable across runs while the same thing breaks the same rule.
    pub fingerprint: String,
}

/// A check's result, for every format.
pub struct Results<'a> {
    /// What fails.
    pub findings: &'a [Finding],
    /// Lines that do not fail (known violations, baseline entries gone, drift
    /// that breaks no rule), said in the text and annotation formats.
    pub notes: &'a [String],
    /// The file the findings without a place in the code point to (the project).
    pub fallback_file: &'a str,
    /// The Seams version.
    pub version: &'a str,
}

impl Results<'_> {
    /// Plain text: one line per finding, then the notes.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for finding in self.findings {
            let at = finding
                .at
                .as_ref()
                .map_or(String::new(), |at| format!("{}:{}: ", at.file, at.line));
            out.push_str(&format!("{at}{}: {}\n", finding.rule, finding.message));
        }
        for note in self.notes {
            out.push_str(note);
            out.push('\n');
        }
        if self.findings.is_empty() {
            out.push_str("the split's boundaries hold\n");
        }
        out
    }

    /// GitHub workflow commands: an error annotation per finding, a notice per note.
    pub fn github(&self) -> String {
        let mut out = String::new();
        for finding in self.findings {
            let (file, line) = self.place(finding);
            out.push_str(&format!(
                "::error file={},line={line},title={}::{}\n",
                property(&file),
                property(&finding.rule),
                data(&finding.message)
            ));
        }
        for note in self.notes {
            out.push_str(&format!("::notice title=Seams::{}\n", data(note)));
        }
        out
    }

    /// JUnit XML: one test case per finding (failed), or one passing case.
    pub fn junit(&self) -> String {
        let mut cases = String::new();
        for finding in self.findings {
            let (file, line) = self.place(finding);
            cases.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" line=\"{line}\">\n      <failure message=\"{}\" type=\"{}\">{}</failure>\n    </testcase>\n",
                xml(&finding.rule),
                xml(&finding.message),
                xml(&file),
                xml(&finding.message),
                xml(&finding.rule),
                xml(&finding.rule_text),
            ));
        }
        if self.findings.is_empty() {
            cases.push_str(
                "    <testcase classname=\"seams\" name=\"the split's boundaries hold\"/>\n",
            );
        }
        let notes = if self.notes.is_empty() {
            String::new()
        } else {
            format!(
                "    <system-out>{}</system-out>\n",
                xml(&self.notes.join("\n"))
            )
        };
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n  <testsuite name=\"seams boundaries\" tests=\"{}\" failures=\"{}\">\n{cases}{notes}  </testsuite>\n</testsuites>\n",
            self.findings.len().max(1),
            self.findings.len()
        )
    }

    /// SARIF 2.1.0: one run, the rules the findings break, one result each.
    pub fn sarif(&self) -> String {
        let mut rules: Vec<(&str, &str)> = self
            .findings
            .iter()
            .map(|f| (f.rule.as_str(), f.rule_text.as_str()))
            .collect();
        rules.sort_unstable();
        rules.dedup_by(|a, b| a.0 == b.0);
        let results: Vec<serde_json::Value> = self
            .findings
            .iter()
            .map(|finding| {
                let (file, line) = self.place(finding);
                serde_json::json!({
                    "ruleId": finding.rule,
                    "ruleIndex": rules.iter().position(|(id, _)| *id == finding.rule),
                    "level": "error",
                    "message": { "text": finding.message },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": file },
                            "region": { "startLine": line },
                        }
                    }],
                    "partialFingerprints": { "seamsFinding/v1": finding.fingerprint },
                })
            })
            .collect();
        let document = serde_json::json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "Seams",
                    "version": self.version,
                    "rules": rules.iter().map(|(id, text)| serde_json::json!({
                        "id": id,
                        "shortDescription": { "text": text },
                    })).collect::<Vec<_>>(),
                }},
                "results": results,
            }],
        });
        serde_json::to_string_pretty(&document).unwrap_or_default() + "\n"
    }

    /// A finding's file and line (the project file, line 1, when the code's place is unknown).
    fn place(&self, finding: &Finding) -> (String, u32) {
        match &finding.at {
            Some(at) => (at.file.clone(), at.line.max(1)),
            None => (self.fallback_file.to_string(), 1),
        }
    }
}

/// A workflow command's property value, escaped.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A workflow command's message, escaped.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
