use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::catalog::{METRIC_COUNT, METRICS, MetricId};

/// The value of every metric for one split. A metric the evidence does not
/// allow (no history for co-change) is NaN.
#[derive(Clone, Copy, Debug)]
pub struct Scores {
    values: [f64; METRIC_COUNT],
}

/// Equal when every metric is equal or both lack a value (NaN).
impl PartialEq for Scores {
    fn eq(&self, other: &Scores) -> bool {
        self.values
            .iter()
            .zip(&other.values)
            .all(|(a, b)| a == b || (a.is_nan() && b.is_nan()))
    }
}

impl Scores {
    pub(crate) fn from_values(values: [f64; METRIC_COUNT]) -> Scores {
        Scores { values }
    }

    /// The same scores with one metric's value replaced.
    pub(crate) fn with(mut self, id: MetricId, value: f64) -> Scores {
        self.values[id as usize] = value;
        self
    }

    /// One metric's value.
    pub fn get(&self, id: MetricId) -> f64 {
        self.values[id as usize]
    }

    /// Every metric with its value, in catalog order.
    pub fn iter(&self) -> impl Iterator<Item = (MetricId, f64)> + '_ {
        METRICS
            .iter()
            .map(|info| (info.id, self.values[info.id as usize]))
    }
}

/// Serialises as `{"bcp": …, "icp": …, …}` in catalog order.
impl Serialize for Scores {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(METRIC_COUNT))?;
        for (id, value) in self.iter() {
            map.serialize_entry(id.key(), &(!value.is_nan()).then_some(value))?;
        }
        map.end()
    }
}

/// Reads `{"bcp": …, "icp": …, …}` back; every metric of the catalog must be
/// there (`null` for one the evidence does not allow, as JSON writes NaN).
impl<'de> Deserialize<'de> for Scores {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Scores, D::Error> {
        struct ScoresVisitor;

        impl<'de> Visitor<'de> for ScoresVisitor {
            type Value = Scores;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map from metric keys to numbers")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scores, A::Error> {
                let mut values = [f64::NAN; METRIC_COUNT];
                let mut seen = [false; METRIC_COUNT];
                while let Some((key, value)) = map.next_entry::<String, Option<f64>>()? {
                    let value = value.unwrap_or(f64::NAN);
                    let info = METRICS.iter().find(|m| m.key == key).ok_or_else(|| {
                        serde::de::Error::custom(format!("unknown metric '{key}'"))
                    })?;
                    values[info.id as usize] = value;
                    seen[info.id as usize] = true;
                }
                if let Some(missing) = METRICS.iter().find(|m| !seen[m.id as usize]) {
                    return Err(serde::de::Error::custom(format!(
                        "metric '{}' is missing",
                        missing.key
                    )));
                }
                Ok(Scores { values })
            }
        }

        deserializer.deserialize_map(ScoresVisitor)
    }
}
