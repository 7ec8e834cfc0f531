//! How close a split is to a reference split (one the experts drew, or the one
//! production runs today): MoJo and MoJoFM, c2c coverage, the adjusted Rand index
//! and normalised mutual information, exactly as the clustering literature
//! defines them, so a team's figures can be set next to published ones.
//!
//! Both sides are [`Partition`]s. The measures are taken over the **reference's
//! elements**: a reference element the split does not place is put in one extra
//! split cluster named `unobserved` (the convention of the ASE 2024 comparison of
//! decomposition tools); a split element the reference does not list is left out
//! and counted in [`Agreement::ignored`].

mod catalog;
mod measures;
mod mojo;
mod partition;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::text::Text;

pub use catalog::{MEASURES, MeasureInfo};
pub use measures::{adjusted_rand, c2c, normalised_mutual_information};
pub use mojo::{max_mno, mno, mojofm};
pub use partition::{MAX_CLUSTERS_PER_ELEMENT, Partition, PartitionFormat};

/// The name of the split cluster that holds the reference's elements the split
/// does not place.
pub const UNOBSERVED: &str = "unobserved";

/// How a split agrees with a reference split.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    /// mno(split, reference): the least number of Move and Join operations that
    /// turn the split into the reference.
    pub mojo: u64,
    /// MoJoFM: 100 = the same partition, 0 = as far as any partition can be.
    pub mojofm: f64,
    /// c2c coverage at 50 %: the percentage of the split's clusters that have a
    /// reference cluster overlapping by more than half of the larger one.
    pub c2c_50: f64,
    /// c2c coverage at 33 %.
    pub c2c_33: f64,
    /// c2c coverage at 10 %.
    pub c2c_10: f64,
    /// Adjusted Rand index (1 = identical, ≈ 0 = chance).
    pub ari: f64,
    /// Normalised mutual information (arithmetic-mean normalisation, 0..1).
    pub nmi: f64,
    /// The reference's elements: what the measures are taken over.
    pub elements: usize,
    /// Reference elements the split does not place (in the `unobserved` cluster).
    pub unobserved: usize,
    /// Split elements the reference does not list (left out).
    pub ignored: usize,
    /// Reference elements listed in more than one reference cluster.
    pub shared: usize,
    /// Non-empty clusters of the split over the reference's elements.
    pub split_clusters: usize,
    /// Non-empty clusters of the reference.
    pub reference_clusters: usize,
}

/// Why two splits could not be compared.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum AgreementError {
    /// The reference lists nothing to compare over.
    #[error("the reference split places no element")]
    EmptyReference,
}

impl AgreementError {
    /// The message in both interface languages.
    pub fn text(&self) -> Text {
        match self {
            AgreementError::EmptyReference => Text::new(
                "기준 분할에 배치된 요소가 없습니다",
                "the reference split places no element",
            ),
        }
    }
}

/// How `split` agrees with `reference`.
pub fn agreement(split: &Partition, reference: &Partition) -> Result<Agreement, AgreementError> {
    let elements = reference.element_count();
    if elements == 0 {
        return Err(AgreementError::EmptyReference);
    }
    let unobserved_cluster = split.cluster_slots() as u32;
    let mut a_last = Vec::with_capacity(elements);
    let mut b_last = Vec::with_capacity(elements);
    let mut a_size = vec![0u64; split.cluster_slots() + 1];
    let mut b_size = vec![0u64; reference.cluster_slots()];
    let mut shared = rustc_hash::FxHashMap::default();
    let mut unobserved = 0usize;
    for (element, b_listed) in reference.memberships() {
        let placed = split.clusters_of(element);
        let a_listed: &[u32] = if placed.is_empty() {
            unobserved += 1;
            std::slice::from_ref(&unobserved_cluster)
        } else {
            placed
        };
        for &x in a_listed {
            a_size[x as usize] += 1;
            for &y in b_listed {
                *shared.entry((x, y)).or_insert(0u64) += 1;
            }
        }
        for &y in b_listed {
            b_size[y as usize] += 1;
        }
        a_last.push(*a_listed.last().unwrap_or(&unobserved_cluster));
        b_last.push(*b_listed.last().unwrap_or(&0));
    }
    let ignored = split
        .memberships()
        .filter(|(element, _)| reference.clusters_of(element).is_empty())
        .count();
    let a = dense(&a_last);
    let b = dense(&b_last);
    let distance = mno(&a, &b);
    Ok(Agreement {
        mojo: distance,
        mojofm: mojofm(distance, max_mno(&b)),
        c2c_50: c2c(&a_size, &b_size, &shared, 0.50),
        c2c_33: c2c(&a_size, &b_size, &shared, 0.33),
        c2c_10: c2c(&a_size, &b_size, &shared, 0.10),
        ari: adjusted_rand(&a, &b),
        nmi: normalised_mutual_information(&a, &b),
        elements,
        unobserved,
        ignored,
        shared: reference.shared_element_count(),
        split_clusters: a_size.iter().filter(|&&s| s > 0).count(),
        reference_clusters: b_size.iter().filter(|&&s| s > 0).count(),
    })
}

/// Cluster numbers renumbered from 0 in order of first use.
fn dense(clusters: &[u32]) -> Vec<u32> {
    let mut number = rustc_hash::FxHashMap::default();
    clusters
        .iter()
        .map(|&c| {
            let next = number.len() as u32;
            *number.entry(c).or_insert(next)
        })
        .collect()
}

#[cfg(test)]
mod tests;
