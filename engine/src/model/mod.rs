//! The monolith model: modules, the calls between them, candidate splits and the
//! readiness answers. This is also the native JSON project document.

mod layer;
mod lengths;
mod roadmap;
mod validate;

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

pub use layer::{CoChangeLink, Latency, Layer, LayerCall, LayerKind, ModuleOwner, TableUse};
pub use lengths::{MAX_NAME_CHARS, MAX_TEXT_CHARS};
pub use roadmap::{DEFAULT_CYCLE_GROUP_MAX, NotBefore, RoadmapPlan, StepNote};
pub use validate::ValidationError;

/// The version of the native JSON document this build writes and reads.
pub const SCHEMA_VERSION: u32 = 2;

/// A whole Seams project: what is modelled, the candidate splits and the
/// readiness answers. Serialises to the native JSON document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// The document schema version; always [`SCHEMA_VERSION`] when written.
    pub schema_version: u32,
    /// What the team calls the monolith.
    pub name: String,
    /// Free text about the system.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The monolith's modules (classes, packages, components…), in a stable order.
    #[serde(default)]
    pub modules: Vec<Module>,
    /// Directed calls between modules; at most one per (caller, callee).
    #[serde(default)]
    pub calls: Vec<Call>,
    /// Candidate splits into services.
    #[serde(default)]
    pub splits: Vec<Split>,
    /// The readiness checklist: extra questions and everyone's answers.
    #[serde(default, skip_serializing_if = "Readiness::is_empty")]
    pub readiness: Readiness,
    /// Evidence imported from the team's history, traces and analyzers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub layers: Vec<Layer>,
}

impl Project {
    /// An empty project with the current schema version.
    pub fn new(name: impl Into<String>) -> Project {
        Project {
            schema_version: SCHEMA_VERSION,
            name: name.into(),
            ..Project::default()
        }
    }

    /// The split with this name, if any.
    pub fn split(&self, name: &str) -> Option<&Split> {
        self.splits.iter().find(|s| s.name == name)
    }

    /// The split with this id, if any.
    pub fn split_by_id(&self, id: &str) -> Option<&Split> {
        self.splits.iter().find(|s| s.id == id)
    }
}

/// A unit of the monolith that can be placed in a service.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Module {
    /// Stable identifier, unique in the project (e.g. a class or package name).
    pub id: String,
    /// Display name; the id when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// What the module does.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Relative size (lines of code, effort points…); 1 by default.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub size: f64,
    /// The team that owns the module today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team: Option<String>,
    /// Business capability tag (e.g. "Remittance").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capability: Option<String>,
    /// DDD subdomain tag (e.g. "Account").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdomain: Option<String>,
    /// Whether that subdomain is core, supporting or generic.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subdomain_kind: Option<SubdomainKind>,
    /// Use cases (business contexts) the module takes part in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub use_cases: Vec<String>,
    /// Data tables the module reads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reads: Vec<String>,
    /// Data tables the module writes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub writes: Vec<String>,
    /// An entry point stands for the outside world calling in (users, other
    /// systems); it never belongs to a service.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub entry_point: bool,
}

impl Module {
    /// A module with only an id and default everything else.
    pub fn new(id: impl Into<String>) -> Module {
        Module {
            id: id.into(),
            name: String::new(),
            description: String::new(),
            size: 1.0,
            team: None,
            capability: None,
            subdomain: None,
            subdomain_kind: None,
            use_cases: Vec::new(),
            reads: Vec::new(),
            writes: Vec::new(),
            entry_point: false,
        }
    }

    /// The name to show: the display name, or the id.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

/// The kind of a DDD subdomain.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubdomainKind {
    /// What sets the business apart.
    Core,
    /// Needed by the core, specific to the business.
    Supporting,
    /// Needed, but the same everywhere (could be bought).
    Generic,
}

/// A directed call from one module to another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    /// The calling module's id.
    pub caller: String,
    /// The called module's id.
    pub callee: String,
    /// Calls per period (e.g. observed at runtime); 1 by default, never negative.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub volume: f64,
    /// How the call would travel if it crossed a service boundary.
    #[serde(default, skip_serializing_if = "is_default")]
    pub style: CallStyle,
    /// The call must be atomic with the caller's write (one transaction).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub transactional: bool,
    /// Whether the call changes state (command) or only reads (query).
    #[serde(default, skip_serializing_if = "is_default")]
    pub kind: CallKind,
    /// The layer (import source) that added the call; `None` when made by hand
    /// or by a whole-model import.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

impl Call {
    /// A synchronous command call of volume 1.
    pub fn new(caller: impl Into<String>, callee: impl Into<String>) -> Call {
        Call {
            caller: caller.into(),
            callee: callee.into(),
            volume: 1.0,
            style: CallStyle::Sync,
            transactional: false,
            kind: CallKind::Command,
            source: None,
        }
    }
}

/// Synchronous request/response or asynchronous messaging.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallStyle {
    /// HTTP/REST, gRPC: the caller's thread waits.
    #[default]
    Sync,
    /// A message queue, callback or polling: the caller does not wait.
    Async,
}

/// Command (changes state) or query (reads only).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    /// Changes state.
    #[default]
    Command,
    /// Only reads.
    Query,
}

/// A candidate split of the monolith into services.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Split {
    /// Stable id, unique in the project, so edits find the split even after a
    /// rename; empty until the split is saved.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub id: String,
    /// Unique name in the project.
    pub name: String,
    /// How the split was made.
    #[serde(default, skip_serializing_if = "is_default")]
    pub origin: SplitOrigin,
    /// The services, in display order.
    #[serde(default)]
    pub services: Vec<Service>,
    /// Module id → service id. Modules not listed are unassigned. The order is
    /// kept (some reference metrics depend on it).
    #[serde(default)]
    pub assignment: IndexMap<String, String>,
    /// What the team decided about the migration roadmap of this split.
    #[serde(default, skip_serializing_if = "RoadmapPlan::is_default")]
    pub roadmap: RoadmapPlan,
    /// Service dependencies the team ruled out: the boundary rules exported
    /// from the split forbid them even where today's model has such calls.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbidden: Vec<ServicePair>,
}

/// One service depending on another, by their ids.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServicePair {
    /// The depending service.
    pub from: String,
    /// The service depended on.
    pub to: String,
}

impl Split {
    /// An empty split.
    pub fn new(name: impl Into<String>, origin: SplitOrigin) -> Split {
        Split {
            id: String::new(),
            name: name.into(),
            origin,
            services: Vec::new(),
            assignment: IndexMap::new(),
            roadmap: RoadmapPlan::default(),
            forbidden: Vec::new(),
        }
    }
}

/// How a split came about.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SplitOrigin {
    /// One service per business capability.
    Capability,
    /// One service per DDD subdomain.
    Subdomain,
    /// Suggested by community detection on the call graph.
    Suggested,
    /// Built by hand.
    #[default]
    Manual,
    /// Read from another tool's output.
    Imported,
}

/// A service of a split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Unique id within the split.
    pub id: String,
    /// Display name; the id when empty.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// What the service is responsible for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

impl Service {
    /// A service with an id and a name.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Service {
        Service {
            id: id.into(),
            name: name.into(),
            description: String::new(),
        }
    }

    /// The name to show: the display name, or the id.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

/// The readiness checklist of a project: questions it adds to the standard ten,
/// and every participant's answers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Readiness {
    /// Questions the project adds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub custom_questions: Vec<CustomQuestion>,
    /// One entry per participant and question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answers: Vec<ReadinessAnswer>,
}

impl Readiness {
    /// True when there is nothing to write.
    pub fn is_empty(&self) -> bool {
        self.custom_questions.is_empty() && self.answers.is_empty()
    }
}

/// The two groups of readiness questions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionGroup {
    /// 필요성: does the organisation need microservices?
    Necessity,
    /// 가능 여부: can it run them?
    Feasibility,
}

/// A question a project adds to the checklist.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomQuestion {
    /// Unique id (the standard ones are `n1`…`n5`, `f1`…`f5`).
    pub id: String,
    /// Which group it counts towards.
    pub group: QuestionGroup,
    /// The question in Korean.
    pub ko: String,
    /// The question in English.
    pub en: String,
}

/// One participant's answer to one question.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadinessAnswer {
    /// Who answered (display name).
    pub participant: String,
    /// The question id.
    pub question: String,
    /// The answer.
    pub answer: AnswerValue,
    /// Why, in the participant's words.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// The four possible answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerValue {
    /// 예
    Yes,
    /// 일부
    Partly,
    /// 아니오
    No,
    /// 모름
    DontKnow,
}

impl AnswerValue {
    /// The answer as the checklist names it.
    pub fn label(self) -> crate::text::Text {
        let (ko, en) = match self {
            AnswerValue::Yes => ("예", "Yes"),
            AnswerValue::Partly => ("일부", "Partly"),
            AnswerValue::No => ("아니오", "No"),
            AnswerValue::DontKnow => ("모름", "Don't know"),
        };
        crate::text::Text::new(ko, en)
    }
}

fn one() -> f64 {
    1.0
}

fn is_one(value: &f64) -> bool {
    *value == 1.0
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}
