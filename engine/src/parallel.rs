//! Independent work spread over the machine's cores natively, and run one piece after the other
//! in WebAssembly (the worker has one thread). Every result is the one the sequential code
//! gives: work is split only where the pieces do not depend on each other, and results come
//! back in their order, so sums over them are taken in the same order as without threads.

/// Most threads used.
#[cfg(not(target_arch = "wasm32"))]
const MAX_THREADS: usize = 8;

/// Threads to use: the cores available natively (at most [`MAX_THREADS`]), one in WebAssembly.
pub(crate) fn threads() -> usize {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, MAX_THREADS)
    }
    #[cfg(target_arch = "wasm32")]
    {
        1
    }
}

/// Runs `a` and `b`, at the same time when there is more than one core; `a` on this thread.
pub(crate) fn join<A: Send, B: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    if threads() > 1 {
        return std::thread::scope(|scope| {
            let other = scope.spawn(b);
            let first = a();
            // A panic in `b` is a bug; it is passed on as if `b` had run here.
            let second = other
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (first, second)
        });
    }
    (a(), b())
}

/// `f` of every item, in the items' order, the items split into one contiguous part per
/// thread (when there are enough of them to be worth a thread).
pub(crate) fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    /// Fewer items than this per thread are not worth starting one.
    const MIN_PER_THREAD: usize = 1_024;
    let parts = threads().min(items.len() / MIN_PER_THREAD).max(1);
    if parts == 1 {
        return items.iter().map(f).collect();
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let size = items.len().div_ceil(parts);
        let f = &f;
        std::thread::scope(|scope| {
            let handles: Vec<_> = items
                .chunks(size)
                .map(|chunk| scope.spawn(move || chunk.iter().map(f).collect::<Vec<R>>()))
                .collect();
            let mut out = Vec::with_capacity(items.len());
            for handle in handles {
                out.extend(
                    handle
                        .join()
                        .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                );
            }
            out
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        items.iter().map(f).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_the_order_and_join_gives_both() {
        let items: Vec<u64> = (0..10_000).collect();
        let squares = map(&items, |x| x * x);
        assert_eq!(squares, items.iter().map(|x| x * x).collect::<Vec<_>>());
        assert_eq!(map(&items[..3], |x| x + 1), vec![1, 2, 3]);
        assert_eq!(join(|| 1, || "two"), (1, "two"));
    }
}
