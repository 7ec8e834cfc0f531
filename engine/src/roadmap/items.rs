//! Each item a step needs, in words: the one wording the tasks export and
//! the report's step lists share.

use super::Step;
use super::needs::TablePlan;
use crate::metrics::format_value;
use crate::text::{Language, Text};

/// What kind of item, in the order a step lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// A call that becomes remote.
    RemoteCall,
    /// An operation the new service exposes.
    Api,
    /// A table the step's services write.
    Table,
    /// A saga sketch.
    Saga,
    /// A read across the new boundary.
    Read,
    /// A gateway route.
    GatewayRoute,
    /// A contract test.
    ContractTest,
    /// A runtime check.
    Runtime,
    /// A finding of the advice rules.
    Advice,
}

impl ItemKind {
    /// Every kind, in list order.
    pub const ALL: [ItemKind; 9] = [
        ItemKind::RemoteCall,
        ItemKind::Api,
        ItemKind::Table,
        ItemKind::Saga,
        ItemKind::Read,
        ItemKind::GatewayRoute,
        ItemKind::ContractTest,
        ItemKind::Runtime,
        ItemKind::Advice,
    ];

    /// The stable key (the tasks' `kind`).
    pub fn key(self) -> &'static str {
        match self {
            ItemKind::RemoteCall => "remote_call",
            ItemKind::Api => "api",
            ItemKind::Table => "table",
            ItemKind::Saga => "saga",
            ItemKind::Read => "read",
            ItemKind::GatewayRoute => "gateway_route",
            ItemKind::ContractTest => "contract_test",
            ItemKind::Runtime => "runtime",
            ItemKind::Advice => "advice",
        }
    }

    /// One item of this kind, as a task's title starts.
    pub fn one(self, language: Language) -> &'static str {
        let (ko, en) = match self {
            ItemKind::RemoteCall => ("원격 호출", "Remote call"),
            ItemKind::Api => ("API 제공", "Expose"),
            ItemKind::Table => ("테이블", "Table"),
            ItemKind::Saga => ("사가", "Saga"),
            ItemKind::Read => ("읽기", "Read"),
            ItemKind::GatewayRoute => ("게이트웨이 경로", "Gateway route"),
            ItemKind::ContractTest => ("소비자 주도 계약 테스트", "Consumer-driven contract test"),
            ItemKind::Runtime => ("운영 준비", "Runtime"),
            ItemKind::Advice => ("권고", "Advice"),
        };
        language.pick(ko, en)
    }

    /// All items of this kind, as a step's list heads them.
    pub fn all(self, language: Language) -> &'static str {
        let (ko, en) = match self {
            ItemKind::RemoteCall => ("원격이 되는 호출", "Calls that become remote"),
            ItemKind::Api => ("새 서비스의 API", "API the service exposes"),
            ItemKind::Table => ("테이블", "Tables"),
            ItemKind::Saga => ("사가", "Sagas"),
            ItemKind::Read => ("경계를 넘는 읽기", "Reads across the boundary"),
            ItemKind::GatewayRoute => ("게이트웨이 경로", "Gateway routes"),
            ItemKind::ContractTest => ("계약 테스트", "Contract tests"),
            ItemKind::Runtime => ("운영 체크리스트", "Runtime checklist"),
            ItemKind::Advice => ("이 단계에서 새로 나온 권고", "Advice new at this step"),
        };
        language.pick(ko, en)
    }
}

/// One item of a step in words.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    /// Its kind.
    pub kind: ItemKind,
    /// What it is, in one line.
    pub title: String,
    /// What to do, and the numbers.
    pub details: String,
    /// What in the model it comes from.
    pub trace: String,
}

/// A side as people read it: the remaining monolith and the gateway in the
/// page's language, services by their names.
fn side(name: &str, language: Language) -> String {
    match name {
        super::MONOLITH => language.pick("모놀리스", "monolith").to_string(),
        super::GATEWAY => language.pick("게이트웨이", "gateway").to_string(),
        other => other.to_string(),
    }
}

fn sides(names: &[String], language: Language) -> String {
    names
        .iter()
        .map(|n| side(n, language))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A checklist question as people find it on the Readiness page: its group
/// and number (`f2`: the second feasibility question).
fn question_label(id: &str, language: Language) -> String {
    let (group, number) = id.split_at(id.len().min(1));
    match group {
        "n" => format!(
            "{} {number}",
            language.pick("준비도 필요성 질문", "readiness necessity question")
        ),
        "f" => format!(
            "{} {number}",
            language.pick("준비도 가능 여부 질문", "readiness feasibility question")
        ),
        _ => format!(
            "{} {id}",
            language.pick("준비도 질문", "readiness question")
        ),
    }
}

/// Every item of a step, in list order.
pub fn items(step: &Step, language: Language) -> Vec<Item> {
    first_items(step, language, |_| usize::MAX)
}

/// How many items of each kind a step has, in [`ItemKind::ALL`]'s order.
pub fn item_counts(step: &Step) -> [usize; ItemKind::ALL.len()] {
    let needs = &step.needs;
    [
        needs.new_remote_calls.len(),
        needs.api.len(),
        needs.tables.len(),
        needs.sagas.len(),
        needs.reads.len(),
        needs.gateway_routes.len(),
        needs.contract_tests.len(),
        needs.runtime.len(),
        needs.findings.len(),
    ]
}

/// The first `most(kind)` items of each kind of a step, in list order: a
/// list that shows a few of each words only those (at 50,000 modules a step
/// can need thousands of items, and wording them all took half the report's
/// time).
pub fn first_items(step: &Step, language: Language, most: impl Fn(ItemKind) -> usize) -> Vec<Item> {
    let t = |ko: &'static str, en: &'static str| language.pick(ko, en).to_string();
    let l = |text: &Text| text.in_language(language).to_string();
    let s = |name: &str| side(name, language);
    let needs = &step.needs;
    let mut items = Vec::new();
    let mut item = |kind: ItemKind, title: String, details: String, trace: String| {
        items.push(Item {
            kind,
            title,
            details,
            trace,
        });
    };
    for call in needs
        .new_remote_calls
        .iter()
        .take(most(ItemKind::RemoteCall))
    {
        let resilience = match (call.timeout, call.breaker) {
            (Some(timeout), Some(breaker)) => format!(
                "; {} {} ms{}; {} {}% / {} {}, {} s, {} {}",
                t("타임아웃", "timeout"),
                timeout.ms,
                if timeout.measured {
                    t(" (측정한 p99 기준)", " (from the measured p99)")
                } else {
                    t(" (측정 전 시작값)", " (a starting value until measured)")
                },
                t("서킷 브레이커", "circuit breaker"),
                breaker.failure_rate,
                breaker.window,
                t("건", "calls"),
                breaker.open_seconds,
                breaker.trial_calls,
                t("건 시험 호출", "trial calls")
            ),
            _ => String::new(),
        };
        item(
            ItemKind::RemoteCall,
            format!(
                "{} → {} ({})",
                call.caller,
                call.callee,
                l(&call.kind.label())
            ),
            format!(
                "{} → {}, {} {}{resilience}",
                s(&call.from),
                s(&call.to),
                t("호출량", "volume"),
                format_value(call.volume)
            ),
            format!("{} → {}", call.caller, call.callee),
        );
    }
    for api in needs.api.iter().take(most(ItemKind::Api)) {
        item(
            ItemKind::Api,
            format!("{} ({})", api.module, api.service),
            format!(
                "{}: {}; {} {}, {} {}",
                t("호출하는 쪽", "consumers"),
                sides(&api.consumers, language),
                api.calls,
                t("개 호출", "calls"),
                t("호출량", "volume"),
                format_value(api.volume)
            ),
            api.module.clone(),
        );
    }
    for table in needs.tables.iter().take(most(ItemKind::Table)) {
        let plan = match &table.plan {
            TablePlan::Moves { service } => {
                format!("{} {}", t("함께 옮김:", "moves with"), s(service))
            }
            TablePlan::Kept => t("공유 유지 (팀 결정)", "kept shared (team decision)"),
            TablePlan::OneOwner { owner } => format!(
                "{} {}; {}",
                t("소유자:", "owner:"),
                s(owner),
                t(
                    "나머지는 그 API나 이벤트로",
                    "the others through its API or events"
                )
            ),
            TablePlan::Saga { owner } => format!(
                "{} {}; {}",
                t("소유자:", "owner:"),
                s(owner),
                t("원자적 쓰기는 사가로", "atomic writes through a saga")
            ),
        };
        item(
            ItemKind::Table,
            format!("{}: {plan}", table.table),
            format!(
                "{}: {}; {}: {}",
                t("쓰는 쪽", "written by"),
                sides(&table.writers, language),
                t("읽기만 하는 쪽", "read by"),
                sides(&table.readers, language)
            ),
            table.table.clone(),
        );
    }
    for saga in needs.sagas.iter().take(most(ItemKind::Saga)) {
        let names: Vec<String> = saga.steps.iter().map(|x| s(&x.side)).collect();
        let steps: Vec<String> = saga
            .steps
            .iter()
            .map(|x| {
                format!(
                    "{} [{}] {}: {}",
                    s(&x.side),
                    x.modules.join(", "),
                    t("보상", "compensation"),
                    l(&x.compensation)
                )
            })
            .collect();
        let calls: Vec<String> = saga
            .calls
            .iter()
            .map(|(a, b)| format!("{a} → {b}"))
            .collect();
        item(
            ItemKind::Saga,
            format!("{} ({})", names.join(" → "), l(&saga.coordination.label())),
            steps.join(" | "),
            calls.join(", "),
        );
    }
    for read in needs.reads.iter().take(most(ItemKind::Read)) {
        let tables: Vec<String> = read
            .tables
            .iter()
            .map(|(table, owner)| format!("{table} ({})", s(owner)))
            .collect();
        item(
            ItemKind::Read,
            format!(
                "{} ({}) → {}",
                read.module,
                s(&read.side),
                l(&read.pattern.label())
            ),
            tables.join(", "),
            read.module.clone(),
        );
    }
    for route in needs
        .gateway_routes
        .iter()
        .take(most(ItemKind::GatewayRoute))
    {
        item(
            ItemKind::GatewayRoute,
            format!("{} → {}", route.entry, route.service),
            format!(
                "{}: {}; {} {}",
                t("대상", "targets"),
                route.targets.join(", "),
                t("호출량", "volume"),
                format_value(route.volume)
            ),
            route.entry.clone(),
        );
    }
    for contract in needs
        .contract_tests
        .iter()
        .take(most(ItemKind::ContractTest))
    {
        item(
            ItemKind::ContractTest,
            format!("{} → {}", s(&contract.consumer), s(&contract.provider)),
            format!("{} {}", contract.calls, t("개 호출", "calls")),
            format!("{} → {}", contract.example.0, contract.example.1),
        );
    }
    for runtime in needs.runtime.iter().take(most(ItemKind::Runtime)) {
        let question = question_label(&runtime.question, language);
        item(
            ItemKind::Runtime,
            format!("{}: {}", runtime.service, l(&runtime.check.label())),
            format!("{question}: {}", l(&runtime.status.label())),
            question,
        );
    }
    for finding in needs.findings.iter().take(most(ItemKind::Advice)) {
        item(
            ItemKind::Advice,
            l(&finding.title),
            l(&finding.pattern),
            finding.modules.join(", "),
        );
    }
    items
}
