//! Checks a project for inconsistencies before anything is computed or saved.

use rustc_hash::{FxHashMap, FxHashSet};
use thiserror::Error;

use super::{Project, SCHEMA_VERSION};
use crate::readiness::STANDARD_QUESTIONS;
use crate::text::Text;

/// One inconsistency in a project, named precisely enough to find and fix it.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum ValidationError {
    /// The document was written by an unknown (newer) version of Seams.
    #[error("schema_version {found} is not supported (this Seams reads version {supported})")]
    UnsupportedSchema {
        /// The version in the document.
        found: u32,
        /// The version this build reads.
        supported: u32,
    },
    /// A module has an empty id.
    #[error("module #{index} has an empty id")]
    EmptyModuleId {
        /// Its position (1-based) in the module list.
        index: usize,
    },
    /// Two modules share an id.
    #[error("module id '{0}' is used twice")]
    DuplicateModule(String),
    /// A module size is negative or not a number.
    #[error("module '{module}' has an invalid size {size} (must be a number from 0 to 10¹²)")]
    InvalidSize {
        /// The module id.
        module: String,
        /// The offending size.
        size: f64,
    },
    /// A call names a module that does not exist.
    #[error("call {caller} → {callee}: unknown module '{unknown}'")]
    UnknownModuleInCall {
        /// The caller id as written.
        caller: String,
        /// The callee id as written.
        callee: String,
        /// The id that is not a module.
        unknown: String,
    },
    /// The same caller → callee pair appears twice.
    #[error("call {caller} → {callee} is listed twice (merge them and add the volumes)")]
    DuplicateCall {
        /// The caller id.
        caller: String,
        /// The callee id.
        callee: String,
    },
    /// A call volume is negative or not a number.
    #[error(
        "call {caller} → {callee} has an invalid volume {volume} (must be a number from 0 to 10¹²)"
    )]
    InvalidVolume {
        /// The caller id.
        caller: String,
        /// The callee id.
        callee: String,
        /// The offending volume.
        volume: f64,
    },
    /// A split has an empty name.
    #[error("split #{index} has an empty name")]
    EmptySplitName {
        /// Its position (1-based) in the split list.
        index: usize,
    },
    /// Two splits share a name.
    #[error("split name '{0}' is used twice")]
    DuplicateSplit(String),
    /// Two splits share an id.
    #[error("split id '{0}' is used twice")]
    DuplicateSplitId(String),
    /// A service id is empty or used twice within a split.
    #[error("split '{split}': service id '{service}' is empty or used twice")]
    DuplicateService {
        /// The split name.
        split: String,
        /// The service id.
        service: String,
    },
    /// An assignment names a module that does not exist.
    #[error("split '{split}': assigns unknown module '{module}'")]
    UnknownModuleInSplit {
        /// The split name.
        split: String,
        /// The module id as written.
        module: String,
    },
    /// An assignment names a service that is not in the split.
    #[error(
        "split '{split}': module '{module}' is assigned to service '{service}', which is not in the split"
    )]
    UnknownServiceInSplit {
        /// The split name.
        split: String,
        /// The module id.
        module: String,
        /// The service id as written.
        service: String,
    },
    /// An entry point is placed in a service.
    #[error("split '{split}': '{module}' is an entry point and cannot belong to a service")]
    EntryPointInSplit {
        /// The split name.
        split: String,
        /// The entry point's id.
        module: String,
    },
    /// A readiness answer refers to a question that does not exist.
    #[error("readiness: {participant} answered unknown question '{question}'")]
    UnknownQuestion {
        /// Who answered.
        participant: String,
        /// The question id as written.
        question: String,
    },
    /// A custom question reuses an id.
    #[error("readiness: question id '{0}' is used twice")]
    DuplicateQuestion(String),
    /// A text is longer than its field allows.
    #[error("{} is longer than {limit} characters", what.en)]
    TooLong {
        /// The field, naming its object.
        what: Text,
        /// The limit, in characters.
        limit: usize,
    },
    /// A split's roadmap names what the split lacks, twice, or too much.
    #[error("split '{split}', roadmap: {}", problem.en)]
    Roadmap {
        /// The split name.
        split: String,
        /// What is wrong.
        problem: Text,
    },
    /// A forbidden dependency names a service the split lacks, or a service
    /// and itself.
    #[error(
        "split '{split}': the forbidden dependency {from} → {to} does not name two of its services"
    )]
    ForbiddenPair {
        /// The split name.
        split: String,
        /// The depending service as given.
        from: String,
        /// The other one.
        to: String,
    },
    /// One participant answers one question twice.
    #[error("readiness: {participant} answered question '{question}' twice")]
    DuplicateAnswer {
        /// Who answered.
        participant: String,
        /// The question id.
        question: String,
    },
}

impl ValidationError {
    /// The message in both interface languages (`Display` is the English one).
    pub fn text(&self) -> Text {
        use ValidationError as E;
        let ko = match self {
            E::UnsupportedSchema { found, supported } => format!(
                "schema_version {found}은(는) 지원하지 않습니다 (이 Seams는 버전 {supported}을(를) 읽습니다)"
            ),
            E::EmptyModuleId { index } => format!("{index}번째 모듈의 ID가 비어 있습니다"),
            E::DuplicateModule(id) => format!("모듈 ID '{id}'가 두 번 쓰였습니다"),
            E::InvalidSize { module, size } => format!(
                "모듈 '{module}'의 크기 {size}가 올바르지 않습니다 (0부터 10¹²까지의 수여야 합니다)"
            ),
            E::UnknownModuleInCall {
                caller,
                callee,
                unknown,
            } => format!("호출 {caller} → {callee}: 없는 모듈 '{unknown}'"),
            E::DuplicateCall { caller, callee } => format!(
                "호출 {caller} → {callee}이(가) 두 번 있습니다 (하나로 합치고 호출량을 더하세요)"
            ),
            E::InvalidVolume {
                caller,
                callee,
                volume,
            } => format!(
                "호출 {caller} → {callee}의 호출량 {volume}이(가) 올바르지 않습니다 (0부터 10¹²까지의 수여야 합니다)"
            ),
            E::EmptySplitName { index } => format!("{index}번째 분해안의 이름이 비어 있습니다"),
            E::DuplicateSplit(name) => format!("분해안 이름 '{name}'이(가) 두 번 쓰였습니다"),
            E::DuplicateSplitId(id) => format!("분해안 ID '{id}'가 두 번 쓰였습니다"),
            E::DuplicateService { split, service } => {
                format!("분해안 '{split}': 서비스 ID '{service}'가 비어 있거나 두 번 쓰였습니다")
            }
            E::UnknownModuleInSplit { split, module } => {
                format!("분해안 '{split}': 없는 모듈 '{module}'을(를) 배치합니다")
            }
            E::UnknownServiceInSplit {
                split,
                module,
                service,
            } => format!(
                "분해안 '{split}': 모듈 '{module}'이(가) 분해안에 없는 서비스 '{service}'에 배치되어 있습니다"
            ),
            E::EntryPointInSplit { split, module } => {
                format!("분해안 '{split}': '{module}'은(는) 진입점이라 서비스에 속할 수 없습니다")
            }
            E::UnknownQuestion {
                participant,
                question,
            } => format!("준비도: {participant}님이 없는 질문 '{question}'에 답했습니다"),
            E::DuplicateQuestion(id) => format!("준비도: 질문 ID '{id}'가 두 번 쓰였습니다"),
            E::TooLong { what, limit } => format!("{}: {limit}자까지 쓸 수 있습니다", what.ko),
            E::Roadmap { split, problem } => format!("분해안 '{split}'의 로드맵: {}", problem.ko),
            E::ForbiddenPair { split, from, to } => format!(
                "분해안 '{split}': 금지한 의존 {from} → {to}이(가) 이 분해안의 서로 다른 두 서비스가 아닙니다"
            ),
            E::DuplicateAnswer {
                participant,
                question,
            } => format!("준비도: {participant}님이 질문 '{question}'에 두 번 답했습니다"),
        };
        Text::new(ko, self.to_string())
    }
}

impl Project {
    /// The first inconsistency, if any.
    pub fn validate(&self) -> Result<(), ValidationError> {
        match self.validation_errors().into_iter().next() {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    /// Every inconsistency, in document order.
    pub fn validation_errors(&self) -> Vec<ValidationError> {
        let mut errors = Vec::new();
        if self.schema_version != SCHEMA_VERSION {
            errors.push(ValidationError::UnsupportedSchema {
                found: self.schema_version,
                supported: SCHEMA_VERSION,
            });
        }
        errors.extend(super::lengths::length_errors(self));
        let mut modules: FxHashMap<&str, bool> = FxHashMap::default();
        for (index, module) in self.modules.iter().enumerate() {
            if module.id.is_empty() {
                errors.push(ValidationError::EmptyModuleId { index: index + 1 });
            } else if modules.insert(&module.id, module.entry_point).is_some() {
                errors.push(ValidationError::DuplicateModule(module.id.clone()));
            }
            if !crate::graph::valid_magnitude(module.size) {
                errors.push(ValidationError::InvalidSize {
                    module: module.id.clone(),
                    size: module.size,
                });
            }
        }
        let mut pairs = FxHashSet::default();
        for call in &self.calls {
            for end in [&call.caller, &call.callee] {
                if !modules.contains_key(end.as_str()) {
                    errors.push(ValidationError::UnknownModuleInCall {
                        caller: call.caller.clone(),
                        callee: call.callee.clone(),
                        unknown: end.clone(),
                    });
                }
            }
            if !pairs.insert((call.caller.as_str(), call.callee.as_str())) {
                errors.push(ValidationError::DuplicateCall {
                    caller: call.caller.clone(),
                    callee: call.callee.clone(),
                });
            }
            if !crate::graph::valid_magnitude(call.volume) {
                errors.push(ValidationError::InvalidVolume {
                    caller: call.caller.clone(),
                    callee: call.callee.clone(),
                    volume: call.volume,
                });
            }
        }
        let mut split_names = FxHashSet::default();
        let mut split_ids = FxHashSet::default();
        for (index, split) in self.splits.iter().enumerate() {
            if !split.id.is_empty() && !split_ids.insert(split.id.as_str()) {
                errors.push(ValidationError::DuplicateSplitId(split.id.clone()));
            }
            if split.name.is_empty() {
                errors.push(ValidationError::EmptySplitName { index: index + 1 });
            } else if !split_names.insert(split.name.as_str()) {
                errors.push(ValidationError::DuplicateSplit(split.name.clone()));
            }
            let mut services = FxHashSet::default();
            for service in &split.services {
                if service.id.is_empty() || !services.insert(service.id.as_str()) {
                    errors.push(ValidationError::DuplicateService {
                        split: split.name.clone(),
                        service: service.id.clone(),
                    });
                }
            }
            for (module, service) in &split.assignment {
                match modules.get(module.as_str()) {
                    None => errors.push(ValidationError::UnknownModuleInSplit {
                        split: split.name.clone(),
                        module: module.clone(),
                    }),
                    Some(true) => errors.push(ValidationError::EntryPointInSplit {
                        split: split.name.clone(),
                        module: module.clone(),
                    }),
                    Some(false) => {}
                }
                if !services.contains(service.as_str()) {
                    errors.push(ValidationError::UnknownServiceInSplit {
                        split: split.name.clone(),
                        module: module.clone(),
                        service: service.clone(),
                    });
                }
            }
            errors.extend(
                split
                    .roadmap
                    .problems(&services)
                    .into_iter()
                    .map(|problem| ValidationError::Roadmap {
                        split: split.name.clone(),
                        problem,
                    }),
            );
            for pair in &split.forbidden {
                if pair.from == pair.to
                    || !services.contains(pair.from.as_str())
                    || !services.contains(pair.to.as_str())
                {
                    errors.push(ValidationError::ForbiddenPair {
                        split: split.name.clone(),
                        from: pair.from.clone(),
                        to: pair.to.clone(),
                    });
                }
            }
        }
        let mut questions: FxHashSet<&str> = STANDARD_QUESTIONS.iter().map(|q| q.id).collect();
        for question in &self.readiness.custom_questions {
            if !questions.insert(question.id.as_str()) {
                errors.push(ValidationError::DuplicateQuestion(question.id.clone()));
            }
        }
        let mut answered: FxHashSet<(&str, &str)> = FxHashSet::default();
        for answer in &self.readiness.answers {
            if !questions.contains(answer.question.as_str()) {
                errors.push(ValidationError::UnknownQuestion {
                    participant: answer.participant.clone(),
                    question: answer.question.clone(),
                });
            }
            if !answered.insert((answer.participant.as_str(), answer.question.as_str())) {
                errors.push(ValidationError::DuplicateAnswer {
                    participant: answer.participant.clone(),
                    question: answer.question.clone(),
                });
            }
        }
        errors
    }
}
