//! How long the text of a project may be: a name fits a line, a description a
//! page. Checked with every edit and import, so that one careless or hostile
//! field (a 60 MiB checklist note) cannot make every open of a project heavy.

use super::validate::ValidationError;
use super::{Module, Project};
use crate::text::Text;

/// Ids, names, tags and list items, in characters.
pub const MAX_NAME_CHARS: usize = 500;
/// Descriptions, notes and question texts, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// Whether `text` is over `limit` characters (bytes first: they bound them).
pub(super) fn over(text: &str, limit: usize) -> bool {
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
    fn check(&mut self, what: impl FnOnce() -> Text, text: &str, limit: usize) {
        if over(text, limit) {
            self.0.push(ValidationError::TooLong {
                what: what(),
                limit,
            });
        }
    }

    fn module(&mut self, module: &Module) {
        let id = || shown(&module.id);
        self.check(
            || Text::new(format!("모듈 ID {}", id()), format!("module id {}", id())),
            &module.id,
            MAX_NAME_CHARS,
        );
        let named = |ko: &str, en: &str| {
            Text::new(
                format!("모듈 {}의 {ko}", id()),
                format!("{en} of module {}", id()),
            )
        };
        self.check(|| named("이름", "the name"), &module.name, MAX_NAME_CHARS);
        self.check(
            || named("설명", "the description"),
            &module.description,
            MAX_TEXT_CHARS,
        );
        for tag in [&module.team, &module.capability, &module.subdomain]
            .into_iter()
            .flatten()
        {
            self.check(|| named("태그", "a tag"), tag, MAX_NAME_CHARS);
        }
        for item in module
            .use_cases
            .iter()
            .chain(&module.reads)
            .chain(&module.writes)
        {
            self.check(
                || named("유스케이스 또는 테이블", "a use case or table"),
                item,
                MAX_NAME_CHARS,
            );
        }
    }
}

/// One error per field of `project` over its limit.
pub fn length_errors(project: &Project) -> Vec<ValidationError> {
    let mut lengths = Lengths(Vec::new());
    lengths.check(
        || Text::new("프로젝트 이름", "the project name"),
        &project.name,
        MAX_NAME_CHARS,
    );
    lengths.check(
        || Text::new("프로젝트 설명", "the project description"),
        &project.description,
        MAX_TEXT_CHARS,
    );
    for module in &project.modules {
        lengths.module(module);
    }
    for split in &project.splits {
        lengths.check(
            || {
                let name = shown(&split.name);
                Text::new(format!("분해안 이름 {name}"), format!("split name {name}"))
            },
            &split.name,
            MAX_NAME_CHARS,
        );
        for service in &split.services {
            let id = || shown(&service.id);
            lengths.check(
                || {
                    Text::new(
                        format!("서비스 ID {}", id()),
                        format!("service id {}", id()),
                    )
                },
                &service.id,
                MAX_NAME_CHARS,
            );
            lengths.check(
                || {
                    Text::new(
                        format!("서비스 {}의 이름", id()),
                        format!("the name of service {}", id()),
                    )
                },
                &service.name,
                MAX_NAME_CHARS,
            );
            lengths.check(
                || {
                    Text::new(
                        format!("서비스 {}의 설명", id()),
                        format!("the description of service {}", id()),
                    )
                },
                &service.description,
                MAX_TEXT_CHARS,
            );
        }
    }
    for question in &project.readiness.custom_questions {
        lengths.check(
            || {
                let id = shown(&question.id);
                Text::new(format!("질문 ID {id}"), format!("question id {id}"))
            },
            &question.id,
            MAX_NAME_CHARS,
        );
        for text in [&question.ko, &question.en] {
            lengths.check(
                || {
                    let id = shown(&question.id);
                    Text::new(
                        format!("질문 {id}의 본문"),
                        format!("the text of question {id}"),
                    )
                },
                text,
                MAX_TEXT_CHARS,
            );
        }
    }
    for answer in &project.readiness.answers {
        lengths.check(
            || {
                let id = shown(&answer.question);
                Text::new(
                    format!("질문 {id}에 단 메모"),
                    format!("the note on question {id}"),
                )
            },
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
