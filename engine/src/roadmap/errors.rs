//! Why a roadmap cannot be planned, in words a team can act on.

use thiserror::Error;

use crate::text::Text;

/// Why a split cannot be planned, or an order is not allowed.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum RoadmapError {
    /// The split has no services.
    #[error("the split has no services to extract")]
    NoServices,
    /// Some modules are in no service: the monolith would never be emptied.
    #[error(
        "{count} {} in no service (e.g. {}): assign every module before planning the roadmap",
        if *count == 1 { "module is" } else { "modules are" },
        examples.join(", ")
    )]
    Unassigned {
        /// How many.
        count: usize,
        /// The first few ids.
        examples: Vec<String>,
    },
    /// An order or a constraint names a service the split lacks.
    #[error("the split has no service '{0}'")]
    UnknownService(String),
    /// An order names a service twice.
    #[error("the order names service '{0}' twice")]
    RepeatedService(String),
    /// An order leaves services out.
    #[error("the order leaves out: {}", .0.join(", "))]
    MissingServices(Vec<String>),
    /// An order puts a service before one pinned first.
    #[error("the order puts {early} before {pinned}, which is pinned first")]
    BrokenPin {
        /// The service that comes too early.
        early: String,
        /// The pinned one.
        pinned: String,
    },
    /// An order puts a service before one the team wants out first.
    #[error("the order puts {later} before {earlier}, which the team ruled out")]
    BrokenNotBefore {
        /// The service that comes too early.
        later: String,
        /// The one that should go first.
        earlier: String,
    },
    /// The pins and ruled-out orders contradict each other.
    #[error(
        "the pins and ruled-out orders contradict each other: {} would each have to come before the next",
        .0.join(" → ")
    )]
    Contradiction(Vec<String>),
}

impl RoadmapError {
    /// The message in both interface languages (`Display` is the English one).
    pub fn text(&self) -> Text {
        let ko = match self {
            RoadmapError::NoServices => "분해안에 옮길 서비스가 없습니다".to_string(),
            RoadmapError::Unassigned { count, examples } => format!(
                "서비스에 배정되지 않은 모듈이 {count}개 있습니다 (예: {}): 로드맵을 세우기 전에 모든 모듈을 배정하세요",
                examples.join(", ")
            ),
            RoadmapError::UnknownService(id) => format!("분해안에 서비스 '{id}'가 없습니다"),
            RoadmapError::RepeatedService(name) => {
                format!("순서에 서비스 '{name}'가 두 번 있습니다")
            }
            RoadmapError::MissingServices(names) => {
                format!("순서에 빠진 서비스: {}", names.join(", "))
            }
            RoadmapError::BrokenPin { early, pinned } => {
                format!("이 순서는 {early}를 먼저 빼기로 한 {pinned}보다 앞에 둡니다")
            }
            RoadmapError::BrokenNotBefore { later, earlier } => {
                format!("이 순서는 {later}를 {earlier}보다 앞에 둡니다 (팀이 제외한 순서)")
            }
            RoadmapError::Contradiction(names) => format!(
                "먼저 빼기와 제외한 순서가 서로 모순입니다: {}가 각각 다음 것보다 앞서야 합니다",
                names.join(" → ")
            ),
        };
        Text::new(ko, self.to_string())
    }
}
