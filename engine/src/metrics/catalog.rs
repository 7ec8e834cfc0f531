//! Every metric Seams computes, with what the UI and the reports say about it:
//! names in both languages, a one-line definition, which direction is better and
//! where it comes from.

use serde::{Deserialize, Serialize};

/// Whether a lower or higher value is better, or neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Lower is better.
    Lower,
    /// Higher is better.
    Higher,
    /// Descriptive only: no value is better.
    Neutral,
}

/// What is known about a metric.
#[derive(Clone, Copy, Debug, Serialize)]
pub struct MetricInfo {
    /// The metric.
    pub id: MetricId,
    /// Stable key used in JSON, CSV and URLs.
    pub key: &'static str,
    /// Name in Korean.
    pub name_ko: &'static str,
    /// Name in English.
    pub name_en: &'static str,
    /// One-line definition in Korean.
    pub definition_ko: &'static str,
    /// One-line definition in English.
    pub definition_en: &'static str,
    /// Which values are better.
    pub direction: Direction,
    /// The publication the definition follows, when there is one.
    pub citation: Option<&'static str>,
}

const KALIA: &str = "Kalia et al., \"Mono2Micro: A Practical and Effective Tool for Decomposing Monolithic Java Applications to Microservices\", ESEC/FSE 2021 (replication package metrics_util.py)";
const JIN: &str = "Jin et al., \"Service Candidate Identification from Monolithic Systems Based on Execution Traces\", IEEE TSE 2019; computed as in Kalia et al., ESEC/FSE 2021";
const BUNCH: &str = "Mitchell & Mancoridis, \"On the Automatic Modularization of Software Systems Using the Bunch Tool\", IEEE TSE 32(3), 2006";
const NEWMAN: &str = "Leicht & Newman, \"Community Structure in Directed Networks\", Phys. Rev. Lett. 100, 118703, 2008";
const MARTIN: &str = "R. C. Martin, \"Agile Software Development: Principles, Patterns, and Practices\", 2002 (instability I = Ce/(Ca+Ce))";
const TORNHILL: &str = "A. Tornhill, \"Software Design X-Rays\", Pragmatic Bookshelf, 2018 (change coupling as code-maat's coupling analysis computes it)";
const CONWAY: &str = "M. E. Conway, \"How Do Committees Invent?\", Datamation, 1968";

macro_rules! metrics {
    ($( $variant:ident = $key:literal, $ko:literal, $en:literal, $dko:literal, $den:literal, $dir:ident, $cite:expr; )*) => {
        /// Identifies a metric.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum MetricId {
            $(
                #[doc = $den]
                $variant,
            )*
        }

        /// All metrics in display order.
        pub const METRICS: &[MetricInfo] = &[
            $(
                MetricInfo {
                    id: MetricId::$variant,
                    key: $key,
                    name_ko: $ko,
                    name_en: $en,
                    definition_ko: $dko,
                    definition_en: $den,
                    direction: Direction::$dir,
                    citation: $cite,
                },
            )*
        ];
    };
}

metrics! {
    Bcp = "bcp", "비즈니스 컨텍스트 순도 (BCP)", "Business context purity (BCP)",
        "서비스별 서로 다른 유스케이스 수의 자연로그 평균. 낮을수록 각 서비스가 적은 업무 맥락에 집중합니다.",
        "Mean over services of ln(number of distinct use cases of its modules); lower means each service serves fewer business contexts.",
        Lower, Some(KALIA);
    Icp = "icp", "서비스 간 호출 비율 (ICP)", "Inter-call percentage (ICP)",
        "서비스 경계를 넘는 호출의 (ln 호출량 + 1) 가중 비율.",
        "Share of calls crossing a service boundary, each weighted ln(volume) + 1.",
        Lower, Some(KALIA);
    Sm = "sm", "구조적 모듈성 (SM)", "Structural modularity (SM)",
        "서비스 내부의 호출 밀도 평균에서 서비스 간 호출 밀도 평균을 뺀 값.",
        "Mean call density inside services minus mean call density between services.",
        Higher, Some(JIN);
    Ifn = "ifn", "인터페이스 수 (IFN)", "Interface number (IFN)",
        "서비스 경계를 넘는 호출로 연결된 모듈 쌍 수를 서비스 수로 나눈 값.",
        "Module pairs linked by a call across a service boundary, per service.",
        Lower, Some(JIN);
    Ned = "ned", "비극단 분포 (NED)", "Non-extreme distribution (NED)",
        "모듈이 5~20개인 서비스에 속하지 않은 모듈의 비율. 너무 작거나 큰 서비스를 벌점합니다.",
        "Share of modules outside services of 5 to 20 modules; penalises tiny and huge services.",
        Lower, Some(JIN);
    TurboMq = "turbomq", "TurboMQ", "TurboMQ",
        "서비스마다 2·내부 호출량 / (2·내부 호출량 + 경계를 넘는 호출량)을 합한 값.",
        "Sum over services of 2·internal volume / (2·internal volume + volume crossing its boundary).",
        Higher, Some(BUNCH);
    TurboMqNorm = "turbomq_norm", "정규화 TurboMQ", "Normalised TurboMQ",
        "TurboMQ를 서비스 수로 나눈 값 (0~1).",
        "TurboMQ divided by the number of services (0 to 1).",
        Higher, Some(BUNCH);
    Modularity = "modularity", "모듈러리티 Q", "Modularity Q",
        "방향·가중치가 있는 호출 그래프에서 서비스 내부 호출량이 무작위 기대치를 얼마나 넘는지.",
        "How much more call volume stays inside services than expected at random (directed, weighted).",
        Higher, Some(NEWMAN);
    Cdp = "cdp", "양방향 의존 비율 (CDP)", "Cyclic dependency pairs (CDP)",
        "서로 의존하는 서비스 쌍 중 양방향으로 호출하는 쌍의 비율.",
        "Share of dependent service pairs that call each other in both directions.",
        Lower, None;
    Services = "services", "서비스 수", "Services",
        "모듈이 하나 이상 있는 서비스의 수.",
        "Number of services with at least one module.",
        Neutral, None;
    CrossCalls = "cross_calls", "서비스 간 호출 수", "Cross-service calls",
        "호출자와 피호출자가 다른 서비스에 있는 호출의 수 (각각 네트워크 호출이 됩니다).",
        "Calls whose caller and callee are in different services (each becomes a network call).",
        Lower, None;
    CrossVolumeShare = "cross_volume_share", "서비스 간 호출량 비율", "Cross-service volume share",
        "전체 호출량 중 서비스 경계를 넘는 호출량의 비율.",
        "Share of the total call volume that crosses a service boundary.",
        Lower, None;
    ServiceDependencies = "service_dependencies", "서비스 의존 수", "Service dependencies",
        "서비스 의존 그래프의 방향 간선 수 (A가 B를 호출).",
        "Directed edges of the service dependency graph (A calls B).",
        Lower, None;
    MaxFanOut = "max_fan_out", "최대 팬아웃", "Max fan-out",
        "한 서비스가 호출하는 다른 서비스 수의 최댓값.",
        "Largest number of other services one service calls.",
        Lower, Some(MARTIN);
    MeanInstability = "mean_instability", "평균 불안정성", "Mean instability",
        "서비스별 불안정성 Ce/(Ca+Ce)의 평균 (0 = 다른 서비스가 의존만 함, 1 = 의존하기만 함).",
        "Mean over services of instability Ce/(Ca+Ce) (0: only depended on, 1: only depends).",
        Neutral, Some(MARTIN);
    Cycles = "cycles", "서비스 순환 의존", "Service cycles",
        "서로 순환 호출하는 서비스 묶음(강한 연결 요소)의 수.",
        "Groups of services that call each other in a cycle (strongly connected components).",
        Lower, None;
    SyncChain = "sync_chain", "최장 동기 호출 체인", "Longest sync chain",
        "동기 호출로 이어지는 서비스 간 홉 수의 최댓값 (순환은 하나로 묶어 계산).",
        "Most synchronous cross-service hops on one call path (cycles condensed).",
        Lower, None;
    SyncChainAvailability = "sync_chain_availability", "동기 체인 가용성", "Sync chain availability",
        "홉당 가용성을 곱한 최장 동기 체인의 가용성.",
        "Availability of the longest sync chain: per-hop availability to the power of its hops.",
        Higher, None;
    DistributedTransactions = "distributed_transactions", "분산 트랜잭션", "Distributed transactions",
        "원자적이어야 하지만 서비스 경계를 넘는 호출의 수.",
        "Calls that must be atomic with the caller's write but cross a service boundary.",
        Lower, None;
    SharedWrittenTables = "shared_written_tables", "공유 쓰기 테이블", "Shared written tables",
        "둘 이상의 서비스가 쓰는 테이블의 수.",
        "Tables written by more than one service.",
        Lower, None;
    CrossServiceReads = "cross_service_reads", "타 서비스 데이터 읽기", "Cross-service reads",
        "다른 서비스가 소유(쓰기)하는 테이블을 읽는 모듈·테이블 쌍의 수.",
        "Module–table reads of a table that another service owns (writes).",
        Lower, None;
    MaxTeamsPerService = "max_teams_per_service", "서비스당 최대 팀 수", "Max teams per service",
        "한 서비스의 모듈을 소유한 팀 수의 최댓값 (콘웨이 법칙: 1이 이상적).",
        "Most teams owning modules of one service (Conway's law: 1 is ideal).",
        Lower, Some(CONWAY);
    MaxServicesPerTeam = "max_services_per_team", "팀당 최대 서비스 수", "Max services per team",
        "한 팀이 모듈을 가진 서비스 수의 최댓값.",
        "Most services one team has modules in.",
        Lower, Some(CONWAY);
    MaxAuthoringTeams = "max_authoring_teams", "서비스당 최대 작성 팀 수", "Max authoring teams per service",
        "변경 이력의 주 작성자(팀 표가 있으면 그 팀) 기준으로 한 서비스의 모듈을 바꾸는 팀 수의 최댓값. 이력 레이어가 없으면 —.",
        "Most teams (main authors' teams by the change history, or main authors without a team table) working on the modules of one service; — without a history layer.",
        Lower, Some(CONWAY);
    CrossCoChange = "cross_co_change", "서비스를 넘는 동시 변경", "Cross-service co-change",
        "변경 이력에서 함께 바뀌는 모듈 쌍(변경 결합)의 공유 커밋 중 두 모듈이 서로 다른 서비스에 있는 비율. 이력 레이어가 없으면 —.",
        "Share of the shared commits of modules that change together (change coupling) whose two modules sit in different services; — without a history layer.",
        Lower, Some(TORNHILL);
    SizeCv = "size_cv", "서비스 크기 편차", "Size imbalance",
        "서비스 크기(모듈 크기 합)의 변동계수. 0이면 모두 같은 크기입니다.",
        "Coefficient of variation of service sizes (sum of module sizes); 0 means all equal.",
        Lower, None;
    Unassigned = "unassigned", "미배정 모듈", "Unassigned modules",
        "어느 서비스에도 속하지 않은 모듈의 수 (진입점 제외).",
        "Modules in no service (entry points excluded).",
        Lower, None;
    EmptyServices = "empty_services", "빈 서비스", "Empty services",
        "모듈이 없는 서비스의 수.",
        "Services without any module.",
        Lower, None;
}

/// How many metrics there are.
pub const METRIC_COUNT: usize = METRICS.len();

impl MetricId {
    /// What is known about this metric.
    pub fn info(self) -> &'static MetricInfo {
        &METRICS[self as usize]
    }

    /// The stable key (`"icp"`, …).
    pub fn key(self) -> &'static str {
        self.info().key
    }

    /// The metric with this key.
    pub fn from_key(key: &str) -> Option<MetricId> {
        METRICS.iter().find(|m| m.key == key).map(|m| m.id)
    }
}

impl MetricInfo {
    /// The metric's name in a language.
    pub fn name(&self, language: crate::text::Language) -> &'static str {
        language.pick(self.name_ko, self.name_en)
    }

    /// The metric's definition in a language.
    pub fn definition(&self, language: crate::text::Language) -> &'static str {
        language.pick(self.definition_ko, self.definition_en)
    }
}

/// A metric value for people: whole numbers without decimals, others with
/// three, "—" for a metric the evidence does not allow (NaN).
pub fn format_value(value: f64) -> String {
    if value.is_nan() {
        "—".to_string()
    } else if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        format!("{value:.3}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_is_indexed_by_id_and_keys_are_unique() {
        for (ix, info) in METRICS.iter().enumerate() {
            assert_eq!(info.id as usize, ix);
            assert_eq!(MetricId::from_key(info.key), Some(info.id));
            assert!(!info.definition_en.is_empty() && !info.definition_ko.is_empty());
        }
    }
}
