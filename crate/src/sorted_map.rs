//! Strings kept as vectors sorted by key, where a BTreeMap or BTreeSet
//! instance costs the wasm 1–3 KiB gzipped and these a few hundred bytes
//! (web/BENCHMARK.md, "Widget size"). Lookups are binary searches and
//! iteration is in key order, as with the B-trees.
//!
//! `SortedMap`, from strings to values: the session's files and trees, the
//! workspace's module files by directory, line indexes by path. An
//! insertion moves the entries after it, so this is for keys that mostly
//! arrive in order (paths and directories of files visited in path order),
//! not for keys in the order an input lists them; those go into a
//! `SortedSet` or a vector sorted once (`order.rs`).

pub struct SortedMap<T>(Vec<(String, T)>);

impl<T> Default for SortedMap<T> {
    fn default() -> Self {
        SortedMap(Vec::new())
    }
}

impl<T> SortedMap<T> {
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(entry, _)| entry.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&T> {
        self.find(key).ok().map(|at| &self.0[at].1)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut T> {
        self.find(key).ok().map(|at| &mut self.0[at].1)
    }

    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// Sets the value of `key`, replacing the one it had.
    pub fn insert(&mut self, key: &str, value: T) {
        match self.find(key) {
            Ok(at) => self.0[at].1 = value,
            Err(at) => self.0.insert(at, (key.to_string(), value)),
        }
    }

    /// The value of `key`, `value` when it had none.
    pub fn get_or_insert(&mut self, key: &str, value: T) -> &mut T {
        let at = match self.find(key) {
            Ok(at) => at,
            Err(at) => {
                self.0.insert(at, (key.to_string(), value));
                at
            }
        };
        &mut self.0[at].1
    }

    pub fn remove(&mut self, key: &str) {
        if let Ok(at) = self.find(key) {
            self.0.remove(at);
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &T)> {
        self.0.iter().map(|(key, value)| (key.as_str(), value))
    }

    /// The values in key order.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter().map(|(_, value)| value)
    }
}

/// A set of strings kept as a vector sorted once: collected in any order
/// (the rules' names and fields, in the order a file lists them), then
/// sorted and deduplicated in one n log n step, where inserting each into a
/// sorted vector would be quadratic on a hostile input.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SortedSet(Vec<String>);

impl SortedSet {
    pub fn from_unsorted(mut items: Vec<String>) -> SortedSet {
        crate::order::sort_stable_by(&mut items, |a, b| a.cmp(b));
        items.dedup();
        SortedSet(items)
    }

    pub fn contains(&self, item: &str) -> bool {
        self.0.binary_search_by(|entry| entry.as_str().cmp(item)).is_ok()
    }

    /// The items in order.
    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.0.iter()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn set_holds_what_a_btreeset_holds(items in prop::collection::vec("[a-c]{0,3}", 0..100), probe in "[a-c]{0,3}") {
            let set = SortedSet::from_unsorted(items.clone());
            let expected: BTreeSet<String> = items.into_iter().collect();
            prop_assert_eq!(set.contains(&probe), expected.contains(&probe));
            prop_assert_eq!(set.iter().collect::<Vec<_>>(), expected.iter().collect::<Vec<_>>());
        }
    }
}
