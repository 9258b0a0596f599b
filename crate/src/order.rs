//! One stable sort for the whole core. `slice::sort_by` is instantiated for
//! each element type and comparison, some 4 KB of wasm each; this sorts the
//! positions of the items with one instance, through a `dyn` comparison,
//! then moves the items into that order. Equal items keep their order, as
//! with `sort_by` (reports stay byte-identical).

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`.
pub fn sort_stable_by<T>(items: &mut [T], compare: impl Fn(&T, &T) -> Ordering) {
    let order = sorted_positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    permute(items, order);
}

/// Whether each item is the first of the items equal to it by `compare`
/// (one stable sort, where a set of the items seen would be one more set
/// instance in the wasm).
pub fn first_occurrences<T>(items: &[T], compare: impl Fn(&T, &T) -> Ordering) -> Vec<bool> {
    let order = sorted_positions(items.len(), &|a, b| compare(&items[a], &items[b]));
    let mut first = vec![false; items.len()];
    for (rank, &at) in order.iter().enumerate() {
        first[at] = rank == 0 || compare(&items[order[rank - 1]], &items[at]) != Ordering::Equal;
    }
    first
}

/// The positions `0..len` in the order `compare` sorts them, stably.
fn sorted_positions(len: usize, compare: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

/// Moves `items[order[i]]` to position `i`, following each cycle of the
/// permutation once.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != start {
            let next = order[at];
            items.swap(at, next);
            order[at] = at;
            at = next;
        }
        order[at] = at;
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn marks_the_first_of_equal_items(items in prop::collection::vec(0..8u8, 0..200)) {
            let first = first_occurrences(&items, |a, b| a.cmp(b));
            let expected: Vec<bool> = items.iter().enumerate().map(|(at, item)| !items[..at].contains(item)).collect();
            prop_assert_eq!(first, expected);
        }

        #[test]
        fn sorts_as_the_standard_stable_sort(items in prop::collection::vec((0..8u8, any::<u16>()), 0..200)) {
            let mut expected = items.clone();
            expected.sort_by_key(|item| item.0);
            let mut sorted = items;
            sort_stable_by(&mut sorted, |a, b| a.0.cmp(&b.0));
            prop_assert_eq!(sorted, expected);
        }
    }
}
