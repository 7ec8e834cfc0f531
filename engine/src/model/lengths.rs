//! How long the text of a project may be: a name fits a line, a description a
//! page. Checked with every edit and import, so that one careless or hostile
//! field (a 60 MiB checklist note) cannot make every open of a project heavy.

use super::validate::ValidationError;
use super::{Module, Project};

/// Ids, names, tags and list items, in characters.
pub const MAX_NAME_CHARS: usize = 500;
/// Descriptions, notes and question texts, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Whether `text` is over `limit` characters (bytes first: they bound them).
fn over(text: &str, limit: usize) -> bool {
    text.len() > limit && text.chars().count() > limit
}

/// The shortened start of an over-long text, to name it in a message.
fn shown(text: &str) -> String {
    let start: String = text.chars().take(40).collect();
    match start.len() < text.len() {
        true => format!("'{start}…'"),
        false => format!("'{start}'"),
    }
}

/// Collects one error per field over its limit.
struct Lengths(Vec<ValidationError>);

impl Lengths {
    fn check(&mut self, what: impl FnOnce() -> String, text: &str, limit: usize) {
        if over(text, limit) {
            self.0.push(ValidationError::TooLong {
                what: what(),
                limit,
            });
        }
    }

    fn module(&mut self, module: &Module) {
        let id = || shown(&module.id);
        self.check(|| format!("module id {}", id()), &module.id, MAX_NAME_CHARS);
        let named = |field: &str| format!("{field} of module {}", id());
        self.check(|| named("the name"), &module.name, MAX_NAME_CHARS);
        self.check(
            || named("the description"),
            &module.description,
            MAX_TEXT_CHARS,
        );
        for tag in [&module.team, &module.capability, &module.subdomain]
            .into_iter()
            .flatten()
        {
            self.check(|| named("a tag"), tag, MAX_NAME_CHARS);
        }
        for item in module
            .use_cases
            .iter()
            .chain(&module.reads)
            .chain(&module.writes)
        {
            self.check(|| named("a use case or table"), item, MAX_NAME_CHARS);
        }
    }
}

/// One error per field of `project` over its limit.
pub fn length_errors(project: &Project) -> Vec<ValidationError> {
    let mut lengths = Lengths(Vec::new());
    lengths.check(|| "the project name".into(), &project.name, MAX_NAME_CHARS);
    lengths.check(
        || "the project description".into(),
        &project.description,
        MAX_TEXT_CHARS,
    );
    for module in &project.modules {
        lengths.module(module);
    }
    for split in &project.splits {
        lengths.check(
            || format!("split name {}", shown(&split.name)),
            &split.name,
            MAX_NAME_CHARS,
        );
        for service in &split.services {
            let id = || shown(&service.id);
            lengths.check(
                || format!("service id {}", id()),
                &service.id,
                MAX_NAME_CHARS,
            );
            lengths.check(
                || format!("the name of service {}", id()),
                &service.name,
                MAX_NAME_CHARS,
            );
            lengths.check(
                || format!("the description of service {}", id()),
                &service.description,
                MAX_TEXT_CHARS,
            );
        }
    }
    for question in &project.readiness.custom_questions {
        lengths.check(
            || format!("question id {}", shown(&question.id)),
            &question.id,
            MAX_NAME_CHARS,
        );
        for text in [&question.ko, &question.en] {
            lengths.check(
                || format!("the text of question {}", shown(&question.id)),
                text,
                MAX_TEXT_CHARS,
            );
        }
    }
    for answer in &project.readiness.answers {
        lengths.check(
            || format!("the note on question {}", shown(&answer.question)),
            &answer.note,
            MAX_TEXT_CHARS,
        );
    }
    lengths.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AnswerValue, ReadinessAnswer};

    #[test]
    fn a_huge_note_or_name_is_refused_and_ordinary_text_passes() {
        let mut project = crate::demo::project();
        assert!(length_errors(&project).is_empty());
        project.readiness.answers.push(ReadinessAnswer {
            participant: "guest".into(),
            question: "n1".into(),
            answer: AnswerValue::Yes,
            note: "x".repeat(MAX_TEXT_CHARS + 1),
        });
        project.modules[0].name = "이름".repeat(MAX_NAME_CHARS);
        let errors: Vec<String> = length_errors(&project)
            .iter()
            .map(|e| e.to_string())
            .collect();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("the name of module '"), "{errors:?}");
        assert!(
            errors[0].ends_with("is longer than 500 characters"),
            "{errors:?}"
        );
        assert_eq!(
            errors[1],
            "the note on question 'n1' is longer than 20000 characters"
        );
        // Characters, not bytes: 500 Korean syllables are 1,500 bytes and fit.
        project.modules[0].name = "이".repeat(MAX_NAME_CHARS);
        project.readiness.answers.pop();
        assert!(length_errors(&project).is_empty());
    }
}
