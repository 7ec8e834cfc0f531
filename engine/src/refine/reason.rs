//! A proposed move and its reason in numbers.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::graph::{ModelGraph, ModuleIx};
use crate::metrics::{MetricId, Scores, format_value};
use crate::text::Text;

/// Calls counted with their volume.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CallCount {
    /// How many calls.
    pub calls: u32,
    /// Their total volume.
    pub volume: f64,
}

/// One metric before and after a move.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MetricChange {
    /// The metric's key in the catalog (e.g. `icp`).
    pub metric: String,
    /// Its value before the move.
    pub before: f64,
    /// Its value after.
    pub after: f64,
}

/// One move the refinement proposes: a module (or a keep-together group) from
/// one service to another, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProposedMove {
    /// The modules that move (more than one for a keep-together group).
    pub modules: Vec<String>,
    /// The service they leave (its id).
    pub from: String,
    /// The service they join (its id).
    pub to: String,
    /// How much the weight crossing service boundaries goes down.
    pub gain: f64,
    /// Calls between the moved modules and the service they join: no longer
    /// crossing a boundary.
    pub calls_uncrossed: CallCount,
    /// Calls between the moved modules and the service they leave: crossing now.
    pub calls_crossed: CallCount,
    /// Module pairs that change together and are now in one service.
    pub co_changes_uncrossed: u32,
    /// Module pairs that change together and are now apart.
    pub co_changes_crossed: u32,
    /// Tables written by more than one service before, by one only after.
    pub tables_unshared: Vec<String>,
    /// Tables written by one service before, by more than one after.
    pub tables_shared: Vec<String>,
    /// Every metric the move changes.
    pub metrics: Vec<MetricChange>,
}

/// The crossing numbers of moving `members` from service `from` to `to`,
/// counted before the move.
pub(super) fn crossings(
    model: &ModelGraph,
    co_changes: &[Vec<ModuleIx>],
    service_of: &[u32],
    members: &[ModuleIx],
    from: u32,
    to: u32,
) -> (CallCount, CallCount, u32, u32) {
    let inside = |m: ModuleIx| members.contains(&m);
    let (mut uncrossed, mut crossed) = (CallCount::default(), CallCount::default());
    for &m in members {
        for &cx in model.incident.row(m) {
            let call = &model.calls[cx as usize];
            let other = if call.caller == m {
                call.callee
            } else {
                call.caller
            };
            if call.is_self() || inside(other) {
                continue;
            }
            let side = service_of[other as usize];
            let count = if side == to {
                &mut uncrossed
            } else if side == from {
                &mut crossed
            } else {
                continue;
            };
            count.calls += 1;
            count.volume += call.volume;
        }
    }
    let (mut co_uncrossed, mut co_crossed) = (0, 0);
    for &m in members {
        for &other in &co_changes[m as usize] {
            if inside(other) {
                continue;
            }
            let side = service_of[other as usize];
            if side == to {
                co_uncrossed += 1;
            } else if side == from {
                co_crossed += 1;
            }
        }
    }
    (uncrossed, crossed, co_uncrossed, co_crossed)
}

/// The tables `members` write, each with how many services write it.
pub(super) fn writer_services(
    model: &ModelGraph,
    writers: &[FxHashMap<u32, u32>],
    members: &[ModuleIx],
) -> Vec<(u32, usize)> {
    model
        .tables_written_by(members.iter().copied())
        .into_iter()
        .map(|t| {
            let services = writers[t as usize].values().filter(|&&c| c > 0).count();
            (t, services)
        })
        .collect()
}

/// Every metric that differs between two scores.
pub(super) fn metric_changes(before: &Scores, after: &Scores) -> Vec<MetricChange> {
    before
        .iter()
        .zip(after.iter())
        .filter(|((_, b), (_, a))| !(b.is_nan() && a.is_nan()) && (a - b).abs() > 1e-12)
        .map(|((id, b), (_, a))| MetricChange {
            metric: id.key().to_string(),
            before: b,
            after: a,
        })
        .collect()
}

impl ProposedMove {
    /// The reason, as a sentence in both languages: what stops and starts
    /// crossing, the tables, and the inter-call percentage.
    pub fn reason(&self) -> Text {
        let (mut ko, mut en) = (Vec::new(), Vec::new());
        let count = |c: &CallCount| (c.calls, format_value(c.volume));
        if self.calls_uncrossed.calls > 0 {
            let (n, volume) = count(&self.calls_uncrossed);
            ko.push(format!(
                "호출 {n}개(호출량 {volume})가 더는 경계를 넘지 않습니다"
            ));
            en.push(if n == 1 {
                format!("1 call (volume {volume}) stops crossing")
            } else {
                format!("{n} calls (volume {volume}) stop crossing")
            });
        }
        if self.calls_crossed.calls > 0 {
            let (n, volume) = count(&self.calls_crossed);
            ko.push(format!(
                "호출 {n}개(호출량 {volume})가 새로 경계를 넘습니다"
            ));
            en.push(if n == 1 {
                format!("1 call (volume {volume}) starts crossing")
            } else {
                format!("{n} calls (volume {volume}) start crossing")
            });
        }
        if self.co_changes_uncrossed > 0 || self.co_changes_crossed > 0 {
            let (kept, split) = (self.co_changes_uncrossed, self.co_changes_crossed);
            ko.push(format!(
                "함께 바뀌는 쌍: {kept}개가 한 서비스로, {split}개가 갈라짐"
            ));
            en.push(format!(
                "pairs that change together: {kept} now in one service, {split} now apart"
            ));
        }
        if !self.tables_unshared.is_empty() {
            let tables = self.tables_unshared.join(", ");
            ko.push(format!("테이블 {tables}을(를) 이제 한 서비스만 씁니다"));
            en.push(format!("table {tables} is now written by one service"));
        }
        if !self.tables_shared.is_empty() {
            let tables = self.tables_shared.join(", ");
            ko.push(format!("테이블 {tables}을(를) 이제 여러 서비스가 씁니다"));
            en.push(format!("table {tables} is now written by several services"));
        }
        if let Some(icp) = self
            .metrics
            .iter()
            .find(|m| m.metric == MetricId::Icp.key())
        {
            let (b, a) = (format_value(icp.before), format_value(icp.after));
            ko.push(format!("ICP {b} → {a}"));
            en.push(format!("ICP {b} → {a}"));
        }
        Text::new(ko.join("; "), en.join("; "))
    }
}
