//! Figures the load tests print: a process's resident memory and latency
//! percentiles.

use std::time::Duration;

/// The resident memory of a process, in KiB (0 when it cannot be read).
pub fn resident_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

/// The `p` quantile (0–1) of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

/// Resident memory sampled over a run: its peaks in each half tell whether
/// it levelled off.
pub struct MemoryTrace(pub Vec<u64>);

impl MemoryTrace {
    /// The peaks (KiB) of the first and the second half of the samples.
    pub fn halves(&self) -> (u64, u64) {
        let half = self.0.len() / 2;
        (
            self.0[..half].iter().copied().max().unwrap_or(0),
            self.0[half..].iter().copied().max().unwrap_or(0),
        )
    }
}

impl std::fmt::Display for MemoryTrace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (first_half, second_half) = self.halves();
        write!(
            f,
            "server memory (RSS): start {} MiB, peak first half {} MiB, peak second half {} MiB, end {} MiB",
            self.0.first().copied().unwrap_or(0) / 1024,
            first_half / 1024,
            second_half / 1024,
            self.0.last().copied().unwrap_or(0) / 1024
        )
    }
}

/// A figure a load test takes from the environment, or its default.
pub fn setting<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
