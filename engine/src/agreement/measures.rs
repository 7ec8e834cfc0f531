//! The agreement measures that compare cluster contents: c2c coverage (on every
//! membership), the adjusted Rand index and normalised mutual information (on
//! partitions: element number → cluster number).

use rustc_hash::FxHashMap;

/// c2c coverage at `threshold` (0..1): the percentage of A's clusters that have a
/// cluster b of B with |a ∩ b| / max(|a|, |b|) strictly greater than the
/// threshold (Bittencourt & Guerrero 2009). `a_size` and `b_size` are the
/// clusters' sizes, `shared` the intersections that are not empty.
pub fn c2c(
    a_size: &[u64],
    b_size: &[u64],
    shared: &FxHashMap<(u32, u32), u64>,
    threshold: f64,
) -> f64 {
    let clusters = a_size.iter().filter(|&&s| s > 0).count();
    if clusters == 0 {
        return 0.0;
    }
    let mut covered = vec![false; a_size.len()];
    for (&(x, y), &count) in shared {
        let larger = a_size[x as usize].max(b_size[y as usize]);
        if count as f64 / larger as f64 > threshold {
            covered[x as usize] = true;
        }
    }
    covered.iter().filter(|c| **c).count() as f64 / clusters as f64 * 100.0
}

/// The contingency of two partitions: cluster sizes on both sides and the
/// non-empty intersections.
struct Contingency {
    a_size: Vec<u64>,
    b_size: Vec<u64>,
    cells: FxHashMap<(u32, u32), u64>,
    n: u64,
}

impl Contingency {
    fn of(a: &[u32], b: &[u32]) -> Contingency {
        let width = |p: &[u32]| p.iter().map(|&c| c as usize + 1).max().unwrap_or(0);
        let mut table = Contingency {
            a_size: vec![0; width(a)],
            b_size: vec![0; width(b)],
            cells: FxHashMap::default(),
            n: a.len() as u64,
        };
        for (&x, &y) in a.iter().zip(b) {
            table.a_size[x as usize] += 1;
            table.b_size[y as usize] += 1;
            *table.cells.entry((x, y)).or_default() += 1;
        }
        table
    }
}

/// n choose 2, as a float (exact up to 2⁵³ pairs).
fn pairs(n: u64) -> f64 {
    (n as f64) * (n.saturating_sub(1) as f64) / 2.0
}

/// The adjusted Rand index (Hubert & Arabie 1985): 1 for identical partitions,
/// about 0 for independent ones, negative below chance. When both partitions are
/// trivial in the same way (one cluster each, or singletons each) the index is
/// 1, as scikit-learn defines it.
pub fn adjusted_rand(a: &[u32], b: &[u32]) -> f64 {
    let table = Contingency::of(a, b);
    let index: f64 = table.cells.values().map(|&c| pairs(c)).sum();
    let sum_a: f64 = table.a_size.iter().map(|&s| pairs(s)).sum();
    let sum_b: f64 = table.b_size.iter().map(|&s| pairs(s)).sum();
    let total = pairs(table.n);
    if total == 0.0 {
        return 1.0;
    }
    let expected = sum_a * sum_b / total;
    let maximum = (sum_a + sum_b) / 2.0;
    if maximum == expected {
        return 1.0;
    }
    (index - expected) / (maximum - expected)
}

/// Normalised mutual information with the arithmetic mean of the two
/// entropies as the normaliser: NMI = I(A; B) / ((H(A) + H(B)) / 2), natural
/// logarithms (scikit-learn's default). 1 when both partitions have a single
/// cluster; 0 when only one of them does.
pub fn normalised_mutual_information(a: &[u32], b: &[u32]) -> f64 {
    let table = Contingency::of(a, b);
    if table.n == 0 {
        return 1.0;
    }
    let n = table.n as f64;
    let entropy = |sizes: &[u64]| -> f64 {
        sizes
            .iter()
            .filter(|&&s| s > 0)
            .map(|&s| {
                let p = s as f64 / n;
                -p * p.ln()
            })
            .sum()
    };
    let (h_a, h_b) = (entropy(&table.a_size), entropy(&table.b_size));
    if h_a == 0.0 && h_b == 0.0 {
        return 1.0;
    }
    let information: f64 = table
        .cells
        .iter()
        .map(|(&(x, y), &c)| {
            let c = c as f64;
            let expected = table.a_size[x as usize] as f64 * table.b_size[y as usize] as f64;
            c / n * (n * c / expected).ln()
        })
        .sum();
    (information / ((h_a + h_b) / 2.0)).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(x: f64, y: f64) -> bool {
        (x - y).abs() < 1e-9
    }

    #[test]
    fn adjusted_rand_matches_the_textbook_values() {
        assert!(close(adjusted_rand(&[0, 0, 1, 1], &[1, 1, 0, 0]), 1.0));
        assert!(close(adjusted_rand(&[0, 0, 0, 0], &[0, 1, 2, 3]), 0.0));
        assert!(close(adjusted_rand(&[0, 0, 1, 1], &[0, 1, 0, 1]), -0.5));
        // index 1, expected 2·1/6, max 3/2: (1 − 1/3) / (3/2 − 1/3) = 4/7.
        assert!(close(
            adjusted_rand(&[0, 0, 1, 2], &[0, 0, 1, 1]),
            4.0 / 7.0
        ));
        assert!(close(adjusted_rand(&[0, 1, 2], &[2, 1, 0]), 1.0));
    }

    #[test]
    fn mutual_information_matches_a_hand_computation() {
        // I = ln 2, H(A) = 1.5 ln 2, H(B) = ln 2: NMI = 1 / 1.25.
        assert!(close(
            normalised_mutual_information(&[0, 0, 1, 2], &[0, 0, 1, 1]),
            0.8
        ));
        assert!(close(
            normalised_mutual_information(&[0, 0, 1, 1], &[1, 1, 0, 0]),
            1.0
        ));
        assert!(close(
            normalised_mutual_information(&[0, 0, 0, 0], &[0, 1, 2, 3]),
            0.0
        ));
        assert!(close(
            normalised_mutual_information(&[0, 0, 0], &[1, 1, 1]),
            1.0
        ));
    }

    #[test]
    fn c2c_counts_a_cluster_only_above_the_threshold() {
        // a0 = {1,2,3,4} vs b0 = {1,2}: 2/4 = 0.5, not above 50 %, above 33 %.
        // a1 = {5} vs b1 = {5,6,7,8,9,10,11,12,13,14}: 1/10, not above 10 %.
        let a_size = [4, 1];
        let b_size = [2, 10];
        let shared: FxHashMap<(u32, u32), u64> = [((0, 0), 2), ((0, 1), 2), ((1, 1), 1)]
            .into_iter()
            .collect();
        assert!(close(c2c(&a_size, &b_size, &shared, 0.50), 0.0));
        assert!(close(c2c(&a_size, &b_size, &shared, 0.33), 50.0));
        assert!(close(c2c(&a_size, &b_size, &shared, 0.10), 50.0));
        assert!(close(c2c(&a_size, &b_size, &shared, 0.09), 100.0));
    }
}
