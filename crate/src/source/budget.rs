//! The work budget of one Go file's analysis (`limits.max-file-work`).
//!
//! Rules walk subtrees and look declarations up per node, so the work a file
//! costs can grow faster than its size. The budget counts work, not time:
//! parser operations, syntax nodes visited, ancestors and siblings scanned.
//! wasm32 has no clock, and a count gives the same result on every machine.
//! Once the budget is spent, walks end and look-ups find nothing, so the
//! analysis finishes quickly; the run then drops the file's findings (they
//! would rest on a partial view) and reports `GT002` for it.

use std::cell::Cell;

thread_local! {
    /// Units left to the analysis under way; unlimited outside one.
    static LEFT: Cell<u64> = const { Cell::new(u64::MAX) };
}

/// Runs `analysis` with a budget of `units`; returns its result and the
/// units it used (`units` when it spent them all).
pub fn metered<R>(units: u64, analysis: impl FnOnce() -> R) -> (R, u64) {
    let outer = LEFT.replace(units);
    let result = analysis();
    let left = LEFT.replace(outer);
    (result, units - left)
}

/// Units left to the analysis under way.
pub fn left() -> u64 {
    LEFT.with(Cell::get)
}

/// Charges `units` of work; false once the budget is spent.
pub fn charge(units: u64) -> bool {
    LEFT.with(|left| {
        let rest = left.get().saturating_sub(units);
        left.set(rest);
        rest > 0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charges_until_spent_and_restores_the_outer_budget() {
        let ((), used) = metered(10, || {
            assert!(charge(4));
            let (inner, inner_used) = metered(3, || (charge(2), charge(2)));
            assert_eq!((inner, inner_used), ((true, false), 3));
            assert!(!charge(6));
            assert!(!charge(1));
        });
        assert_eq!(used, 10);
        assert_eq!(metered(100, || charge(1)), (true, 1));
    }
}
