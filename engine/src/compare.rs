//! Splits side by side: per metric the better value, and a summary.

use serde::{Deserialize, Serialize};

use crate::metrics::{Direction, METRICS, MetricId, Scores};
use crate::text::Text;

/// One metric across the compared splits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparisonRow {
    /// The metric.
    pub metric: MetricId,
    /// Its key.
    pub key: String,
    /// Its value per split, in the order of [`Comparison::splits`]; NaN (JSON
    /// `null`) where the evidence does not allow the metric.
    #[serde(with = "nan_as_null")]
    pub values: Vec<f64>,
    /// Positions of the split(s) with the better value; empty when the metric is
    /// descriptive or every split has the same value.
    pub best: Vec<usize>,
}

/// Any number of splits compared metric by metric.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Comparison {
    /// Split names in comparison order.
    pub splits: Vec<String>,
    /// One row per metric, catalog order.
    pub rows: Vec<ComparisonRow>,
    /// Per split, on how many metrics it is (one of) the best.
    pub wins: Vec<usize>,
    /// What the comparison says, in a sentence or two.
    pub summary: Text,
}

/// Numbers that may be NaN, as JSON has no NaN: written as `null`, read back
/// from `null` as NaN (serde_json would write `null` and then refuse it).
mod nan_as_null {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(values: &[f64], serializer: S) -> Result<S::Ok, S::Error> {
        values
            .iter()
            .map(|v| (!v.is_nan()).then_some(*v))
            .collect::<Vec<_>>()
            .serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<f64>, D::Error> {
        Ok(Vec::<Option<f64>>::deserialize(deserializer)?
            .into_iter()
            .map(|v| v.unwrap_or(f64::NAN))
            .collect())
    }
}

/// Values closer than this (relative) count as equal.
const TIE: f64 = 1e-9;

/// Compares splits by their scores.
pub fn compare<'a>(splits: impl IntoIterator<Item = (&'a str, &'a Scores)>) -> Comparison {
    let (names, scores): (Vec<String>, Vec<&Scores>) = splits
        .into_iter()
        .map(|(name, scores)| (name.to_string(), scores))
        .unzip();
    let mut wins = vec![0usize; names.len()];
    let rows: Vec<ComparisonRow> = METRICS
        .iter()
        .map(|info| {
            let values: Vec<f64> = scores.iter().map(|s| s.get(info.id)).collect();
            let best = best_positions(&values, info.direction);
            for &b in &best {
                wins[b] += 1;
            }
            ComparisonRow {
                metric: info.id,
                key: info.key.to_string(),
                values,
                best,
            }
        })
        .collect();
    let summary = summarise(&names, &wins, &rows);
    Comparison {
        splits: names,
        rows,
        wins,
        summary,
    }
}

fn best_positions(values: &[f64], direction: Direction) -> Vec<usize> {
    let pick = match direction {
        Direction::Neutral => return Vec::new(),
        Direction::Lower => f64::min,
        Direction::Higher => f64::max,
    };
    let Some(best) = values.iter().copied().reduce(pick) else {
        return Vec::new();
    };
    let same = |v: f64| (v - best).abs() <= TIE * best.abs().max(1.0);
    if values.iter().all(|v| same(*v)) {
        return Vec::new();
    }
    values
        .iter()
        .enumerate()
        .filter(|(_, v)| same(**v))
        .map(|(ix, _)| ix)
        .collect()
}

fn summarise(names: &[String], wins: &[usize], rows: &[ComparisonRow]) -> Text {
    if names.len() < 2 {
        return Text::new(
            "비교하려면 분해안이 두 개 이상 필요합니다.",
            "Comparing needs at least two splits.",
        );
    }
    let decided = rows.iter().filter(|r| !r.best.is_empty()).count();
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by_key(|&ix| std::cmp::Reverse(wins[ix]));
    let tally = |language: &str| {
        order
            .iter()
            .map(|&ix| match language {
                "ko" => format!("{} {}개", names[ix], wins[ix]),
                _ => format!("{} {}", names[ix], wins[ix]),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    let leader = order[0];
    let clear = order
        .get(1)
        .is_none_or(|&second| wins[leader] > wins[second]);
    let cross = rows.iter().find(|r| r.metric == MetricId::CrossCalls);
    let fewer_calls = cross
        .and_then(|r| (r.best.len() == 1).then(|| names[r.best[0]].clone()))
        .map(|name| {
            (
                format!(" 서비스 간 호출은 {name}이(가) 가장 적습니다."),
                format!(" {name} has the fewest cross-service calls."),
            )
        })
        .unwrap_or_default();
    if clear {
        Text::new(
            format!(
                "{}이(가) 우열이 갈린 지표 {decided}개 중 가장 많은 지표에서 앞섭니다 ({}).{}",
                names[leader],
                tally("ko"),
                fewer_calls.0
            ),
            format!(
                "{} is better on the most of the {decided} metrics that differ ({}).{}",
                names[leader],
                tally("en"),
                fewer_calls.1
            ),
        )
    } else {
        Text::new(
            format!(
                "뚜렷한 우위가 없습니다 (앞선 지표 수: {}).{}",
                tally("ko"),
                fewer_calls.0
            ),
            format!(
                "No split is clearly better (metrics won: {}).{}",
                tally("en"),
                fewer_calls.1
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A metric without evidence (NaN) survives JSON, as the pages send it.
    #[test]
    fn a_metric_without_a_value_goes_through_json() {
        let row = ComparisonRow {
            metric: MetricId::CrossCoChange,
            key: "cross_co_change".into(),
            values: vec![f64::NAN, 0.5],
            best: Vec::new(),
        };
        let text = serde_json::to_string(&row).unwrap();
        assert!(text.contains("[null,0.5]"), "{text}");
        let back: ComparisonRow = serde_json::from_str(&text).unwrap();
        assert!(back.values[0].is_nan());
        assert_eq!(back.values[1], 0.5);
    }
}
