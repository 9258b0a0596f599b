//! Go module files: go.mod (and, as they land, go.sum and go.work).

pub mod gomod;
