//! Agreement measures against brute force: MoJo is the shortest sequence of Move
//! and Join operations, found here by breadth-first search over every partition
//! of up to 8 elements; MoJoFM's maximum is the largest such distance.

use std::collections::{HashMap, VecDeque};

use engine::agreement::{adjusted_rand, max_mno, mno, mojofm, normalised_mutual_information};
use proptest::prelude::*;

/// A partition in canonical form: clusters renumbered in order of first use.
fn canonical(p: &[u32]) -> Vec<u32> {
    let mut number = HashMap::new();
    p.iter()
        .map(|&c| {
            let next = number.len() as u32;
            *number.entry(c).or_insert(next)
        })
        .collect()
}

/// Every partition one Move or one Join away.
fn neighbours(p: &[u32]) -> Vec<Vec<u32>> {
    let clusters = p.iter().copied().max().map_or(0, |m| m + 1);
    let mut out = Vec::new();
    for element in 0..p.len() {
        // Move to another existing cluster or to a new one.
        for target in 0..=clusters {
            if target != p[element] {
                let mut q = p.to_vec();
                q[element] = target;
                out.push(canonical(&q));
            }
        }
    }
    for x in 0..clusters {
        for y in x + 1..clusters {
            let q: Vec<u32> = p.iter().map(|&c| if c == y { x } else { c }).collect();
            out.push(canonical(&q));
        }
    }
    out
}

/// The least number of operations from `a` to `b`, by breadth-first search.
fn brute_mno(a: &[u32], b: &[u32]) -> u64 {
    let (start, goal) = (canonical(a), canonical(b));
    let mut seen = HashMap::from([(start.clone(), 0u64)]);
    let mut queue = VecDeque::from([start]);
    while let Some(p) = queue.pop_front() {
        let d = seen[&p];
        if p == goal {
            return d;
        }
        for q in neighbours(&p) {
            if !seen.contains_key(&q) {
                seen.insert(q.clone(), d + 1);
                queue.push_back(q);
            }
        }
    }
    unreachable!("every partition reaches every other by moves")
}

/// Every partition of `n` elements (restricted growth strings).
fn all_partitions(n: usize) -> Vec<Vec<u32>> {
    fn grow(prefix: &mut Vec<u32>, n: usize, out: &mut Vec<Vec<u32>>) {
        if prefix.len() == n {
            out.push(prefix.clone());
            return;
        }
        let next = prefix.iter().copied().max().map_or(0, |m| m + 1);
        for c in 0..=next {
            prefix.push(c);
            grow(prefix, n, out);
            prefix.pop();
        }
    }
    let mut out = Vec::new();
    grow(&mut Vec::new(), n, &mut out);
    out
}

fn partition(max_elements: usize) -> impl Strategy<Value = Vec<u32>> {
    (1..=max_elements).prop_flat_map(|n| proptest::collection::vec(0u32..5, n))
}

fn two_partitions(max_elements: usize) -> impl Strategy<Value = (Vec<u32>, Vec<u32>)> {
    (1..=max_elements).prop_flat_map(|n| {
        (
            proptest::collection::vec(0u32..5, n),
            proptest::collection::vec(0u32..5, n),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn mojo_is_the_shortest_sequence_of_moves_and_joins((a, b) in two_partitions(8)) {
        let (a, b) = (canonical(&a), canonical(&b));
        prop_assert_eq!(mno(&a, &b), brute_mno(&a, &b), "A = {:?}, B = {:?}", a, b);
    }

    #[test]
    fn mojo_does_not_depend_on_cluster_names_or_element_order(
        (a, b) in two_partitions(8),
        rotate in 0usize..8,
    ) {
        let renamed: Vec<u32> = a.iter().map(|c| 10 - c).collect();
        prop_assert_eq!(mno(&canonical(&a), &canonical(&b)), mno(&canonical(&renamed), &canonical(&b)));
        let k = rotate % a.len();
        let (mut ra, mut rb) = (a.clone(), b.clone());
        ra.rotate_left(k);
        rb.rotate_left(k);
        prop_assert_eq!(mno(&canonical(&a), &canonical(&b)), mno(&canonical(&ra), &canonical(&rb)));
    }

    #[test]
    fn the_mojofm_maximum_is_the_farthest_any_partition_can_be(b in partition(7)) {
        let b = canonical(&b);
        let farthest = all_partitions(b.len())
            .iter()
            .map(|a| mno(a, &b))
            .max()
            .unwrap_or(0);
        prop_assert_eq!(max_mno(&b), farthest);
    }

    #[test]
    fn mojofm_is_100_only_for_the_same_partition((a, b) in two_partitions(8)) {
        let (a, b) = (canonical(&a), canonical(&b));
        let value = mojofm(mno(&a, &b), max_mno(&b));
        prop_assert!((0.0..=100.0).contains(&value));
        prop_assert_eq!(value == 100.0, a == b || max_mno(&b) == 0);
        prop_assert_eq!(mojofm(mno(&b, &b), max_mno(&b)), 100.0);
    }

    #[test]
    fn ari_and_nmi_are_symmetric_and_bounded((a, b) in two_partitions(12)) {
        let (ab, ba) = (adjusted_rand(&a, &b), adjusted_rand(&b, &a));
        prop_assert!((ab - ba).abs() < 1e-9);
        prop_assert!(ab <= 1.0 + 1e-9);
        let (ab, ba) = (normalised_mutual_information(&a, &b), normalised_mutual_information(&b, &a));
        prop_assert!((ab - ba).abs() < 1e-9);
        prop_assert!((0.0..=1.0).contains(&ab));
        prop_assert!((adjusted_rand(&a, &a) - 1.0).abs() < 1e-9);
        prop_assert!((normalised_mutual_information(&a, &a) - 1.0).abs() < 1e-9);
    }
}
