//! Work over many links split across the machine's cores, in order: each
//! thread maps one contiguous share of the items, and the shares are joined
//! as they were. Small inputs stay on the calling thread.

use std::num::NonZeroUsize;

/// Below this many items the threads cost more than they save.
const MIN_PARALLEL: usize = 4_096;
/// At most this many threads.
pub const MAX_THREADS: usize = 8;

/// How many threads work over many links: the machine's cores, at most
/// [`MAX_THREADS`].
pub fn threads() -> usize {
    // Asked of the machine once: on Linux it reads the cgroup's CPU quota
    // from files each time, 30 µs a call (measured), as much as judging 300
    // links.
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| {
        std::thread::available_parallelism()
            .map_or(1, NonZeroUsize::get)
            .min(MAX_THREADS)
    })
}

/// `f` over every item, in the items' order.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &T) -> R + Sync) -> Vec<R> {
    map_with(items, || (), |(), n, t| f(n, t))
}

/// As [`map`], each thread keeping its own state from `start` over its share
/// (what it has learnt from the items before, as links of one shape judged
/// once).
pub fn map_with<T: Sync, S, R: Send>(
    items: &[T],
    start: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, usize, &T) -> R + Sync,
) -> Vec<R> {
    // The first share's list has room for every result, and the others are
    // added to it: only they are copied, and no third list is made.
    let mut shares = map_shares(items, |first, share| {
        let mut state = start();
        let mut out = Vec::with_capacity(if first == 0 { items.len() } else { share.len() });
        out.extend((share.iter().enumerate()).map(|(i, t)| f(&mut state, first + i, t)));
        out
    })
    .into_iter();
    let mut out = shares.next().unwrap_or_default();
    for part in shares {
        out.extend(part);
    }
    out
}

/// `f` over every item, each result put in its place in `out` (as long as
/// `items`): no list per share, none joined. For results too many to hold
/// twice (a million links' resolutions).
pub fn fill<T: Sync, R: Send>(items: &[T], out: &mut [R], f: impl Fn(usize, &T) -> R + Sync) {
    assert_eq!(items.len(), out.len(), "one place per item");
    let fill_share = |start: usize, items: &[T], out: &mut [R]| {
        for (i, (t, r)) in items.iter().zip(out).enumerate() {
            *r = f(start + i, t);
        }
    };
    let Some(share) = share_len(items.len()) else {
        return fill_share(0, items, out);
    };
    let jobs = (items.chunks(share).zip(out.chunks_mut(share))).enumerate();
    on_threads(jobs, |(k, (items, out))| fill_share(k * share, items, out));
}

/// `f` over every item, each `Option` in its place (as [`fill`]): for
/// results some items have none of, dropped afterwards by [`somes`] in the
/// same memory.
pub fn fill_options<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(usize, &T) -> Option<R> + Sync,
) -> Vec<Option<R>> {
    let mut out = Vec::new();
    out.resize_with(items.len(), || None);
    fill(items, &mut out, f);
    out
}

/// The `Some`s of `list`, in order, in the list's own memory: an `Option`
/// of a link or a resolution takes the room of one, and `filter_map` reuses
/// the list where `flatten` copies it (measured: a million resolutions'
/// peak 945 MB against 1,100 MB).
pub fn somes<R>(list: Vec<Option<R>>) -> Vec<R> {
    #[allow(clippy::filter_map_identity)]
    list.into_iter().filter_map(|r| r).collect()
}

/// `list` taken apart from its end, a block of at most `block` items at a
/// time, each handed to `f` with its first item's index (so the last block
/// comes first). The list moves to memory half its size whenever it is
/// under half full (the allocator keeps a list shrunk by less in place,
/// letting nothing go), so what the blocks are made into takes the memory
/// the list leaves: a million links' resolutions or schedule rows are not
/// kept beside all of what they make until the end.
pub fn from_the_end_in_blocks<T>(mut list: Vec<T>, block: usize, mut f: impl FnMut(usize, Vec<T>)) {
    while !list.is_empty() {
        let start = list.len().saturating_sub(block.max(1));
        f(start, list.drain(start..).collect());
        if list.len() < list.capacity() / 2 {
            list.shrink_to_fit();
        }
    }
}

/// `f` over each thread's share of the items (its first item's index and
/// the share), the results in the items' order: for work that gathers a
/// share into one value (a block of output text) instead of one per item.
pub fn map_shares<T: Sync, R: Send>(items: &[T], f: impl Fn(usize, &[T]) -> R + Sync) -> Vec<R> {
    map_cut(items, cut(items.len()), f)
}

/// The length of the shares `len` items are cut into, asked of the machine
/// once: for passes that must cut alike, as when a first pass counts what a
/// second fills into parts sized by it ([`map_cut`], [`map_cut_into`]).
pub fn cut(len: usize) -> usize {
    share_len(len).unwrap_or(len).max(1)
}

/// How many shares `len` items cut into shares of `share` make (one at
/// least).
pub fn shares_of(len: usize, share: usize) -> usize {
    len.div_ceil(share.max(1)).max(1)
}

/// As [`map_shares`], in shares of `share` items (see [`cut`]).
pub fn map_cut<T: Sync, R: Send>(
    items: &[T],
    share: usize,
    f: impl Fn(usize, &[T]) -> R + Sync,
) -> Vec<R> {
    let share = share.max(1);
    if items.len() <= share {
        return vec![f(0, items)];
    }
    on_threads(items.chunks(share).enumerate(), |(k, chunk)| {
        f(k * share, chunk)
    })
}

/// As [`map_cut`], each share given its own one of `parts` (one per share):
/// for shares that write into their own part of lists made beforehand at
/// their final size.
pub fn map_cut_into<T: Sync, P: Send, R: Send>(
    items: &[T],
    share: usize,
    parts: Vec<P>,
    f: impl Fn(usize, &[T], P) -> R + Sync,
) -> Vec<R> {
    let share = share.max(1);
    assert_eq!(
        parts.len(),
        shares_of(items.len(), share),
        "one part per share"
    );
    if items.len() <= share {
        return parts.into_iter().map(|p| f(0, items, p)).collect();
    }
    on_threads(
        (items.chunks(share).zip(parts)).enumerate(),
        |(k, (chunk, part))| f(k * share, chunk, part),
    )
}

/// `run` over each job, in the jobs' order: the first on the calling thread
/// (which would only wait), each other on a thread of its own. A thread
/// started and joined costs 30–60 µs, as much as judging 500 links. The
/// first share is the one that makes the list all the results go into
/// ([`map_with`]): made on the calling thread, it reuses that thread's
/// memory instead of a new thread's fresh pages.
fn on_threads<J: Send, R: Send>(
    mut jobs: impl Iterator<Item = J>,
    run: impl Fn(J) -> R + Sync,
) -> Vec<R> {
    let Some(first) = jobs.next() else {
        return Vec::new();
    };
    let run = &run;
    // A panic on the calling thread still waits for the others (the scope
    // joins them as it unwinds).
    std::thread::scope(|s| {
        let handles: Vec<_> = jobs.map(|j| s.spawn(move || run(j))).collect();
        let mut out = vec![run(first)];
        out.extend(handles.into_iter().map(joined));
        out
    })
}

/// Each thread's share of `len` items, or `None` where one thread does
/// all (one core, or too few items for threads to pay).
fn share_len(len: usize) -> Option<usize> {
    let threads = threads();
    (threads >= 2 && len >= MIN_PARALLEL).then(|| len.div_ceil(threads))
}

/// A share's result; a panic in a share is the caller's panic.
fn joined<R>(h: std::thread::ScopedJoinHandle<'_, R>) -> R {
    h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))
}

#[cfg(test)]
mod tests {
    /// The `Some`s are kept in the list's own memory, in order.
    #[test]
    fn somes_keeps_the_list_s_memory() {
        let list: Vec<Option<String>> = (0..1_000)
            .map(|n| (n % 3 != 0).then(|| n.to_string()))
            .collect();
        let at = list.as_ptr() as usize;
        let kept = super::somes(list);
        assert_eq!(kept.as_ptr() as usize, at, "copied to new memory");
        assert_eq!(kept.len(), 666);
        assert_eq!((kept[0].as_str(), kept[1].as_str()), ("1", "2"));
    }

    #[test]
    fn fills_each_place_with_its_own_item() {
        for n in [0, 3, 10_000] {
            let items: Vec<u32> = (0..n).collect();
            let mut out = vec![(0, 0); items.len()];
            super::fill(&items, &mut out, |i, x| (i, x * 2));
            assert!(
                out.iter()
                    .enumerate()
                    .all(|(i, (j, y))| i == *j && *y == 2 * i as u32)
            );
        }
    }

    #[test]
    fn keeps_the_order_of_the_items() {
        for n in [0, 1, 3, 4_095, 4_096, 10_000, 10_001] {
            let items: Vec<u32> = (0..n).collect();
            let out = super::map(&items, |i, x| (i, x * 2));
            assert_eq!(out.len(), items.len());
            assert!(
                out.iter()
                    .enumerate()
                    .all(|(i, (j, y))| i == *j && *y == 2 * i as u32),
                "{n} items"
            );
        }
    }

    #[test]
    fn each_share_gets_its_own_part() {
        for n in [0, 3, 10_000] {
            let items: Vec<u32> = (0..n).collect();
            let share = super::cut(items.len());
            let starts = super::map_cut(&items, share, |start, _| start);
            let parts: Vec<usize> = (0..starts.len()).collect();
            let got = super::map_cut_into(&items, share, parts, |start, share, part| {
                (start, share.first().copied(), part)
            });
            let want: Vec<_> = (starts.iter().enumerate())
                .map(|(k, &start)| (start, items.get(start).copied(), k))
                .collect();
            assert_eq!(got, want);
        }
    }

    #[test]
    fn shares_cover_the_items_in_order() {
        let items: Vec<u32> = (0..10_000).collect();
        let shares = super::map_shares(&items, |start, share| (start, share.to_vec()));
        let mut next = 0;
        for (start, share) in shares {
            assert_eq!(start, next);
            next += share.len();
            assert!(
                share
                    .iter()
                    .enumerate()
                    .all(|(i, x)| *x as usize == start + i)
            );
        }
        assert_eq!(next, items.len());
    }
}
