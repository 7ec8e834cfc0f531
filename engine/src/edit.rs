//! Edits: the changes people make to a project, one at a time. The same code
//! applies an edit in the browser (to show it at once) and on the server (to save
//! it), and replays history to restore an earlier revision.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::model::{
    AnswerValue, Call, CustomQuestion, Layer, Module, Project, ReadinessAnswer, RoadmapPlan,
    Service, ServicePair, Split, ValidationError,
};
use crate::text::Text;

/// One change to a project.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Edit {
    /// Renames or re-describes the project.
    SetInfo {
        /// New name.
        name: String,
        /// New description.
        description: String,
    },
    /// Adds a module, or replaces the one with the same id.
    PutModule {
        /// The module.
        module: Module,
    },
    /// Removes a module with its calls and assignments.
    DeleteModule {
        /// Its id.
        id: String,
    },
    /// Adds a call, or replaces the one between the same modules.
    PutCall {
        /// The call.
        call: Call,
    },
    /// Removes a call.
    DeleteCall {
        /// Caller id.
        caller: String,
        /// Callee id.
        callee: String,
    },
    /// Adds a split (it must carry a new id).
    AddSplit {
        /// The split.
        split: Split,
    },
    /// Renames a split.
    RenameSplit {
        /// The split id.
        split: String,
        /// New name.
        name: String,
    },
    /// Removes a split.
    DeleteSplit {
        /// The split id.
        split: String,
    },
    /// Adds a service to a split, or renames/re-describes it.
    PutService {
        /// The split id.
        split: String,
        /// The service.
        service: Service,
    },
    /// Removes a service; its modules become unassigned.
    DeleteService {
        /// The split id.
        split: String,
        /// The service id.
        service: String,
    },
    /// Moves a module to a service (last in its order), or out of every service.
    Assign {
        /// The split id.
        split: String,
        /// The module id.
        module: String,
        /// The service id; `None` leaves the module unassigned.
        service: Option<String>,
    },
    /// Moves several modules of one split at once, in order, each as
    /// [`Edit::Assign`] would: the split editor saves its draft as one edit, so
    /// a session of moves is one revision and one round trip.
    Moves {
        /// The split id.
        split: String,
        /// The moves, applied in this order.
        moves: Vec<Move>,
    },
    /// Replaces what the team decided about a split's migration roadmap
    /// (order, pins, ruled-out orders, kept tables, step owners and notes).
    SetRoadmap {
        /// The split id.
        split: String,
        /// The new decisions.
        roadmap: RoadmapPlan,
    },
    /// Replaces the service dependencies the team ruled out for a split (the
    /// boundary rules exported from it forbid them).
    SetForbidden {
        /// The split id.
        split: String,
        /// The forbidden pairs, by service id.
        forbidden: Vec<ServicePair>,
    },
    /// Adds or changes a project-specific readiness question.
    PutQuestion {
        /// The question.
        question: CustomQuestion,
    },
    /// Removes a project-specific question and its answers.
    DeleteQuestion {
        /// The question id.
        id: String,
    },
    /// Records, changes or clears one participant's answer.
    Answer {
        /// Who answers.
        participant: String,
        /// The question id.
        question: String,
        /// The answer; `None` clears it.
        answer: Option<AnswerValue>,
        /// The participant's note.
        note: String,
    },
    /// Replaces modules and calls (an import), and the splits when given.
    Import {
        /// The new modules.
        modules: Vec<Module>,
        /// The new calls.
        calls: Vec<Call>,
        /// The new splits; `None` keeps the current ones (minus unknown modules).
        splits: Option<Vec<Split>>,
    },
    /// Merges an evidence layer (history, traces, analyzer output) into the
    /// model, replacing the earlier import of the same source (see
    /// [`crate::layers::merge`]).
    PutLayer {
        /// The layer.
        layer: Layer,
    },
    /// Removes a layer and the calls it added.
    DeleteLayer {
        /// The layer's source name.
        source: String,
    },
    /// Replaces everything (restoring an earlier revision).
    ReplaceAll {
        /// The project as it was.
        project: Project,
    },
}

/// One module's move within [`Edit::Moves`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Move {
    /// The module id.
    pub module: String,
    /// The service id; `None` leaves the module unassigned.
    pub service: Option<String>,
}

/// Something an edit touches, for change tracking and conflict detection.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Object {
    /// Name and description.
    Info,
    /// A module.
    Module {
        /// Module id.
        id: String,
    },
    /// A call.
    Call {
        /// Caller id.
        caller: String,
        /// Callee id.
        callee: String,
    },
    /// A split's name and existence.
    Split {
        /// Split id.
        id: String,
    },
    /// A service.
    Service {
        /// Split id.
        split: String,
        /// Service id.
        id: String,
    },
    /// Where a module sits in a split.
    Assignment {
        /// Split id.
        split: String,
        /// Module id.
        module: String,
    },
    /// A split's roadmap decisions.
    Roadmap {
        /// Split id.
        split: String,
    },
    /// A custom question.
    Question {
        /// Question id.
        id: String,
    },
    /// One participant's answer.
    Answer {
        /// Participant.
        participant: String,
        /// Question id.
        question: String,
    },
    /// Everything (imports and restores).
    Everything,
}

impl Object {
    /// A stable text key, for maps of versions.
    pub fn key(&self) -> String {
        const SEP: char = '\u{1f}';
        match self {
            Object::Info => "info".to_string(),
            Object::Module { id } => format!("module{SEP}{id}"),
            Object::Call { caller, callee } => format!("call{SEP}{caller}{SEP}{callee}"),
            Object::Split { id } => format!("split{SEP}{id}"),
            Object::Service { split, id } => format!("service{SEP}{split}{SEP}{id}"),
            Object::Assignment { split, module } => format!("assignment{SEP}{split}{SEP}{module}"),
            Object::Roadmap { split } => format!("roadmap{SEP}{split}"),
            Object::Question { id } => format!("question{SEP}{id}"),
            Object::Answer {
                participant,
                question,
            } => format!("answer{SEP}{participant}{SEP}{question}"),
            Object::Everything => "everything".to_string(),
        }
    }
}

/// Why an edit cannot be applied.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum EditError {
    /// The object to change does not exist (any more); names it.
    #[error("{} does not exist (it may have been deleted meanwhile)", .0.en)]
    Missing(Text),
    /// Something with this id or name exists already; names it.
    #[error("{} already exists", .0.en)]
    Exists(Text),
    /// The result would be an inconsistent project.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
    /// The edit itself is malformed; says how.
    #[error("{}", .0.en)]
    Malformed(Text),
}

impl EditError {
    /// The message in both interface languages (`Display` is the English one).
    pub fn text(&self) -> Text {
        match self {
            EditError::Missing(what) => Text::new(
                format!("없습니다: {} (그사이 삭제되었을 수 있습니다)", what.ko),
                self.to_string(),
            ),
            EditError::Exists(what) => {
                Text::new(format!("이미 있습니다: {}", what.ko), self.to_string())
            }
            EditError::Invalid(invalid) => invalid.text(),
            EditError::Malformed(how) => how.clone(),
        }
    }
}

/// Refuses a project that a layer has grown past what any import may bring
/// (layers add up: each is checked on its own when read).
fn within_limits(project: &Project) -> Result<(), EditError> {
    let limits = crate::formats::ImportLimits::default();
    let (modules, calls) = (project.modules.len(), project.calls.len());
    if modules > limits.max_modules || calls > limits.max_calls {
        return Err(EditError::Malformed(Text::new(
            format!(
                "이 자료를 더하면 모듈 {modules}개, 호출 {calls}개가 되어 한도(모듈 {}개, 호출 {}개)를 넘습니다",
                limits.max_modules, limits.max_calls
            ),
            format!(
                "with this layer the project would have {modules} modules and {calls} calls; the limit is {} modules and {} calls",
                limits.max_modules, limits.max_calls
            ),
        )));
    }
    Ok(())
}

impl Edit {
    /// Applies the edit to `project`; on error the project is unchanged.
    pub fn apply(&self, project: &mut Project) -> Result<(), EditError> {
        *project = self.applied_to(project)?;
        Ok(())
    }

    /// The project after this edit, leaving `project` as it is.
    pub fn applied_to(&self, project: &Project) -> Result<Project, EditError> {
        let mut next = project.clone();
        self.apply_unchecked(&mut next)?;
        next.validate()?;
        Ok(next)
    }

    fn apply_unchecked(&self, p: &mut Project) -> Result<(), EditError> {
        match self {
            Edit::SetInfo { name, description } => {
                if name.trim().is_empty() {
                    return Err(EditError::Malformed(Text::new(
                        "프로젝트 이름이 비어 있습니다",
                        "the project name is empty",
                    )));
                }
                p.name = name.trim().to_string();
                p.description = description.clone();
            }
            Edit::PutModule { module } => match p.modules.iter_mut().find(|m| m.id == module.id) {
                Some(existing) => {
                    if module.entry_point && !existing.entry_point {
                        for split in &mut p.splits {
                            split.assignment.shift_remove(&module.id);
                        }
                    }
                    *existing = module.clone();
                }
                None => p.modules.push(module.clone()),
            },
            Edit::DeleteModule { id } => {
                let before = p.modules.len();
                p.modules.retain(|m| &m.id != id);
                if p.modules.len() == before {
                    return Err(EditError::Missing(Text::new(
                        format!("모듈 '{id}'"),
                        format!("module '{id}'"),
                    )));
                }
                p.calls.retain(|c| &c.caller != id && &c.callee != id);
                for split in &mut p.splits {
                    split.assignment.shift_remove(id);
                }
            }
            Edit::PutCall { call } => {
                match p
                    .calls
                    .iter_mut()
                    .find(|c| c.caller == call.caller && c.callee == call.callee)
                {
                    Some(existing) => *existing = call.clone(),
                    None => p.calls.push(call.clone()),
                }
            }
            Edit::DeleteCall { caller, callee } => {
                let before = p.calls.len();
                p.calls
                    .retain(|c| !(&c.caller == caller && &c.callee == callee));
                if p.calls.len() == before {
                    return Err(EditError::Missing(Text::new(
                        format!("호출 {caller} → {callee}"),
                        format!("call {caller} → {callee}"),
                    )));
                }
            }
            Edit::AddSplit { split } => {
                if split.id.is_empty() {
                    return Err(EditError::Malformed(Text::new(
                        "새 분해안에는 ID가 필요합니다",
                        "a new split needs an id",
                    )));
                }
                if p.split_by_id(&split.id).is_some() {
                    return Err(EditError::Exists(Text::new(
                        format!("분해안 ID '{}'", split.id),
                        format!("split id '{}'", split.id),
                    )));
                }
                if p.split(&split.name).is_some() {
                    return Err(EditError::Exists(Text::new(
                        format!("이름이 '{}'인 분해안", split.name),
                        format!("a split named '{}'", split.name),
                    )));
                }
                p.splits.push(split.clone());
            }
            Edit::RenameSplit { split, name } => {
                if name.trim().is_empty() {
                    return Err(EditError::Malformed(Text::new(
                        "분해안 이름이 비어 있습니다",
                        "the split name is empty",
                    )));
                }
                if p.splits
                    .iter()
                    .any(|s| s.name == name.trim() && &s.id != split)
                {
                    let name = name.trim();
                    return Err(EditError::Exists(Text::new(
                        format!("이름이 '{name}'인 분해안"),
                        format!("a split named '{name}'"),
                    )));
                }
                split_mut(p, split)?.name = name.trim().to_string();
            }
            Edit::DeleteSplit { split } => {
                split_mut(p, split)?;
                p.splits.retain(|s| &s.id != split);
            }
            Edit::PutService { split, service } => {
                if service.id.is_empty() {
                    return Err(EditError::Malformed(Text::new(
                        "서비스에는 ID가 필요합니다",
                        "a service needs an id",
                    )));
                }
                let s = split_mut(p, split)?;
                match s.services.iter_mut().find(|x| x.id == service.id) {
                    Some(existing) => *existing = service.clone(),
                    None => s.services.push(service.clone()),
                }
            }
            Edit::DeleteService { split, service } => {
                let s = split_mut(p, split)?;
                let before = s.services.len();
                s.services.retain(|x| &x.id != service);
                if s.services.len() == before {
                    return Err(EditError::Missing(Text::new(
                        format!("서비스 '{service}'"),
                        format!("service '{service}'"),
                    )));
                }
                s.assignment.retain(|_, x| x != service);
                s.roadmap.forget_service(service);
                s.forbidden
                    .retain(|pair| &pair.from != service && &pair.to != service);
            }
            Edit::Assign {
                split,
                module,
                service,
            } => {
                if !p.modules.iter().any(|m| &m.id == module) {
                    return Err(EditError::Missing(Text::new(
                        format!("모듈 '{module}'"),
                        format!("module '{module}'"),
                    )));
                }
                let s = split_mut(p, split)?;
                s.assignment.shift_remove(module);
                if let Some(service) = service {
                    if !s.services.iter().any(|x| &x.id == service) {
                        return Err(EditError::Missing(Text::new(
                            format!("서비스 '{service}'"),
                            format!("service '{service}'"),
                        )));
                    }
                    s.assignment.insert(module.clone(), service.clone());
                }
            }
            Edit::Moves { split, moves } => {
                if moves.is_empty() {
                    return Err(EditError::Malformed(Text::new(
                        "옮길 모듈이 없습니다",
                        "no module to move",
                    )));
                }
                let known: rustc_hash::FxHashSet<&str> =
                    p.modules.iter().map(|m| m.id.as_str()).collect();
                if let Some(unknown) = moves.iter().find(|m| !known.contains(m.module.as_str())) {
                    return Err(EditError::Missing(Text::new(
                        format!("모듈 '{}'", unknown.module),
                        format!("module '{}'", unknown.module),
                    )));
                }
                let s = split_mut(p, split)?;
                for Move { module, service } in moves {
                    s.assignment.shift_remove(module);
                    if let Some(service) = service {
                        if !s.services.iter().any(|x| &x.id == service) {
                            return Err(EditError::Missing(Text::new(
                                format!("서비스 '{service}'"),
                                format!("service '{service}'"),
                            )));
                        }
                        s.assignment.insert(module.clone(), service.clone());
                    }
                }
            }
            Edit::SetRoadmap { split, roadmap } => split_mut(p, split)?.roadmap = roadmap.clone(),
            Edit::SetForbidden { split, forbidden } => {
                let mut pairs = forbidden.clone();
                pairs.sort();
                pairs.dedup();
                split_mut(p, split)?.forbidden = pairs;
            }
            Edit::PutQuestion { question } => {
                let questions = &mut p.readiness.custom_questions;
                match questions.iter_mut().find(|q| q.id == question.id) {
                    Some(existing) => *existing = question.clone(),
                    None => questions.push(question.clone()),
                }
            }
            Edit::DeleteQuestion { id } => {
                let before = p.readiness.custom_questions.len();
                p.readiness.custom_questions.retain(|q| &q.id != id);
                if p.readiness.custom_questions.len() == before {
                    return Err(EditError::Missing(Text::new(
                        format!("질문 '{id}'"),
                        format!("question '{id}'"),
                    )));
                }
                p.readiness.answers.retain(|a| &a.question != id);
            }
            Edit::Answer {
                participant,
                question,
                answer,
                note,
            } => {
                let answers = &mut p.readiness.answers;
                let position = answers
                    .iter()
                    .position(|a| &a.participant == participant && &a.question == question);
                match (answer, position) {
                    (Some(value), Some(ix)) => {
                        answers[ix].answer = *value;
                        answers[ix].note = note.clone();
                    }
                    (Some(value), None) => answers.push(ReadinessAnswer {
                        participant: participant.clone(),
                        question: question.clone(),
                        answer: *value,
                        note: note.clone(),
                    }),
                    (None, Some(ix)) => {
                        answers.remove(ix);
                    }
                    (None, None) => {}
                }
            }
            Edit::Import {
                modules,
                calls,
                splits,
            } => {
                p.modules = modules.clone();
                p.calls = calls.clone();
                match splits {
                    Some(splits) => p.splits = splits.clone(),
                    None => {
                        let known: rustc_hash::FxHashSet<&str> = modules
                            .iter()
                            .filter(|m| !m.entry_point)
                            .map(|m| m.id.as_str())
                            .collect();
                        for split in &mut p.splits {
                            split.assignment.retain(|m, _| known.contains(m.as_str()));
                        }
                    }
                }
            }
            Edit::PutLayer { layer } => {
                if layer.source.trim().is_empty() {
                    return Err(EditError::Malformed(Text::new(
                        "가져온 자료의 이름이 비어 있습니다",
                        "the layer's source name is empty",
                    )));
                }
                crate::layers::merge(p, layer);
                within_limits(p)?;
            }
            Edit::DeleteLayer { source } => {
                if !p.layers.iter().any(|l| &l.source == source) {
                    return Err(EditError::Missing(Text::new(
                        format!("가져온 자료 '{source}'가 없습니다"),
                        format!("there is no layer '{source}'"),
                    )));
                }
                crate::layers::remove(p, source);
            }
            Edit::ReplaceAll { project } => *p = project.clone(),
        }
        Ok(())
    }

    /// Whether the edit rewrites the whole project (imports, evidence layers,
    /// restores): it touches [`Object::Everything`], and the history keeps a
    /// snapshot of its result instead of the edit.
    pub fn rewrites_everything(&self) -> bool {
        matches!(
            self,
            Edit::Import { .. }
                | Edit::PutLayer { .. }
                | Edit::DeleteLayer { .. }
                | Edit::ReplaceAll { .. }
        )
    }

    /// The objects this edit changes when applied to `before` (cascades included).
    pub fn touches(&self, before: &Project) -> Vec<Object> {
        let assignment = |split: &str, module: &str| Object::Assignment {
            split: split.to_string(),
            module: module.to_string(),
        };
        match self {
            Edit::SetInfo { .. } => vec![Object::Info],
            Edit::PutModule { module } => {
                let mut objects = vec![Object::Module {
                    id: module.id.clone(),
                }];
                if module.entry_point {
                    for split in before
                        .splits
                        .iter()
                        .filter(|s| s.assignment.contains_key(&module.id))
                    {
                        objects.push(assignment(&split.id, &module.id));
                    }
                }
                objects
            }
            Edit::DeleteModule { id } => {
                let mut objects = vec![Object::Module { id: id.clone() }];
                for call in before
                    .calls
                    .iter()
                    .filter(|c| &c.caller == id || &c.callee == id)
                {
                    objects.push(Object::Call {
                        caller: call.caller.clone(),
                        callee: call.callee.clone(),
                    });
                }
                for split in before
                    .splits
                    .iter()
                    .filter(|s| s.assignment.contains_key(id))
                {
                    objects.push(assignment(&split.id, id));
                }
                objects
            }
            Edit::PutCall { call } => vec![Object::Call {
                caller: call.caller.clone(),
                callee: call.callee.clone(),
            }],
            Edit::DeleteCall { caller, callee } => vec![Object::Call {
                caller: caller.clone(),
                callee: callee.clone(),
            }],
            Edit::AddSplit { split } => {
                let mut objects = vec![Object::Split {
                    id: split.id.clone(),
                }];
                objects.extend(split.services.iter().map(|s| Object::Service {
                    split: split.id.clone(),
                    id: s.id.clone(),
                }));
                objects.extend(split.assignment.keys().map(|m| assignment(&split.id, m)));
                if !split.roadmap.is_default() {
                    objects.push(Object::Roadmap {
                        split: split.id.clone(),
                    });
                }
                objects
            }
            Edit::RenameSplit { split, .. } | Edit::DeleteSplit { split } => {
                vec![Object::Split { id: split.clone() }]
            }
            Edit::PutService { split, service } => vec![Object::Service {
                split: split.clone(),
                id: service.id.clone(),
            }],
            Edit::DeleteService { split, service } => {
                let mut objects = vec![Object::Service {
                    split: split.clone(),
                    id: service.clone(),
                }];
                if let Some(s) = before.split_by_id(split) {
                    for (module, _) in s.assignment.iter().filter(|(_, x)| *x == service) {
                        objects.push(assignment(split, module));
                    }
                    if s.forbidden
                        .iter()
                        .any(|pair| &pair.from == service || &pair.to == service)
                    {
                        objects.push(Object::Split { id: split.clone() });
                    }
                    let mut plan = s.roadmap.clone();
                    plan.forget_service(service);
                    if plan != s.roadmap {
                        objects.push(Object::Roadmap {
                            split: split.clone(),
                        });
                    }
                }
                objects
            }
            Edit::Assign { split, module, .. } => vec![assignment(split, module)],
            // Each module once, in the order of its last move: the order the
            // moved modules end up in (stored positions follow this list).
            Edit::Moves { split, moves } => {
                let last: rustc_hash::FxHashMap<&str, usize> = moves
                    .iter()
                    .enumerate()
                    .map(|(ix, m)| (m.module.as_str(), ix))
                    .collect();
                moves
                    .iter()
                    .enumerate()
                    .filter(|(ix, m)| last.get(m.module.as_str()) == Some(ix))
                    .map(|(_, m)| assignment(split, &m.module))
                    .collect()
            }
            Edit::SetRoadmap { split, .. } => vec![Object::Roadmap {
                split: split.clone(),
            }],
            Edit::SetForbidden { split, .. } => vec![Object::Split { id: split.clone() }],
            Edit::PutQuestion { question } => vec![Object::Question {
                id: question.id.clone(),
            }],
            Edit::DeleteQuestion { id } => {
                let mut objects = vec![Object::Question { id: id.clone() }];
                for answer in before
                    .readiness
                    .answers
                    .iter()
                    .filter(|a| &a.question == id)
                {
                    objects.push(Object::Answer {
                        participant: answer.participant.clone(),
                        question: id.clone(),
                    });
                }
                objects
            }
            Edit::Answer {
                participant,
                question,
                ..
            } => vec![Object::Answer {
                participant: participant.clone(),
                question: question.clone(),
            }],
            Edit::Import { .. }
            | Edit::PutLayer { .. }
            | Edit::DeleteLayer { .. }
            | Edit::ReplaceAll { .. } => vec![Object::Everything],
        }
    }

    /// What the edit does, in a few words, for the project history.
    /// Modules, services and questions are named as people know them (name, question
    /// text) as they were before the change.
    pub fn summary(&self, before: &Project) -> Text {
        let split_name = |id: &str| {
            before
                .split_by_id(id)
                .map_or(id.to_string(), |s| s.name.clone())
        };
        let module_name = |id: &str| {
            before
                .modules
                .iter()
                .find(|m| m.id == id)
                .map_or(id.to_string(), |m| m.label().to_string())
        };
        let service_name = |split: &str, id: &str| {
            before
                .split_by_id(split)
                .and_then(|s| s.services.iter().find(|v| v.id == id))
                .map_or(id.to_string(), |v| v.label().to_string())
        };
        let question_text = |id: &str| question_text(before, id);
        match self {
            Edit::SetInfo { name, .. } => Text::new(
                format!("프로젝트 정보 변경: {name}"),
                format!("Project info changed: {name}"),
            ),
            Edit::PutModule { module } if before.modules.iter().any(|m| m.id == module.id) => {
                let name = module.label();
                Text::new(
                    format!("모듈 수정: {name}"),
                    format!("Module edited: {name}"),
                )
            }
            Edit::PutModule { module } => {
                let name = module.label();
                Text::new(
                    format!("모듈 추가: {name}"),
                    format!("Module added: {name}"),
                )
            }
            Edit::DeleteModule { id } => {
                let name = module_name(id);
                Text::new(
                    format!("모듈 삭제: {name}"),
                    format!("Module deleted: {name}"),
                )
            }
            Edit::PutCall { call } => {
                let (caller, callee) = (module_name(&call.caller), module_name(&call.callee));
                Text::new(
                    format!("호출 저장: {caller} → {callee}"),
                    format!("Call saved: {caller} → {callee}"),
                )
            }
            Edit::DeleteCall { caller, callee } => {
                let (caller, callee) = (module_name(caller), module_name(callee));
                Text::new(
                    format!("호출 삭제: {caller} → {callee}"),
                    format!("Call deleted: {caller} → {callee}"),
                )
            }
            Edit::AddSplit { split } => Text::new(
                format!("분해안 추가: {}", split.name),
                format!("Split added: {}", split.name),
            ),
            Edit::RenameSplit { split, name } => Text::new(
                format!("분해안 이름 변경: {} → {name}", split_name(split)),
                format!("Split renamed: {} → {name}", split_name(split)),
            ),
            Edit::DeleteSplit { split } => Text::new(
                format!("분해안 삭제: {}", split_name(split)),
                format!("Split deleted: {}", split_name(split)),
            ),
            Edit::PutService { split, service } => Text::new(
                format!("서비스 저장: {} ({})", service.label(), split_name(split)),
                format!("Service saved: {} ({})", service.label(), split_name(split)),
            ),
            Edit::DeleteService { split, service } => {
                let name = service_name(split, service);
                Text::new(
                    format!("서비스 삭제: {name} ({})", split_name(split)),
                    format!("Service deleted: {name} ({})", split_name(split)),
                )
            }
            Edit::Assign {
                split,
                module,
                service,
            } => {
                let module = module_name(module);
                match service {
                    Some(service) => {
                        let target = service_name(split, service);
                        Text::new(
                            format!("{module} → {target} ({})", split_name(split)),
                            format!("Moved {module} to {target} ({})", split_name(split)),
                        )
                    }
                    None => Text::new(
                        format!("{module}: 서비스에서 뺌 ({})", split_name(split)),
                        format!("Took {module} out of its service ({})", split_name(split)),
                    ),
                }
            }
            Edit::Moves { split, moves } => match moves.as_slice() {
                [one] => Edit::Assign {
                    split: split.clone(),
                    module: one.module.clone(),
                    service: one.service.clone(),
                }
                .summary(before),
                _ => {
                    const NAMED: usize = 3;
                    let mut names: Vec<String> = moves
                        .iter()
                        .take(NAMED)
                        .map(|m| module_name(&m.module))
                        .collect();
                    if moves.len() > NAMED {
                        names.push("…".to_string());
                    }
                    let (count, names) = (moves.len(), names.join(", "));
                    Text::new(
                        format!("모듈 {count}개 이동 ({}): {names}", split_name(split)),
                        format!("Moved {count} modules ({}): {names}", split_name(split)),
                    )
                }
            },
            Edit::SetRoadmap { split, roadmap } => match before.split_by_id(split) {
                Some(s) => s.roadmap.change_summary(roadmap, s),
                None => Text::new("로드맵 변경", "Roadmap changed"),
            },
            Edit::SetForbidden { split, forbidden } => {
                let name = |id: &str| {
                    before
                        .split_by_id(split)
                        .and_then(|s| s.services.iter().find(|x| x.id == id))
                        .map_or_else(|| id.to_string(), |x| x.name.clone())
                };
                let pairs: Vec<String> = forbidden
                    .iter()
                    .map(|p| format!("{} → {}", name(&p.from), name(&p.to)))
                    .collect();
                match pairs.is_empty() {
                    true => Text::new(
                        format!("금지한 서비스 의존 모두 해제 ({})", split_name(split)),
                        format!(
                            "No service dependency forbidden any more ({})",
                            split_name(split)
                        ),
                    ),
                    false => Text::new(
                        format!(
                            "금지한 서비스 의존 ({}): {}",
                            split_name(split),
                            pairs.join(", ")
                        ),
                        format!(
                            "Forbidden service dependencies ({}): {}",
                            split_name(split),
                            pairs.join(", ")
                        ),
                    ),
                }
            }
            Edit::PutQuestion { question } => Text::new(
                format!("질문 저장: {}", question.ko),
                format!("Question saved: {}", question.en),
            ),
            Edit::DeleteQuestion { id } => {
                let text = question_text(id);
                Text::new(
                    format!("질문 삭제: {}", text.ko),
                    format!("Question deleted: {}", text.en),
                )
            }
            Edit::Answer {
                question, answer, ..
            } => {
                let text = question_text(question);
                let answer = answer.map_or_else(
                    || Text::new("답을 지움", "answer withdrawn"),
                    AnswerValue::label,
                );
                Text::new(
                    format!("체크리스트 답변: {} — {}", text.ko, answer.ko),
                    format!("Checklist answer: {} — {}", text.en, answer.en),
                )
            }
            Edit::Import { modules, calls, .. } => Text::new(
                format!("가져오기: 모듈 {}개, 호출 {}개", modules.len(), calls.len()),
                format!(
                    "Imported {} modules and {} calls",
                    modules.len(),
                    calls.len()
                ),
            ),
            Edit::PutLayer { layer } => {
                let kind = layer.kind.label();
                Text::new(
                    format!("{} 가져오기: {}", kind.ko, layer.source),
                    format!("{} imported: {}", kind.en, layer.source),
                )
            }
            Edit::DeleteLayer { source } => Text::new(
                format!("가져온 자료 삭제: {source}"),
                format!("Layer removed: {source}"),
            ),
            // Replacing nothing at all is how a project starts (new, imported, duplicated).
            Edit::ReplaceAll { project } if *before == Project::new("") => Text::new(
                format!("프로젝트 생성: {}", project.name),
                format!("Project created: {}", project.name),
            ),
            Edit::ReplaceAll { .. } => {
                Text::new("이전 버전으로 복원", "Restored an earlier revision")
            }
        }
    }
}

/// A question's text as the checklist shows it (standard or custom), the id when
/// it does not exist.
fn question_text(project: &Project, id: &str) -> Text {
    if let Some(standard) = crate::readiness::STANDARD_QUESTIONS
        .iter()
        .find(|q| q.id == id)
    {
        return Text::new(standard.ko, standard.en);
    }
    match project
        .readiness
        .custom_questions
        .iter()
        .find(|q| q.id == id)
    {
        Some(custom) => {
            let either = |first: &str, second: &str| {
                if first.is_empty() { second } else { first }.to_string()
            };
            Text::new(
                either(&custom.ko, &custom.en),
                either(&custom.en, &custom.ko),
            )
        }
        None => Text::new(id, id),
    }
}

fn split_mut<'a>(p: &'a mut Project, id: &str) -> Result<&'a mut Split, EditError> {
    p.splits.iter_mut().find(|s| s.id == id).ok_or_else(|| {
        EditError::Missing(Text::new(format!("분해안 '{id}'"), format!("split '{id}'")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo;

    fn demo_with_ids() -> Project {
        let mut p = demo::project();
        for (ix, split) in p.splits.iter_mut().enumerate() {
            split.id = format!("split{ix}");
        }
        p
    }

    /// Layers add up: one that would grow the project past the import limit
    /// is refused, and the project is left as it was.
    #[test]
    fn a_layer_that_grows_the_project_past_the_limit_is_refused() {
        use crate::model::LayerKind;
        let limit = crate::formats::ImportLimits::default().max_modules;
        let mut project = Project::new("big");
        project.modules = (0..limit - 1)
            .map(|i| Module::new(format!("m{i}")))
            .collect();
        let layer = |modules: &[&str]| Edit::PutLayer {
            layer: Layer {
                modules: modules.iter().map(|m| m.to_string()).collect(),
                ..Layer::new("analysis", LayerKind::Structure)
            },
        };
        let fits = layer(&["new1"]).applied_to(&project).unwrap();
        assert_eq!(fits.modules.len(), limit);
        let error = layer(&["new1", "new2"]).apply(&mut project).unwrap_err();
        assert!(
            error
                .to_string()
                .contains(&format!("{} modules", limit + 1)),
            "{error}"
        );
        assert!(error.text().ko.contains("한도"), "{:?}", error.text());
        assert_eq!(project.modules.len(), limit - 1);
        assert!(project.layers.is_empty());
    }

    /// The edits that rewrite everything are exactly those touching `Everything`.
    #[test]
    fn the_whole_project_edits_touch_everything() {
        use crate::model::LayerKind;
        let demo = demo_with_ids();
        let edits = [
            Edit::Import {
                modules: Vec::new(),
                calls: Vec::new(),
                splits: None,
            },
            Edit::PutLayer {
                layer: Layer::new("git", LayerKind::History),
            },
            Edit::DeleteLayer {
                source: "git".into(),
            },
            Edit::ReplaceAll {
                project: demo.clone(),
            },
            Edit::SetInfo {
                name: "x".into(),
                description: String::new(),
            },
            Edit::DeleteModule {
                id: demo.modules[0].id.clone(),
            },
        ];
        for edit in edits {
            assert_eq!(
                edit.rewrites_everything(),
                edit.touches(&demo) == [Object::Everything],
                "{edit:?}"
            );
        }
    }

    #[test]
    fn replacing_nothing_reads_as_a_creation_and_anything_else_as_a_restore() {
        let demo = demo_with_ids();
        let everything = Edit::ReplaceAll {
            project: demo.clone(),
        };
        let created = everything.summary(&Project::new(""));
        assert_eq!(created.en, format!("Project created: {}", demo.name));
        assert!(created.ko.starts_with("프로젝트 생성"));
        let restored = everything.summary(&demo);
        assert_eq!(restored.en, "Restored an earlier revision");
    }

    #[test]
    fn assign_moves_the_module_last_and_can_unassign() {
        let mut p = demo_with_ids();
        let service = p.splits[0].services[1].id.clone();
        let edit = Edit::Assign {
            split: "split0".into(),
            module: "remit.TransferService".into(),
            service: Some(service.clone()),
        };
        edit.apply(&mut p).unwrap();
        assert_eq!(
            p.splits[0].assignment.last(),
            Some((&"remit.TransferService".to_string(), &service))
        );
        Edit::Assign {
            split: "split0".into(),
            module: "remit.TransferService".into(),
            service: None,
        }
        .apply(&mut p)
        .unwrap();
        assert!(!p.splits[0].assignment.contains_key("remit.TransferService"));
    }

    #[test]
    fn history_names_modules_services_and_questions_as_people_know_them() {
        let p = demo_with_ids();
        let module = &p
            .modules
            .iter()
            .find(|m| m.id == "remit.TransferService")
            .unwrap();
        let service = &p.splits[0].services[1];
        assert!(!module.name.is_empty() && !service.name.is_empty());
        let moved = Edit::Assign {
            split: "split0".into(),
            module: module.id.clone(),
            service: Some(service.id.clone()),
        }
        .summary(&p);
        assert_eq!(
            moved.en,
            format!(
                "Moved {} to {} ({})",
                module.name, service.name, p.splits[0].name
            )
        );
        assert!(
            moved
                .ko
                .starts_with(&format!("{} → {}", module.name, service.name))
        );
        let answered = Edit::Answer {
            participant: "u1".into(),
            question: "f5".into(),
            answer: Some(AnswerValue::Partly),
            note: String::new(),
        }
        .summary(&p);
        let f5 = crate::readiness::STANDARD_QUESTIONS
            .iter()
            .find(|q| q.id == "f5")
            .unwrap();
        assert_eq!(answered.en, format!("Checklist answer: {} — Partly", f5.en));
        assert_eq!(answered.ko, format!("체크리스트 답변: {} — 일부", f5.ko));
    }

    #[test]
    fn moves_apply_in_order_as_one_edit_touching_each_module_once() {
        let mut p = demo_with_ids();
        let (first, second) = (
            p.splits[0].services[0].id.clone(),
            p.splits[0].services[1].id.clone(),
        );
        let edit = Edit::Moves {
            split: "split0".into(),
            moves: vec![
                Move {
                    module: "remit.TransferService".into(),
                    service: Some(first),
                },
                Move {
                    module: "fee.FeeCalculator".into(),
                    service: None,
                },
                Move {
                    module: "remit.TransferService".into(),
                    service: Some(second.clone()),
                },
            ],
        };
        let fee = Object::Assignment {
            split: "split0".into(),
            module: "fee.FeeCalculator".into(),
        };
        let transfer = Object::Assignment {
            split: "split0".into(),
            module: "remit.TransferService".into(),
        };
        assert_eq!(
            edit.touches(&p),
            vec![fee, transfer],
            "in the order of the last move"
        );
        edit.apply(&mut p).unwrap();
        assert_eq!(
            p.splits[0].assignment.last(),
            Some((&"remit.TransferService".to_string(), &second))
        );
        assert!(!p.splits[0].assignment.contains_key("fee.FeeCalculator"));
        assert_eq!(
            edit.summary(&p).en,
            format!(
                "Moved 3 modules ({}): 송금 처리, 수수료 계산, 송금 처리",
                p.splits[0].name
            )
        );
    }

    #[test]
    fn moves_to_an_unknown_service_or_of_an_unknown_module_change_nothing() {
        let mut p = demo_with_ids();
        let before = p.clone();
        let service = p.splits[0].services[0].id.clone();
        for moves in [
            vec![
                Move {
                    module: "remit.TransferService".into(),
                    service: Some(service.clone()),
                },
                Move {
                    module: "fee.FeeCalculator".into(),
                    service: Some("nowhere".into()),
                },
            ],
            vec![Move {
                module: "nobody".into(),
                service: Some(service.clone()),
            }],
            Vec::new(),
        ] {
            let edit = Edit::Moves {
                split: "split0".into(),
                moves,
            };
            assert!(edit.apply(&mut p).is_err());
            assert_eq!(p, before);
        }
    }

    #[test]
    fn deleting_a_module_takes_its_calls_and_assignments() {
        let mut p = demo_with_ids();
        let edit = Edit::DeleteModule {
            id: "fee.FeeCalculator".into(),
        };
        let touched = edit.touches(&p);
        edit.apply(&mut p).unwrap();
        assert!(p.calls.iter().all(|c| c.callee != "fee.FeeCalculator"));
        assert!(
            touched.len() > 3,
            "module, its calls and its assignments: {touched:?}"
        );
        assert_eq!(
            edit.apply(&mut p),
            Err(EditError::Missing(Text::new(
                "모듈 'fee.FeeCalculator'",
                "module 'fee.FeeCalculator'"
            )))
        );
    }

    #[test]
    fn invalid_results_are_refused_and_leave_the_project_unchanged() {
        let mut p = demo_with_ids();
        let before = p.clone();
        let bad_call = Edit::PutCall {
            call: Call::new("app", "nobody"),
        };
        assert!(matches!(bad_call.apply(&mut p), Err(EditError::Invalid(_))));
        let duplicate = Edit::AddSplit {
            split: Split {
                id: "new".into(),
                ..p.splits[0].clone()
            },
        };
        assert!(matches!(duplicate.apply(&mut p), Err(EditError::Exists(_))));
        let unknown_service = Edit::Assign {
            split: "split0".into(),
            module: "app".into(),
            service: Some("zzz".into()),
        };
        assert!(unknown_service.apply(&mut p).is_err());
        assert_eq!(p, before);
    }

    #[test]
    fn answers_are_set_changed_and_cleared() {
        let mut p = demo_with_ids();
        let answer = |value| Edit::Answer {
            participant: "u1".into(),
            question: "n1".into(),
            answer: value,
            note: "느림".into(),
        };
        answer(Some(AnswerValue::Yes)).apply(&mut p).unwrap();
        answer(Some(AnswerValue::No)).apply(&mut p).unwrap();
        assert_eq!(p.readiness.answers.len(), 1);
        assert_eq!(p.readiness.answers[0].answer, AnswerValue::No);
        answer(None).apply(&mut p).unwrap();
        assert!(p.readiness.answers.is_empty());
    }

    #[test]
    fn edits_serialise_with_an_op_tag() {
        let edit = Edit::DeleteCall {
            caller: "a".into(),
            callee: "b".into(),
        };
        let json = serde_json::to_string(&edit).unwrap();
        assert_eq!(json, r#"{"op":"delete_call","caller":"a","callee":"b"}"#);
        assert_eq!(serde_json::from_str::<Edit>(&json).unwrap(), edit);
    }
}
