//! The limits of Contract v1. Each hit is a `GT002` finding for the file
//! concerned and the rest of the run goes on.

use crate::report::LimitsOverride;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_file_bytes: u64,
    /// Size of each runtime artifact as given (profiles, dumps, crash
    /// output, gctrace logs, escape reports, benchmark outputs).
    pub max_artifact_bytes: u64,
    pub max_decompressed_bytes: u64,
    pub max_workspace_bytes: u64,
    pub max_profile_samples: u64,
    /// Nesting of the syntax tree that rules walk; deeper subtrees are skipped.
    pub max_tree_depth: u64,
    /// Work units (parser operations, syntax nodes visited, scope look-up
    /// steps) the analysis of one Go file may use; see `source::budget`.
    pub max_file_work: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 8 << 20,
            max_artifact_bytes: 64 << 20,
            max_decompressed_bytes: 64 << 20,
            max_workspace_bytes: 512 << 20,
            max_profile_samples: 10_000_000,
            max_tree_depth: 2_000,
            max_file_work: 100_000_000,
        }
    }
}

impl Limits {
    /// Why a runtime artifact of `len` bytes is not analysed, when it is
    /// over `max_artifact_bytes`.
    pub fn artifact_over(&self, len: usize) -> Option<String> {
        let limit = self.max_artifact_bytes;
        (len as u64 > limit)
            .then(|| format!("file is {len} bytes, over the {limit}-byte limit for runtime artifacts (limits.max-artifact-bytes); not analysed"))
    }

    /// These limits with the overrides applied; zero is refused because it
    /// would silently turn analysis off.
    pub fn with(self, overrides: &LimitsOverride) -> Result<Limits, String> {
        let pick = |name: &str, value: Option<u64>, default: u64| match value {
            Some(0) => Err(format!("limits.{name} must be greater than 0")),
            Some(value) => Ok(value),
            None => Ok(default),
        };
        Ok(Limits {
            max_file_bytes: pick("max-file-bytes", overrides.max_file_bytes, self.max_file_bytes)?,
            max_artifact_bytes: pick("max-artifact-bytes", overrides.max_artifact_bytes, self.max_artifact_bytes)?,
            max_decompressed_bytes: pick("max-decompressed-bytes", overrides.max_decompressed_bytes, self.max_decompressed_bytes)?,
            max_workspace_bytes: pick("max-workspace-bytes", overrides.max_workspace_bytes, self.max_workspace_bytes)?,
            max_profile_samples: pick("max-profile-samples", overrides.max_profile_samples, self.max_profile_samples)?,
            max_tree_depth: pick("max-tree-depth", overrides.max_tree_depth, self.max_tree_depth)?,
            max_file_work: pick("max-file-work", overrides.max_file_work, self.max_file_work)?,
        })
    }
}
