//! The built-in demo: a fintech monolith modelled on the field note's examples —
//! remittance (송금), orders (주문), accounts (계좌), internal balance (잔액),
//! banking that only talks to external banks (뱅킹), plus customers,
//! notifications, auth, ledger, fees and risk — with two ready-made splits, by
//! business capability and by subdomain.

use crate::generate::{TagKind, Untagged, split_by_tag};
use crate::model::{Call, CallKind, CallStyle, Module, Project, SubdomainKind};

/// Name of the demo's capability split.
pub const BY_CAPABILITY: &str = "비즈니스 능력별 (By capability)";
/// Name of the demo's subdomain split.
pub const BY_SUBDOMAIN: &str = "서브도메인별 (By subdomain)";

/// (id, name, capability, subdomain, subdomain kind, team, size, use cases, reads, writes)
type ModuleRow = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    SubdomainKind,
    &'static str,
    f64,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

use SubdomainKind::{Core, Generic, Supporting};

const REMIT: &str = "송금 (Remittance)";
const ORDER: &str = "주문 (Ordering)";
const ACCOUNT: &str = "계좌 관리 (Account management)";
const CUSTOMER: &str = "고객 관리 (Customer management)";
const NOTIFY: &str = "알림 (Notification)";
const SECURITY: &str = "보안 (Security)";
const FINANCE: &str = "회계 (Accounting)";
const RISK: &str = "리스크 (Risk)";

const MODULES: &[ModuleRow] = &[
    (
        "remit.TransferController",
        "송금 API",
        REMIT,
        "송금 (Transfer)",
        Core,
        "remit-team",
        120.0,
        &["send-money"],
        &[],
        &[],
    ),
    (
        "remit.TransferService",
        "송금 처리",
        REMIT,
        "송금 (Transfer)",
        Core,
        "remit-team",
        900.0,
        &["send-money", "scheduled-transfer"],
        &["transfers"],
        &["transfers"],
    ),
    (
        "remit.TransferValidator",
        "송금 검증",
        REMIT,
        "송금 (Transfer)",
        Core,
        "remit-team",
        300.0,
        &["send-money"],
        &["accounts"],
        &[],
    ),
    (
        "remit.ScheduledTransferJob",
        "예약 송금 배치",
        REMIT,
        "송금 (Transfer)",
        Core,
        "remit-team",
        250.0,
        &["scheduled-transfer"],
        &["transfers"],
        &["transfers"],
    ),
    (
        "remit.LimitPolicy",
        "이체 한도 정책",
        REMIT,
        "리스크 (Risk)",
        Core,
        "remit-team",
        200.0,
        &["send-money"],
        &["balances"],
        &[],
    ),
    (
        "balance.HoldManager",
        "잔액 홀드",
        REMIT,
        "잔액 (Internal balance)",
        Core,
        "remit-team",
        350.0,
        &["send-money"],
        &["balances"],
        &["balance_holds"],
    ),
    (
        "banking.BankGateway",
        "은행 게이트웨이",
        REMIT,
        "뱅킹 (Banking)",
        Supporting,
        "remit-team",
        600.0,
        &["send-money"],
        &[],
        &[],
    ),
    (
        "banking.FirmBankingAdapter",
        "펌뱅킹 어댑터",
        REMIT,
        "뱅킹 (Banking)",
        Supporting,
        "remit-team",
        700.0,
        &["send-money", "reconcile"],
        &[],
        &[],
    ),
    (
        "order.OrderController",
        "주문 API",
        ORDER,
        "주문 (Order)",
        Core,
        "order-team",
        150.0,
        &["place-order", "order-history"],
        &[],
        &[],
    ),
    (
        "order.OrderService",
        "주문 처리",
        ORDER,
        "주문 (Order)",
        Core,
        "order-team",
        800.0,
        &["place-order"],
        &["orders"],
        &["orders"],
    ),
    (
        "order.PaymentService",
        "결제",
        ORDER,
        "잔액 (Internal balance)",
        Core,
        "order-team",
        500.0,
        &["place-order"],
        &["balances"],
        &["balances"],
    ),
    (
        "order.OrderHistoryQuery",
        "주문 내역 조회",
        ORDER,
        "주문 (Order)",
        Core,
        "order-team",
        200.0,
        &["order-history"],
        &["orders"],
        &[],
    ),
    (
        "account.AccountController",
        "계좌 API",
        ACCOUNT,
        "계좌 (Account)",
        Core,
        "account-team",
        150.0,
        &["open-account", "check-balance"],
        &[],
        &[],
    ),
    (
        "account.AccountService",
        "계좌 서비스",
        ACCOUNT,
        "계좌 (Account)",
        Core,
        "account-team",
        600.0,
        &["open-account", "check-balance"],
        &["accounts"],
        &[],
    ),
    (
        "account.AccountRepository",
        "계좌 저장소",
        ACCOUNT,
        "계좌 (Account)",
        Core,
        "account-team",
        250.0,
        &["open-account"],
        &["accounts"],
        &["accounts"],
    ),
    (
        "account.KycVerifier",
        "본인 확인 (KYC)",
        ACCOUNT,
        "고객 (Customer)",
        Supporting,
        "account-team",
        400.0,
        &["open-account"],
        &["customers"],
        &[],
    ),
    (
        "balance.BalanceService",
        "잔액 서비스",
        ACCOUNT,
        "잔액 (Internal balance)",
        Core,
        "account-team",
        450.0,
        &["check-balance", "send-money", "place-order"],
        &["balances"],
        &[],
    ),
    (
        "balance.BalanceRepository",
        "잔액 저장소",
        ACCOUNT,
        "잔액 (Internal balance)",
        Core,
        "account-team",
        200.0,
        &["check-balance"],
        &["balances"],
        &["balances"],
    ),
    (
        "customer.CustomerService",
        "고객 서비스",
        CUSTOMER,
        "고객 (Customer)",
        Supporting,
        "account-team",
        500.0,
        &["edit-profile", "login"],
        &["customers"],
        &["customers"],
    ),
    (
        "customer.ProfileController",
        "프로필 API",
        CUSTOMER,
        "고객 (Customer)",
        Supporting,
        "account-team",
        100.0,
        &["edit-profile"],
        &[],
        &[],
    ),
    (
        "notify.NotificationService",
        "알림 서비스",
        NOTIFY,
        "알림 (Notification)",
        Generic,
        "platform-team",
        400.0,
        &["send-money", "place-order"],
        &[],
        &["notifications"],
    ),
    (
        "notify.PushSender",
        "푸시 발송",
        NOTIFY,
        "알림 (Notification)",
        Generic,
        "platform-team",
        200.0,
        &["send-money", "place-order"],
        &[],
        &[],
    ),
    (
        "notify.SmsSender",
        "문자 발송",
        NOTIFY,
        "알림 (Notification)",
        Generic,
        "platform-team",
        150.0,
        &["send-money"],
        &[],
        &[],
    ),
    (
        "auth.AuthService",
        "인증 서비스",
        SECURITY,
        "인증 (Identity)",
        Generic,
        "platform-team",
        500.0,
        &["login"],
        &["customers"],
        &["sessions"],
    ),
    (
        "auth.TokenVerifier",
        "토큰 검증",
        SECURITY,
        "인증 (Identity)",
        Generic,
        "platform-team",
        150.0,
        &["send-money", "place-order", "check-balance"],
        &["sessions"],
        &[],
    ),
    (
        "ledger.LedgerService",
        "원장 서비스",
        FINANCE,
        "원장 (Ledger)",
        Supporting,
        "finance-team",
        700.0,
        &["send-money", "place-order", "reconcile"],
        &["ledger_entries"],
        &[],
    ),
    (
        "ledger.JournalWriter",
        "분개 기록",
        FINANCE,
        "원장 (Ledger)",
        Supporting,
        "finance-team",
        300.0,
        &["send-money", "place-order"],
        &[],
        &["ledger_entries"],
    ),
    (
        "banking.BankReconciliation",
        "은행 대사",
        FINANCE,
        "뱅킹 (Banking)",
        Supporting,
        "finance-team",
        450.0,
        &["reconcile"],
        &["ledger_entries"],
        &["bank_statements"],
    ),
    (
        "fee.FeeCalculator",
        "수수료 계산",
        FINANCE,
        "수수료 (Fee)",
        Supporting,
        "finance-team",
        300.0,
        &["send-money", "place-order"],
        &["fee_rules"],
        &[],
    ),
    (
        "fee.FeePolicyAdmin",
        "수수료 정책 관리",
        FINANCE,
        "수수료 (Fee)",
        Supporting,
        "finance-team",
        150.0,
        &["manage-fees"],
        &[],
        &["fee_rules"],
    ),
    (
        "risk.FraudDetector",
        "이상거래 탐지",
        RISK,
        "리스크 (Risk)",
        Core,
        "risk-team",
        650.0,
        &["send-money"],
        &["transfers", "risk_scores"],
        &[],
    ),
    (
        "risk.RiskScoreService",
        "리스크 점수",
        RISK,
        "리스크 (Risk)",
        Core,
        "risk-team",
        400.0,
        &["send-money"],
        &["ledger_entries"],
        &["risk_scores"],
    ),
];

/// (caller, callee, volume per day, async, transactional, query)
const CALLS: &[(&str, &str, f64, bool, bool, bool)] = &[
    (
        "app",
        "remit.TransferController",
        50_000.0,
        false,
        false,
        false,
    ),
    (
        "app",
        "order.OrderController",
        80_000.0,
        false,
        false,
        false,
    ),
    (
        "app",
        "account.AccountController",
        30_000.0,
        false,
        false,
        false,
    ),
    (
        "app",
        "customer.ProfileController",
        10_000.0,
        false,
        false,
        false,
    ),
    ("app", "auth.AuthService", 120_000.0, false, false, false),
    (
        "remit.TransferController",
        "auth.TokenVerifier",
        50_000.0,
        false,
        false,
        true,
    ),
    (
        "remit.TransferController",
        "remit.TransferService",
        50_000.0,
        false,
        false,
        false,
    ),
    (
        "remit.TransferService",
        "remit.TransferValidator",
        50_000.0,
        false,
        false,
        true,
    ),
    (
        "remit.TransferService",
        "remit.LimitPolicy",
        50_000.0,
        false,
        false,
        true,
    ),
    (
        "remit.TransferService",
        "risk.FraudDetector",
        50_000.0,
        false,
        false,
        true,
    ),
    (
        "remit.TransferService",
        "balance.HoldManager",
        48_000.0,
        false,
        true,
        false,
    ),
    (
        "remit.TransferService",
        "banking.BankGateway",
        45_000.0,
        false,
        false,
        false,
    ),
    (
        "remit.TransferService",
        "ledger.LedgerService",
        45_000.0,
        false,
        true,
        false,
    ),
    (
        "remit.TransferService",
        "fee.FeeCalculator",
        50_000.0,
        false,
        false,
        true,
    ),
    (
        "remit.TransferService",
        "notify.NotificationService",
        45_000.0,
        true,
        false,
        false,
    ),
    (
        "remit.TransferService",
        "account.AccountService",
        50_000.0,
        false,
        false,
        true,
    ),
    (
        "remit.TransferValidator",
        "account.AccountRepository",
        50_000.0,
        false,
        false,
        true,
    ),
    (
        "remit.LimitPolicy",
        "balance.BalanceService",
        50_000.0,
        false,
        false,
        true,
    ),
    (
        "remit.ScheduledTransferJob",
        "remit.TransferService",
        5_000.0,
        false,
        false,
        false,
    ),
    (
        "balance.HoldManager",
        "balance.BalanceRepository",
        48_000.0,
        false,
        true,
        false,
    ),
    (
        "banking.BankGateway",
        "banking.FirmBankingAdapter",
        45_000.0,
        false,
        false,
        false,
    ),
    (
        "risk.FraudDetector",
        "risk.RiskScoreService",
        50_000.0,
        false,
        false,
        true,
    ),
    (
        "risk.FraudDetector",
        "customer.CustomerService",
        50_000.0,
        false,
        false,
        true,
    ),
    (
        "risk.RiskScoreService",
        "ledger.LedgerService",
        50_000.0,
        false,
        false,
        true,
    ),
    (
        "order.OrderController",
        "auth.TokenVerifier",
        80_000.0,
        false,
        false,
        true,
    ),
    (
        "order.OrderController",
        "order.OrderService",
        80_000.0,
        false,
        false,
        false,
    ),
    (
        "order.OrderController",
        "order.OrderHistoryQuery",
        40_000.0,
        false,
        false,
        true,
    ),
    (
        "order.OrderService",
        "order.PaymentService",
        60_000.0,
        false,
        true,
        false,
    ),
    (
        "order.OrderService",
        "customer.CustomerService",
        60_000.0,
        false,
        false,
        true,
    ),
    (
        "order.OrderService",
        "notify.NotificationService",
        60_000.0,
        true,
        false,
        false,
    ),
    (
        "order.OrderService",
        "ledger.LedgerService",
        60_000.0,
        false,
        true,
        false,
    ),
    (
        "order.PaymentService",
        "balance.BalanceService",
        60_000.0,
        false,
        true,
        false,
    ),
    (
        "order.PaymentService",
        "fee.FeeCalculator",
        60_000.0,
        false,
        false,
        true,
    ),
    (
        "account.AccountController",
        "auth.TokenVerifier",
        30_000.0,
        false,
        false,
        true,
    ),
    (
        "account.AccountController",
        "account.AccountService",
        30_000.0,
        false,
        false,
        false,
    ),
    (
        "account.AccountService",
        "account.AccountRepository",
        30_000.0,
        false,
        false,
        false,
    ),
    (
        "account.AccountService",
        "balance.BalanceService",
        30_000.0,
        false,
        false,
        true,
    ),
    (
        "account.AccountService",
        "account.KycVerifier",
        2_000.0,
        false,
        false,
        false,
    ),
    (
        "account.KycVerifier",
        "customer.CustomerService",
        2_000.0,
        false,
        false,
        true,
    ),
    (
        "balance.BalanceService",
        "balance.BalanceRepository",
        140_000.0,
        false,
        false,
        false,
    ),
    (
        "customer.ProfileController",
        "auth.TokenVerifier",
        10_000.0,
        false,
        false,
        true,
    ),
    (
        "customer.ProfileController",
        "customer.CustomerService",
        10_000.0,
        false,
        false,
        false,
    ),
    (
        "customer.CustomerService",
        "notify.NotificationService",
        1_000.0,
        true,
        false,
        false,
    ),
    (
        "notify.NotificationService",
        "notify.PushSender",
        80_000.0,
        true,
        false,
        false,
    ),
    (
        "notify.NotificationService",
        "notify.SmsSender",
        20_000.0,
        true,
        false,
        false,
    ),
    (
        "auth.AuthService",
        "customer.CustomerService",
        120_000.0,
        false,
        false,
        true,
    ),
    (
        "auth.AuthService",
        "notify.NotificationService",
        500.0,
        true,
        false,
        false,
    ),
    (
        "ledger.LedgerService",
        "ledger.JournalWriter",
        105_000.0,
        false,
        true,
        false,
    ),
    (
        "banking.BankReconciliation",
        "ledger.LedgerService",
        1_000.0,
        false,
        false,
        true,
    ),
    (
        "banking.BankReconciliation",
        "banking.FirmBankingAdapter",
        1_000.0,
        false,
        false,
        true,
    ),
    (
        "fee.FeePolicyAdmin",
        "fee.FeeCalculator",
        10.0,
        false,
        false,
        false,
    ),
];

/// The demo project with its two splits.
pub fn project() -> Project {
    let mut project = Project::new("핀테크 모놀리스 (Fintech monolith demo)");
    project.description = "송금·주문·계좌·잔액·뱅킹을 한 애플리케이션에서 처리하는 핀테크 모놀리스 예제입니다. A fintech monolith handling remittance, orders, accounts, balances and banking in one application.".to_string();
    let mut app = Module::new("app");
    app.name = "고객 앱 (Mobile app)".to_string();
    app.entry_point = true;
    project.modules.push(app);
    for &(id, name, capability, subdomain, kind, team, size, use_cases, reads, writes) in MODULES {
        let mut module = Module::new(id);
        module.name = name.to_string();
        module.capability = Some(capability.to_string());
        module.subdomain = Some(subdomain.to_string());
        module.subdomain_kind = Some(kind);
        module.team = Some(team.to_string());
        module.size = size;
        module.use_cases = use_cases.iter().map(|s| s.to_string()).collect();
        module.reads = reads.iter().map(|s| s.to_string()).collect();
        module.writes = writes.iter().map(|s| s.to_string()).collect();
        project.modules.push(module);
    }
    for &(caller, callee, volume, asynchronous, transactional, query) in CALLS {
        let mut call = Call::new(caller, callee);
        call.volume = volume;
        call.style = if asynchronous {
            CallStyle::Async
        } else {
            CallStyle::Sync
        };
        call.transactional = transactional;
        call.kind = if query {
            CallKind::Query
        } else {
            CallKind::Command
        };
        project.calls.push(call);
    }
    let capability = split_by_tag(
        &project,
        TagKind::Capability,
        Untagged::LeaveUnassigned,
        BY_CAPABILITY,
    )
    .split;
    let subdomain = split_by_tag(
        &project,
        TagKind::Subdomain,
        Untagged::LeaveUnassigned,
        BY_SUBDOMAIN,
    )
    .split;
    project.splits = vec![capability, subdomain];
    project
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_is_valid_and_complete() {
        let p = project();
        p.validate().unwrap();
        assert!(p.modules.len() >= 30);
        assert_eq!(p.splits.len(), 2);
        assert!(
            p.splits
                .iter()
                .all(|s| s.assignment.len() == p.modules.len() - 1)
        );
        assert!(p.calls.iter().any(|c| c.transactional));
    }
}
