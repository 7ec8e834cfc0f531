//! Every metric on small graphs computed by hand, including the edge cases: one
//! service, empty services, unassigned modules, self-calls and zero volume.

mod common;

use common::{assert_metric, call, module, score, scorer, split};
use engine::metrics::MetricId::*;
use engine::model::{CallStyle, Project};

/// a, b in S1; c, d in S2. a→b, b→c, c→d, d→c, and a calls itself.
fn two_services() -> (Project, engine::model::Split) {
    let mut p = Project::new("two");
    p.modules = vec![
        module("a", &["x"]),
        module("b", &["x", "y"]),
        module("c", &[]),
        module("d", &["z"]),
    ];
    p.calls = vec![
        call("a", "b", 1.0),
        call("b", "c", 1.0),
        call("c", "d", 1.0),
        call("d", "c", 1.0),
        call("a", "a", 1.0),
    ];
    let s = split("s", &[("S1", &["a", "b"]), ("S2", &["c", "d"])]);
    (p, s)
}

#[test]
fn reference_metrics_by_hand() {
    let (p, s) = two_services();
    let m = score(&p, &s);
    // S1 uses {x, y}; S2 uses {Unknown, z}.
    assert_metric(&m, Bcp, 2f64.ln());
    // One of four weighted calls crosses (the self-call is dropped).
    assert_metric(&m, Icp, 0.25);
    // S1: pair (a,b) + self-pair (a,a) since a is not last = 2/4; S2: (c,d) once = 1/4;
    // between: 1 pair /(2·2) → SM = 0.375 - 0.25.
    assert_metric(&m, Sm, 0.125);
    assert_metric(&m, Ifn, 0.5);
    assert_metric(&m, Ned, 1.0);
}

#[test]
fn graph_metrics_by_hand() {
    let (p, s) = two_services();
    let m = score(&p, &s);
    // S1: inside 1, crossing 1 → 2/3. S2: inside 2, crossing 1 → 4/5.
    assert_metric(&m, TurboMq, 2.0 / 3.0 + 0.8);
    assert_metric(&m, TurboMqNorm, (2.0 / 3.0 + 0.8) / 2.0);
    // M = 4; S1: 1/4 - 2·1/16; S2: 2/4 - 2·3/16.
    assert_metric(&m, Modularity, 0.25);
    assert_metric(&m, Cdp, 0.0);
    assert_metric(&m, Services, 2.0);
    assert_metric(&m, CrossCalls, 1.0);
    assert_metric(&m, CrossVolumeShare, 0.25);
    assert_metric(&m, ServiceDependencies, 1.0);
    assert_metric(&m, MaxFanOut, 1.0);
    assert_metric(&m, MeanInstability, 0.5);
    assert_metric(&m, Cycles, 0.0);
    assert_metric(&m, SyncChain, 1.0);
    assert_metric(&m, SyncChainAvailability, 0.999);
    assert_metric(&m, Unassigned, 0.0);
    assert_metric(&m, EmptyServices, 0.0);
}

#[test]
fn the_last_module_of_a_service_gets_no_self_pair() {
    let (p, _) = two_services();
    // Same services, but a is last in S1 now, so its self-call no longer counts:
    // cohesion (1/4 + 1/4) / 2 minus coupling 1/4.
    let s = split("s", &[("S1", &["b", "a"]), ("S2", &["c", "d"])]);
    assert_metric(&score(&p, &s), Sm, 0.0);
}

#[test]
fn one_service_has_no_coupling() {
    let (p, _) = two_services();
    let s = split("s", &[("All", &["a", "b", "c", "d"])]);
    let m = score(&p, &s);
    assert_metric(&m, Icp, 0.0);
    assert_metric(&m, Ifn, 0.0);
    // Pairs (a,b), (b,c), (c,d) and the self-pair (a,a): 4/16, no coupling term.
    assert_metric(&m, Sm, 0.25);
    assert_metric(&m, Bcp, 4f64.ln());
    assert_metric(&m, TurboMq, 1.0);
    assert_metric(&m, Modularity, 0.0);
    assert_metric(&m, Cdp, 0.0);
    assert_metric(&m, SyncChain, 0.0);
    assert_metric(&m, SyncChainAvailability, 1.0);
    assert_metric(&m, SizeCv, 0.0);
}

#[test]
fn empty_services_are_reported_and_ignored() {
    let (p, _) = two_services();
    let s = split(
        "s",
        &[("S1", &["a", "b"]), ("Empty", &[]), ("S2", &["c", "d"])],
    );
    let m = score(&p, &s);
    assert_metric(&m, EmptyServices, 1.0);
    assert_metric(&m, Services, 2.0);
    assert_metric(&m, Sm, 0.125);
    assert_metric(&m, Ifn, 0.5);
    assert_metric(&m, Bcp, 2f64.ln());
}

#[test]
fn unassigned_modules_and_their_calls_are_left_out() {
    let (p, _) = two_services();
    let s = split("s", &[("S1", &["a", "b"]), ("S2", &["c"])]);
    let m = score(&p, &s);
    assert_metric(&m, Unassigned, 1.0);
    // Calls with d are gone: a→b inside, b→c across.
    assert_metric(&m, Icp, 0.5);
    assert_metric(&m, CrossCalls, 1.0);
    assert_metric(&m, Ned, 1.0);
}

#[test]
fn zero_volume_calls_weigh_nothing_but_still_link_modules() {
    let mut p = Project::new("zero");
    p.modules = vec![module("a", &[]), module("b", &[]), module("c", &[])];
    p.calls = vec![call("a", "b", 0.0), call("b", "c", 1.0)];
    let s = split("s", &[("S1", &["a"]), ("S2", &["b", "c"])]);
    let m = score(&p, &s);
    assert_metric(&m, Icp, 0.0);
    assert_metric(&m, CrossVolumeShare, 0.0);
    assert_metric(&m, CrossCalls, 1.0);
    assert_metric(&m, Ifn, 0.5);
}

#[test]
fn icp_weights_volumes_logarithmically() {
    let mut p = Project::new("log");
    p.modules = vec![module("a", &[]), module("b", &[]), module("c", &[])];
    p.calls = vec![call("a", "b", std::f64::consts::E), call("b", "c", 1.0)];
    let s = split("s", &[("S1", &["a"]), ("S2", &["b", "c"])]);
    // Cross: ln e + 1 = 2; total: 2 + 1.
    assert_metric(&score(&p, &s), Icp, 2.0 / 3.0);
}

#[test]
fn cycles_and_the_longest_sync_chain() {
    let mut p = Project::new("chain");
    p.modules = ["a", "b", "c", "d"]
        .iter()
        .map(|m| module(m, &[]))
        .collect();
    let mut back = call("d", "a", 1.0);
    back.style = CallStyle::Async;
    p.calls = vec![
        call("a", "b", 1.0),
        call("b", "c", 1.0),
        call("c", "b", 1.0),
        call("c", "d", 1.0),
        back,
    ];
    let s = split(
        "s",
        &[("A", &["a"]), ("B", &["b"]), ("C", &["c"]), ("D", &["d"])],
    );
    let m = score(&p, &s);
    // Every service is on the cycle a→b→c→d→a (the async call is still a dependency).
    assert_metric(&m, Cycles, 1.0);
    // Sync: A → {B ⇄ C} → D = 1 + 1 + 1 hops.
    assert_metric(&m, SyncChain, 3.0);
    assert_metric(&m, SyncChainAvailability, 0.999f64.powi(3));
    // B and C call each other: 1 of 4 linked pairs.
    assert_metric(&m, Cdp, 0.25);
    let scorer = scorer(&p, &s);
    assert_eq!(scorer.service_graph().cycles, vec![vec![0, 1, 2, 3]]);
    assert_eq!(scorer.sync_chain().services, vec![0, 1, 2, 3]);
    assert!(scorer.sync_chain().through_cycle);
}

#[test]
fn data_team_and_size_metrics() {
    let mut p = Project::new("data");
    let mut m1 = module("m1", &[]);
    m1.writes = vec!["T1".into()];
    m1.team = Some("X".into());
    m1.size = 2.0;
    let mut m2 = module("m2", &[]);
    m2.writes = vec!["T1".into()];
    m2.reads = vec!["T2".into()];
    m2.team = Some("X".into());
    let mut m3 = module("m3", &[]);
    m3.writes = vec!["T2".into()];
    m3.reads = vec!["T1".into()];
    m3.team = Some("Y".into());
    let mut m4 = module("m4", &[]);
    m4.reads = vec!["T2".into()];
    m4.team = Some("Z".into());
    m4.size = 4.0;
    p.modules = vec![m1, m2, m3, m4];
    let mut atomic = call("m1", "m2", 1.0);
    atomic.transactional = true;
    let mut atomic_inside = call("m2", "m3", 1.0);
    atomic_inside.transactional = true;
    p.calls = vec![atomic, atomic_inside];
    let s = split("s", &[("S1", &["m1", "m4"]), ("S2", &["m2", "m3"])]);
    let m = score(&p, &s);
    assert_metric(&m, DistributedTransactions, 1.0);
    assert_metric(&m, SharedWrittenTables, 1.0);
    // m4 (S1) reads T2 owned by S2; m3 reads T1, which its own service also writes.
    assert_metric(&m, CrossServiceReads, 1.0);
    assert_metric(&m, MaxTeamsPerService, 2.0);
    assert_metric(&m, MaxServicesPerTeam, 2.0);
    // Sizes 6 and 2: mean 4, standard deviation 2.
    assert_metric(&m, SizeCv, 0.5);
}
