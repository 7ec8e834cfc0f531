//! Planning-poker tallies: what a revealed round of workshop votes says. A
//! readiness vote gets the checklist's score and a spread that tells consensus
//! from a split room (worth a second round); a "which split" vote gets the
//! leaders and their share.

use crate::model::AnswerValue;
use crate::readiness::{answer_index, counts_score};

/// A spread at least this wide means the room disagrees: discuss, vote again.
pub const DISAGREEMENT: f64 = 0.5;

/// A revealed readiness vote, summarised.
#[derive(Clone, Debug, PartialEq)]
pub struct AnswerTally {
    /// Votes for yes, partly, no, don't know.
    pub counts: [usize; 4],
    /// Mean of yes = 1, partly = 0.5, no = 0 over those who knew (as the checklist).
    pub score: Option<f64>,
    /// Highest minus lowest of those values: 0 is consensus, 1 is yes against no.
    pub spread: Option<f64>,
}

impl AnswerTally {
    /// Everyone who knew gave the same answer.
    pub fn consensus(&self) -> bool {
        self.spread == Some(0.0)
    }

    /// Opinions are far apart: talk it through and vote again.
    pub fn disagreement(&self) -> bool {
        self.spread.is_some_and(|s| s >= DISAGREEMENT)
    }

    /// The most common answer (ties go to the earlier of yes, partly, no, don't know).
    pub fn most_common(&self) -> Option<AnswerValue> {
        let best = *self.counts.iter().max()?;
        if best == 0 {
            return None;
        }
        let index = self.counts.iter().position(|&c| c == best)?;
        Some(
            [
                AnswerValue::Yes,
                AnswerValue::Partly,
                AnswerValue::No,
                AnswerValue::DontKnow,
            ][index],
        )
    }
}

fn value_of(answer: AnswerValue) -> Option<f64> {
    match answer {
        AnswerValue::Yes => Some(1.0),
        AnswerValue::Partly => Some(0.5),
        AnswerValue::No => Some(0.0),
        AnswerValue::DontKnow => None,
    }
}

/// Summarises the answers of one readiness vote.
pub fn tally_answers(votes: &[AnswerValue]) -> AnswerTally {
    let mut counts = [0usize; 4];
    for &vote in votes {
        counts[answer_index(vote)] += 1;
    }
    let known: Vec<f64> = votes.iter().filter_map(|&v| value_of(v)).collect();
    let spread = known
        .iter()
        .copied()
        .reduce(f64::max)
        .zip(known.iter().copied().reduce(f64::min))
        .map(|(high, low)| high - low);
    AnswerTally {
        counts,
        score: counts_score(&counts),
        spread,
    }
}

/// A revealed choice vote ("which split do we prefer"), summarised.
#[derive(Clone, Debug, PartialEq)]
pub struct ChoiceTally {
    /// Each choice with its votes, most votes first (ties in first-vote order).
    pub counts: Vec<(String, usize)>,
    /// The choices with the most votes (several on a tie).
    pub leaders: Vec<String>,
    /// The leaders' share of all votes, 0..=1 (0 with no votes).
    pub share: f64,
}

/// Summarises a choice vote.
pub fn tally_choices<'a>(votes: impl IntoIterator<Item = &'a str>) -> ChoiceTally {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut total = 0usize;
    for vote in votes {
        total += 1;
        match counts.iter_mut().find(|(choice, _)| choice == vote) {
            Some((_, n)) => *n += 1,
            None => counts.push((vote.to_string(), 1)),
        }
    }
    // Stable: equal counts keep first-vote order.
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let best = counts.first().map_or(0, |c| c.1);
    let leaders = counts
        .iter()
        .take_while(|c| c.1 == best)
        .map(|c| c.0.clone())
        .collect();
    ChoiceTally {
        counts,
        leaders,
        share: if total == 0 {
            0.0
        } else {
            best as f64 / total as f64
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AnswerValue::{DontKnow, No, Partly, Yes};
    use proptest::prelude::*;

    #[test]
    fn agreement_is_consensus() {
        let tally = tally_answers(&[Yes, Yes, DontKnow]);
        assert_eq!(tally.counts, [2, 0, 0, 1]);
        assert_eq!(tally.score, Some(1.0));
        assert!(tally.consensus());
        assert!(!tally.disagreement());
        assert_eq!(tally.most_common(), Some(Yes));
    }

    #[test]
    fn yes_against_no_is_disagreement() {
        let tally = tally_answers(&[Yes, No, Partly, Partly]);
        assert_eq!(tally.score, Some(0.5));
        assert_eq!(tally.spread, Some(1.0));
        assert!(tally.disagreement());
        assert_eq!(tally.most_common(), Some(Partly));
    }

    #[test]
    fn nobody_knowing_has_no_score_or_spread() {
        let tally = tally_answers(&[DontKnow, DontKnow]);
        assert_eq!(tally.score, None);
        assert_eq!(tally.spread, None);
        assert!(!tally.consensus());
        assert_eq!(tally_answers(&[]).most_common(), None);
    }

    #[test]
    fn choices_rank_and_tie() {
        let tally = tally_choices(["b", "a", "b", "a", "c"]);
        assert_eq!(
            tally.counts,
            vec![("b".into(), 2), ("a".into(), 2), ("c".into(), 1)]
        );
        assert_eq!(tally.leaders, vec!["b".to_string(), "a".to_string()]);
        assert!((tally.share - 0.4).abs() < 1e-12);
        let empty = tally_choices(std::iter::empty());
        assert!(empty.leaders.is_empty());
        assert_eq!(empty.share, 0.0);
    }

    fn answer() -> impl Strategy<Value = AnswerValue> {
        prop_oneof![Just(Yes), Just(Partly), Just(No), Just(DontKnow)]
    }

    proptest! {
        #[test]
        fn answer_tallies_are_bounded_and_order_free(mut votes in prop::collection::vec(answer(), 0..40)) {
            let tally = tally_answers(&votes);
            prop_assert_eq!(tally.counts.iter().sum::<usize>(), votes.len());
            if let Some(score) = tally.score {
                prop_assert!((0.0..=1.0).contains(&score));
            }
            if let Some(spread) = tally.spread {
                prop_assert!((0.0..=1.0).contains(&spread));
            }
            prop_assert_eq!(tally.score.is_some(), tally.spread.is_some());
            votes.reverse();
            prop_assert_eq!(tally_answers(&votes), tally);
        }

        #[test]
        fn choice_leaders_have_the_most_votes(votes in prop::collection::vec("[a-d]", 0..40)) {
            let tally = tally_choices(votes.iter().map(String::as_str));
            prop_assert_eq!(tally.counts.iter().map(|c| c.1).sum::<usize>(), votes.len());
            let best = tally.counts.iter().map(|c| c.1).max().unwrap_or(0);
            for leader in &tally.leaders {
                let n = votes.iter().filter(|v| *v == leader).count();
                prop_assert_eq!(n, best);
            }
            prop_assert_eq!(tally.leaders.is_empty(), votes.is_empty());
        }
    }
}
