use serde::ser::{Serialize, SerializeMap, Serializer};

use super::catalog::{METRIC_COUNT, METRICS, MetricId};

/// The value of every metric for one split.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scores {
    values: [f64; METRIC_COUNT],
}

impl Scores {
    pub(crate) fn from_values(values: [f64; METRIC_COUNT]) -> Scores {
        Scores { values }
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
            map.serialize_entry(id.key(), &value)?;
        }
        map.end()
    }
}
