//! Go module files: go.mod, go.sum and go.work.

pub mod gomod;
pub mod gosum;
pub mod gowork;
pub mod semver;
pub mod syntax;
