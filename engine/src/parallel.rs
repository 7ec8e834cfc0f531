//! Work spread over the cores with the `parallel` feature (the server and the
//! command line), done one piece after another without it (the browser's
//! WebAssembly, which has one thread). Callers split their work so that each
//! piece's result depends on its input alone: the outcome is the same on one
//! core or many, so a seed gives the same suggestion in the browser and on the
//! server.

/// How many pieces to cut work into: one per core that will run them.
pub fn pieces() -> usize {
    #[cfg(feature = "parallel")]
    {
        rayon::current_num_threads().max(1)
    }
    #[cfg(not(feature = "parallel"))]
    {
        1
    }
}

/// Writes `f(scratch, item)` into `out` for every item, the items cut into
/// `scratch.len()` runs of neighbours, each run with a scratch state of its
/// own (for example a dense row the size of the graph, made once per run
/// rather than once per item).
pub fn fill<T, R, S, F>(items: &[T], out: &mut [R], scratch: &mut [S], f: F)
where
    T: Sync,
    R: Send,
    S: Send,
    F: Fn(&mut S, &T) -> R + Sync,
{
    let run = items.len().div_ceil(scratch.len().max(1)).max(1);
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        if scratch.len() > 1 && items.len() > 1 {
            items
                .par_chunks(run)
                .zip(out.par_chunks_mut(run))
                .zip(scratch.par_iter_mut())
                .for_each(|((items, out), state)| {
                    for (item, slot) in items.iter().zip(out) {
                        *slot = f(state, item);
                    }
                });
            return;
        }
    }
    for ((items, out), state) in items
        .chunks(run)
        .zip(out.chunks_mut(run))
        .zip(scratch.iter_mut())
    {
        for (item, slot) in items.iter().zip(out) {
            *slot = f(state, item);
        }
    }
}

/// `a()` and `b()`, side by side on two cores when there are.
pub fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    B: FnOnce() -> RB + Send,
    RA: Send,
    RB: Send,
{
    #[cfg(feature = "parallel")]
    {
        rayon::join(a, b)
    }
    #[cfg(not(feature = "parallel"))]
    {
        (a(), b())
    }
}

/// `f` of every item, in the items' order.
pub fn map<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync + Send,
{
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        items.par_iter().map(f).collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        items.iter().map(f).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_gives_every_item_its_value_whatever_the_number_of_runs() {
        let items: Vec<u32> = (0..1_000).collect();
        for runs in [1, 2, 3, 7, 2_000] {
            let mut out = vec![0u64; items.len()];
            let mut scratch = vec![0u32; runs];
            fill(&items, &mut out, &mut scratch, |seen, &x| {
                *seen += 1;
                u64::from(x) * 3
            });
            assert!(
                out.iter().enumerate().all(|(i, &v)| v == i as u64 * 3),
                "{runs} runs"
            );
            assert_eq!(
                scratch.iter().sum::<u32>(),
                1_000,
                "each item once, {runs} runs"
            );
        }
    }

    #[test]
    fn map_keeps_the_order() {
        let items: Vec<u32> = (0..500).collect();
        assert_eq!(map(&items, |x| x + 1), (1..501).collect::<Vec<_>>());
    }
}
