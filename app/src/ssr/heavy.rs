//! CPU-heavy work (analyses, suggestions, graph layouts, reports) runs off the
//! async threads, a few jobs at a time: the async threads keep answering probes,
//! pages and streams while a big project is analysed, and a crowd asking for
//! heavy work waits in a bounded queue instead of piling up threads and memory.
//! Past the queue it is told the server is busy and to try again.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Semaphore;

use crate::errors::AppError;

/// The pool of heavy work: a number of workers and a waiting queue.
#[derive(Clone, Debug)]
pub struct Heavy {
    workers: Arc<Semaphore>,
    waiting: Arc<AtomicUsize>,
    queue: usize,
}

impl Heavy {
    /// `workers` jobs at a time (at least one), `queue` more may wait.
    pub fn new(workers: usize, queue: usize) -> Heavy {
        Heavy {
            workers: Arc::new(Semaphore::new(workers.max(1))),
            waiting: Arc::new(AtomicUsize::new(0)),
            queue,
        }
    }

    /// One password hash per core at a time (each takes 19 MiB and ~50 ms),
    /// and at most 32 waiting.
    pub fn for_passwords() -> Heavy {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Heavy::new(cores, 32)
    }

    /// One source scan at a time (it spreads its parsing over the cores itself),
    /// and at most 8 waiting.
    pub fn for_scans() -> Heavy {
        Heavy::new(1, 8)
    }

    /// Runs `job` on a blocking thread once a worker is free; `Busy` when the
    /// queue is full.
    pub async fn run<T, F>(&self, job: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let waiting = self.waiting.fetch_add(1, Ordering::SeqCst);
        let full = self.workers.available_permits() == 0 && waiting >= self.queue;
        let permit = if full {
            None
        } else {
            self.workers.clone().acquire_owned().await.ok()
        };
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        let Some(permit) = permit else {
            tracing::warn!("heavy work refused: the queue is full");
            return Err(AppError::Busy);
        };
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            job()
        })
        .await
        .map_err(|error| {
            tracing::error!(%error, "a heavy job panicked");
            AppError::Internal
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn runs_jobs_and_refuses_past_the_queue() {
        let heavy = Heavy::new(1, 1);
        assert_eq!(heavy.run(|| 2 + 2).await, Ok(4));

        let (release, hold) = std::sync::mpsc::channel::<()>();
        let busy = heavy.clone();
        let running = tokio::spawn(async move {
            busy.run(move || {
                let _ = hold.recv();
            })
            .await
        });
        while heavy.workers.available_permits() > 0 {
            tokio::task::yield_now().await;
        }
        let queued_pool = heavy.clone();
        let queued = tokio::spawn(async move { queued_pool.run(|| 1).await });
        while heavy.waiting.load(Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
        assert_eq!(heavy.run(|| 0).await, Err(AppError::Busy), "past the queue");
        let _ = release.send(());
        assert_eq!(running.await.ok(), Some(Ok(())));
        assert_eq!(queued.await.ok(), Some(Ok(1)));
    }
}
