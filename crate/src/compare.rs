//! Comparisons of two runtime artifacts of one program (`gotrap compare BASE
//! NEW`): the difference of two pprof profiles of one type, and the growth of
//! goroutines between two snapshots.
//!
//! **Profiles** are compared as `go tool pprof -diff_base=BASE NEW` does:
//! both must have the same sample types (type and unit, in order) and period
//! type (pprof's `compatible`). With `normalize` (pprof's `-normalize`) each
//! value of each NEW sample is multiplied by BASE's sum of that sample type
//! over NEW's (signed sums, as `Profile.Normalize`; 0 when NEW's sum is 0) and
//! rounded half away from zero (`ScaleN`), so NEW is scaled to BASE's size —
//! not BASE to NEW's. pprof then merges NEW with BASE scaled by −1; per
//! function (by name, at pprof's default granularity) that gives flat and cum
//! of NEW minus those of BASE, which is what `rows` report beside both
//! sides' own values. `drop_frames`/`keep_frames` prune each profile by its
//! own (pprof prunes the merged profile by the first's). The call trees of
//! both (by function, root to leaf) are joined by path for flame graphs.
//!
//! **Goroutine snapshots** are goroutine dumps (`debug=1`, `debug=2`, crash
//! tracebacks) or goroutine/goroutineleak profiles, in any pairing. Their
//! goroutines are grouped by stack (function, file and line of every frame),
//! with the state when both snapshots record states and the creating frame
//! when both record it (`debug=2`); a traceback hides the runtime's frames at
//! the leaf (`runtime.gopark`, `runtime.chansend`), so against a profile or
//! `debug=1` dump, which list them, stacks match without them. A group whose
//! count grew from BASE to NEW is reported
//! with both counts: goroutines accumulating at one stack are the classic
//! evidence of a leak. Two goroutine profiles get both comparisons.
//!
//! Bad input never panics: each file that is not a profile or a goroutine
//! dump, or is corrupt or over a limit, is an error naming it, and a pair
//! that cannot be compared (different sample types, a CPU profile against a
//! dump) is an error naming both.

use std::collections::HashMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dump;
use crate::limits::Limits;
use crate::profile::{self, CallTree, Frames, ProfileKind, Totals};
use crate::report::{GoroutineGroup, LimitsOverride, RunError, StackFrame, WaitRange, SCHEMA_VERSION, TOOL_VERSION};

/// Options of one comparison. Unknown keys are an error.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompareOptions {
    /// Scale NEW's values so that each sample type sums as in BASE (pprof's `-normalize`).
    #[serde(default)]
    pub normalize: bool,
    /// `max-decompressed-bytes` and `max-profile-samples` apply to each file.
    #[serde(default)]
    pub limits: Option<LimitsOverride>,
}

/// The comparison of two artifacts: `profile` when both are profiles of one
/// type, `goroutines` when both are goroutine snapshots (dumps or goroutine
/// profiles); `errors` (naming the file) when they cannot be compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    pub schema_version: u32,
    pub tool_version: String,
    /// Path of the base artifact, as given.
    pub base: String,
    /// Path of the new artifact, as given.
    pub new: String,
    pub profile: Option<ProfileDiff>,
    pub goroutines: Option<GoroutineGrowth>,
    pub errors: Vec<RunError>,
}

/// Two profiles of one type, function by function and as call trees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct ProfileDiff {
    /// cpu, heap, allocs, goroutine, goroutineleak, mutex, block, threadcreate or other (of NEW).
    pub profile: String,
    /// Whether NEW was scaled to BASE's totals.
    pub normalized: bool,
    pub types: Vec<TypeDiff>,
}

/// One sample type of both profiles.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TypeDiff {
    #[serde(rename = "type")]
    pub type_: String,
    pub unit: String,
    /// Sum of |value| over BASE's samples (pprof's total; percentages of a diff are of it).
    pub base_total: i64,
    /// The same over NEW's samples, after normalizing.
    pub new_total: i64,
    /// What NEW's values were multiplied by (1 without `normalize`).
    pub scale: f64,
    /// Every function with a value in either profile: largest |flatDelta|
    /// first, then by name, then largest |cumDelta| (as `pprof -top`); at
    /// most 1,000.
    pub rows: Vec<FunctionDiff>,
    pub rows_dropped: u64,
    pub call_tree: TreeDiff,
}

/// flat and cum of one function in BASE and NEW, and NEW minus BASE.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FunctionDiff {
    pub function: String,
    pub flat_base: i64,
    pub flat_new: i64,
    pub flat_delta: i64,
    pub cum_base: i64,
    pub cum_new: i64,
    pub cum_delta: i64,
}

/// The call trees of both profiles joined by path (root to leaf, by
/// function): the 1,000 nodes of largest |cum| in either, parents before
/// children.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TreeDiff {
    pub tree: Vec<TreeDiffNode>,
    pub nodes: u64,
    pub nodes_dropped: u64,
    /// Samples of either profile whose stacks were cut while the trees were built.
    pub truncated_samples: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct TreeDiffNode {
    pub id: u32,
    pub parent: Option<u32>,
    pub function: String,
    pub self_base: i64,
    pub self_new: i64,
    pub cum_base: i64,
    pub cum_new: i64,
}

/// Goroutine groups that grew from one snapshot to the next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GoroutineGrowth {
    pub base: Snapshot,
    pub new: Snapshot,
    /// Whether groups are told apart by state (both snapshots record states).
    pub by_state: bool,
    /// Goroutines added over the groups that grew.
    pub grew: u64,
    /// Goroutines fewer over the groups that shrank or ended.
    pub shrank: u64,
    /// Groups that grew: most added first (then most in NEW, then first in
    /// NEW); at most 1,000.
    pub groups: Vec<GrowthGroup>,
    pub groups_dropped: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    /// `debug=1`, `debug=2` or `pprof`.
    pub format: String,
    pub goroutines: u64,
    pub groups: u64,
}

/// Goroutines at one stack in both snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GrowthGroup {
    /// Present when `byState`.
    pub state: Option<String>,
    pub base_count: u64,
    pub new_count: u64,
    /// newCount − baseCount (positive).
    pub delta: u64,
    /// Minutes waited in NEW, least and most (`debug=2` only).
    pub wait_minutes: Option<WaitRange>,
    /// Leaf first.
    pub stack: Vec<StackFrame>,
    pub created_by: Option<StackFrame>,
    /// Index in `stack` of the user frame.
    pub user_frame: Option<u32>,
}

/// Rows and tree nodes kept per sample type.
pub const MAX_ROWS: usize = 1_000;
pub const MAX_TREE_NODES: usize = 1_000;

impl Comparison {
    fn new(base: &str, new: &str) -> Comparison {
        Comparison {
            schema_version: SCHEMA_VERSION,
            tool_version: TOOL_VERSION.to_string(),
            base: base.to_string(),
            new: new.to_string(),
            profile: None,
            goroutines: None,
            errors: Vec::new(),
        }
    }

    /// A comparison not made, for a reason that concerns neither file (bad options).
    pub fn failed(base: &str, new: &str, message: String) -> Comparison {
        let mut comparison = Comparison::new(base, new);
        comparison.error(None, message);
        comparison
    }

    fn error(&mut self, path: Option<&str>, message: String) {
        self.errors.push(RunError { message, path: path.map(str::to_string), line: None });
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|err| {
            // Serialising plain structs cannot fail; keep the boundary total anyway.
            format!(
                "{{\"schemaVersion\":{SCHEMA_VERSION},\"toolVersion\":\"{TOOL_VERSION}\",\"base\":\"\",\"new\":\"\",\"profile\":null,\"goroutines\":null,\"errors\":[{{\"message\":\"internal error: {}\"}}]}}",
                err.to_string().replace(['"', '\\'], "'")
            )
        })
    }
}

/// One input, read.
enum Artifact<'a> {
    Dump(dump::Dump),
    Profile(profile::Profile<'a>),
}

/// Reads one input as a goroutine dump or a pprof profile; the error names the file.
fn read<'a>(path: &str, content: &'a [u8], limits: &Limits) -> Result<Artifact<'a>, String> {
    if let Some(message) = limits.artifact_over(content.len()) {
        return Err(format!("{path}: {message}"));
    }
    if !profile::decode::is_gzip(content) && dump::looks_like(content) {
        return Ok(Artifact::Dump(dump::parse(content)));
    }
    match profile::decode(content, limits.max_decompressed_bytes, limits.max_profile_samples) {
        Ok(profile) => Ok(Artifact::Profile(profile)),
        Err(profile::DecodeError::OverLimit(message)) => Err(format!("{path}: {message}")),
        Err(profile::DecodeError::Malformed(message)) if profile::decode::is_gzip(content) => Err(format!("{path}: not a readable pprof profile: {message}")),
        Err(profile::DecodeError::NotProfile(reason)) => Err(format!("{path}: not a pprof profile or goroutine dump: {reason}")),
        Err(profile::DecodeError::Malformed(message)) => Err(format!("{path}: not a pprof profile ({message}) or goroutine dump")),
    }
}

/// Compares NEW with BASE (each a path, for messages, and its bytes).
pub fn compare(base: (&str, &[u8]), new: (&str, &[u8]), options: &CompareOptions) -> Comparison {
    let mut comparison = Comparison::new(base.0, new.0);
    let limits = match options.limits.as_ref().map_or(Ok(Limits::default()), |overrides| Limits::default().with(overrides)) {
        Ok(limits) => limits,
        Err(message) => {
            comparison.error(None, message);
            return comparison;
        }
    };
    let (base_artifact, new_artifact) = (read(base.0, base.1, &limits), read(new.0, new.1, &limits));
    let (base_artifact, new_artifact) = match (base_artifact, new_artifact) {
        (Ok(b), Ok(n)) => (b, n),
        (b, n) => {
            for (path, result) in [(base.0, b.err()), (new.0, n.err())] {
                if let Some(message) = result {
                    comparison.error(Some(path), message);
                }
            }
            return comparison;
        }
    };
    let modules: &[String] = &[];
    match (&base_artifact, &new_artifact) {
        (Artifact::Profile(b), Artifact::Profile(n)) => {
            let (base_frames, new_frames) = (Frames::new(b), Frames::new(n));
            if let Err(message) = compatible(base.0, b, new.0, n) {
                comparison.error(Some(new.0), message);
                return comparison;
            }
            comparison.profile = Some(profile_diff(&base_frames, &new_frames, new.0, options.normalize));
            if is_goroutine_profile(&new_frames, new.0) {
                let base_snapshot = SnapshotGroups::profile(&base_frames, modules);
                let new_snapshot = SnapshotGroups::profile(&new_frames, modules);
                comparison.goroutines = Some(growth(&base_snapshot, &new_snapshot));
            }
        }
        (b, n) => {
            let snapshot = |artifact: &Artifact, path: &str| -> Result<SnapshotGroups, String> {
                match artifact {
                    Artifact::Dump(dump) => Ok(SnapshotGroups::dump(dump, modules)),
                    Artifact::Profile(p) => {
                        let frames = Frames::new(p);
                        if is_goroutine_profile(&frames, path) {
                            Ok(SnapshotGroups::profile(&frames, modules))
                        } else {
                            let kind = profile::kind_of(&frames, path).as_str();
                            Err(format!("{path} is a {kind} profile, not a goroutine snapshot: compare it with a profile of its type, or compare two goroutine dumps or goroutine profiles"))
                        }
                    }
                }
            };
            match (snapshot(b, base.0), snapshot(n, new.0)) {
                (Ok(b), Ok(n)) => comparison.goroutines = Some(growth(&b, &n)),
                (b, n) => {
                    for (path, result) in [(base.0, b.err()), (new.0, n.err())] {
                        if let Some(message) = result {
                            comparison.error(Some(path), message);
                        }
                    }
                }
            }
        }
    }
    comparison
}

fn is_goroutine_profile(frames: &Frames, path: &str) -> bool {
    matches!(profile::kind_of(frames, path), ProfileKind::Goroutine | ProfileKind::GoroutineLeak)
}

/// `type/unit` of each sample type, comma-separated.
fn describe_types(p: &profile::Profile) -> String {
    let types: Vec<String> = p.sample_types.iter().map(|t| format!("{}/{}", p.string(t.type_), p.string(t.unit))).collect();
    if types.is_empty() {
        "no sample types".to_string()
    } else {
        types.join(", ")
    }
}

/// pprof's `compatible`: the same period type and sample types (type and unit, in order).
fn compatible(base_path: &str, base: &profile::Profile, new_path: &str, new: &profile::Profile) -> Result<(), String> {
    let value_type = |p: &profile::Profile, t: &profile::decode::ValueType| (p.string(t.type_).into_owned(), p.string(t.unit).into_owned());
    let base_types: Vec<_> = base.sample_types.iter().map(|t| value_type(base, t)).collect();
    let new_types: Vec<_> = new.sample_types.iter().map(|t| value_type(new, t)).collect();
    if base_types != new_types {
        return Err(format!(
            "{new_path} has sample types {} but {base_path} has {}: compare two profiles of one type",
            describe_types(new),
            describe_types(base)
        ));
    }
    let (base_period, new_period) = (value_type(base, &base.period_type), value_type(new, &new.period_type));
    if base_period != new_period {
        return Err(format!(
            "{new_path} has period type {}/{} but {base_path} has {}/{}: compare two profiles of one type",
            new_period.0, new_period.1, base_period.0, base_period.1
        ));
    }
    Ok(())
}

/// Per sample type, the signed sum of a profile's values (pprof's `Normalize` sums).
fn signed_sums(p: &profile::Profile) -> Vec<i64> {
    let mut sums = vec![0i64; p.sample_types.len()];
    let mut buf = profile::SampleBuf::default();
    for index in 0..p.sample_count() {
        p.read_sample(index, &mut buf, false);
        for (sum, value) in sums.iter_mut().zip(&buf.values) {
            *sum = sum.wrapping_add(*value);
        }
    }
    sums
}

fn profile_diff(base: &Frames, new: &Frames, new_path: &str, normalize: bool) -> ProfileDiff {
    let types = new.profile.sample_types.len();
    let scale: Vec<f64> = if normalize {
        let (base_sums, new_sums) = (signed_sums(base.profile), signed_sums(new.profile));
        base_sums.iter().zip(&new_sums).map(|(&b, &n)| if n == 0 { 0.0 } else { b as f64 / n as f64 }).collect()
    } else {
        vec![1.0; types]
    };
    let base_summary = profile::summarize(base);
    let new_summary = profile::summarize_scaled(new, normalize.then_some(scale.as_slice()));
    let functions = FunctionIndex::new(base, new);
    let tree = JoinedTree::new(base, &base_summary.tree, new, &new_summary.tree);
    let p = new.profile;
    let type_diffs = (0..types)
        .map(|index| {
            let mut rows = functions.rows(&base_summary.totals, &new_summary.totals, index);
            let dropped = rows.len().saturating_sub(MAX_ROWS);
            rows.truncate(MAX_ROWS);
            TypeDiff {
                type_: p.string(p.sample_types[index].type_).into_owned(),
                unit: p.string(p.sample_types[index].unit).into_owned(),
                base_total: base_summary.totals.total[index],
                new_total: new_summary.totals.total[index],
                scale: scale[index],
                rows,
                rows_dropped: dropped as u64,
                call_tree: tree.json(index),
            }
        })
        .collect();
    let kind = profile::kind_of(new, new_path);
    let default_type = p.string(p.default_sample_type);
    let name = if kind == ProfileKind::Heap && default_type == "alloc_space" { "allocs" } else { kind.as_str() };
    ProfileDiff { profile: name.to_string(), normalized: normalize, types: type_diffs }
}

/// The functions of both profiles by name: for each, its key in BASE's and NEW's frames.
struct FunctionIndex<'f> {
    functions: Vec<(&'f str, Option<u32>, Option<u32>)>,
}

impl<'f> FunctionIndex<'f> {
    fn new(base: &'f Frames, new: &'f Frames) -> FunctionIndex<'f> {
        let mut at: HashMap<&str, usize> = HashMap::new();
        let mut functions: Vec<(&str, Option<u32>, Option<u32>)> = Vec::new();
        for (key, name) in base.names.iter().enumerate() {
            at.insert(name, functions.len());
            functions.push((name, Some(key as u32), None));
        }
        for (key, name) in new.names.iter().enumerate() {
            match at.get(name.as_str()) {
                Some(&index) => functions[index].2 = Some(key as u32),
                None => functions.push((name, None, Some(key as u32))),
            }
        }
        FunctionIndex { functions }
    }

    fn rows(&self, base: &Totals, new: &Totals, type_index: usize) -> Vec<FunctionDiff> {
        let mut rows: Vec<FunctionDiff> = self
            .functions
            .iter()
            .map(|&(name, b, n)| {
                let (flat_base, cum_base) = b.map_or((0, 0), |key| (base.flat(key, type_index), base.cum(key, type_index)));
                let (flat_new, cum_new) = n.map_or((0, 0), |key| (new.flat(key, type_index), new.cum(key, type_index)));
                FunctionDiff {
                    function: name.to_string(),
                    flat_base,
                    flat_new,
                    flat_delta: flat_new.saturating_sub(flat_base),
                    cum_base,
                    cum_new,
                    cum_delta: cum_new.saturating_sub(cum_base),
                }
            })
            .filter(|row| row.flat_base != 0 || row.flat_new != 0 || row.cum_base != 0 || row.cum_new != 0)
            .collect();
        rows.sort_unstable_by(|a, b| {
            b.flat_delta
                .unsigned_abs()
                .cmp(&a.flat_delta.unsigned_abs())
                .then_with(|| a.function.cmp(&b.function))
                .then(b.cum_delta.unsigned_abs().cmp(&a.cum_delta.unsigned_abs()))
        });
        rows
    }
}

/// BASE's and NEW's call trees as one tree of paths.
struct JoinedTree<'f> {
    /// (parent or u32::MAX, function name) per node; parents first.
    nodes: Vec<(u32, &'f str)>,
    /// Per node and type: [self base, self new, cum base, cum new].
    values: Vec<[i64; 4]>,
    types: usize,
    truncated_samples: u64,
}

impl<'f> JoinedTree<'f> {
    fn new(base: &'f Frames, base_tree: &CallTree, new: &'f Frames, new_tree: &CallTree) -> JoinedTree<'f> {
        let types = base_tree.types;
        let mut joined =
            JoinedTree { nodes: Vec::new(), values: Vec::new(), types, truncated_samples: base_tree.truncated_samples + new_tree.truncated_samples };
        let mut children: HashMap<(u32, &str), u32> = HashMap::new();
        for (side, frames, tree) in [(0, base, base_tree), (1, new, new_tree)] {
            // Nodes are created root to leaf, so a node's parent is already mapped.
            let mut mapped = Vec::with_capacity(tree.nodes.len());
            for (node, &(parent, function)) in tree.nodes.iter().enumerate() {
                let parent = if parent == u32::MAX { u32::MAX } else { mapped[parent as usize] };
                let name = frames.names[function as usize].as_str();
                let at = *children.entry((parent, name)).or_insert_with(|| {
                    joined.nodes.push((parent, name));
                    joined.values.extend(std::iter::repeat_n([0; 4], types));
                    (joined.nodes.len() - 1) as u32
                });
                mapped.push(at);
                for type_index in 0..types {
                    let cell = &mut joined.values[at as usize * types + type_index];
                    cell[side] = tree.self_[node * types + type_index];
                    cell[2 + side] = tree.cum[node * types + type_index];
                }
            }
        }
        joined
    }

    fn json(&self, type_index: usize) -> TreeDiff {
        let parents: Vec<u32> = self.nodes.iter().map(|&(parent, _)| parent).collect();
        let value = |node: usize| self.values[node * self.types + type_index];
        let weight = |node: usize| {
            let [_, _, cum_base, cum_new] = value(node);
            cum_base.unsigned_abs().max(cum_new.unsigned_abs())
        };
        let (kept, nonzero) = profile::kept_nodes(&parents, weight, MAX_TREE_NODES);
        let tree: Vec<TreeDiffNode> = kept
            .iter()
            .enumerate()
            .map(|(id, &(node, parent))| {
                let [self_base, self_new, cum_base, cum_new] = value(node);
                TreeDiffNode { id: id as u32, parent, function: self.nodes[node].1.to_string(), self_base, self_new, cum_base, cum_new }
            })
            .collect();
        TreeDiff { nodes: tree.len() as u64, nodes_dropped: (nonzero - tree.len()) as u64, truncated_samples: self.truncated_samples, tree }
    }
}

/// The goroutine groups of one snapshot, all of them, in the snapshot's order.
pub struct SnapshotGroups {
    format: &'static str,
    goroutines: u64,
    groups: Vec<GoroutineGroup>,
}

impl SnapshotGroups {
    pub fn dump(dump: &dump::Dump, modules: &[String]) -> SnapshotGroups {
        let format = match dump.format {
            dump::Format::Debug1 => "debug=1",
            dump::Format::Debug2 => "debug=2",
        };
        SnapshotGroups { format, goroutines: dump.goroutines, groups: dump.groups.iter().map(|group| dump.goroutine_group(group, modules)).collect() }
    }

    pub fn profile(frames: &Frames, modules: &[String]) -> SnapshotGroups {
        let groups = profile::goroutine_groups(frames, modules);
        SnapshotGroups { format: "pprof", goroutines: groups.iter().fold(0u64, |sum, group| sum.saturating_add(group.count)), groups }
    }

    fn summary(&self) -> Snapshot {
        Snapshot { format: self.format.to_string(), goroutines: self.goroutines, groups: self.groups.len() as u64 }
    }
}

/// How two snapshots' groups are matched.
#[derive(Clone, Copy)]
struct Matching {
    /// Both record states (`debug=2`).
    by_state: bool,
    /// Both record the creating frame (`debug=2`).
    by_creator: bool,
    /// One is a traceback (`debug=2`), which hides the runtime's own frames
    /// at the leaf (`runtime.gopark`...), and the other lists them.
    skip_runtime_leaves: bool,
}

impl Matching {
    fn of(base: &SnapshotGroups, new: &SnapshotGroups) -> Matching {
        let (base_traceback, new_traceback) = (base.format == "debug=2", new.format == "debug=2");
        let by_state = base_traceback && new_traceback;
        Matching { by_state, by_creator: by_state, skip_runtime_leaves: base_traceback != new_traceback }
    }

    /// What tells two groups apart: the state, every frame, and the creating
    /// frame, as far as this matching looks.
    fn key(self, state: Option<&str>, stack: &[StackFrame], created_by: Option<&StackFrame>) -> String {
        let mut key = String::new();
        if self.by_state {
            key.push_str(state.unwrap_or(""));
        }
        let push = |key: &mut String, frame: &StackFrame| {
            key.push('\n');
            key.push_str(&frame.function);
            key.push('\t');
            key.push_str(&frame.file);
            key.push(':');
            key.push_str(&frame.line.to_string());
        };
        let runtime_leaves =
            if self.skip_runtime_leaves { stack.iter().take_while(|frame| profile::package_of(&frame.function) == "runtime").count() } else { 0 };
        for frame in &stack[runtime_leaves..] {
            push(&mut key, frame);
        }
        if self.by_creator {
            if let Some(frame) = created_by {
                key.push_str("\ncreated by");
                push(&mut key, frame);
            }
        }
        key
    }

    fn group_key(self, group: &GoroutineGroup) -> String {
        self.key(group.state.as_deref(), &group.stack, group.created_by.as_ref())
    }
}

/// The goroutines of one snapshot counted per stack (`Matching::key`).
pub struct StackCounts {
    matching: Matching,
    /// Goroutines per key, and the header line (`debug=2`; 0 in a profile)
    /// of the first group with that key.
    counts: HashMap<String, (u64, u32)>,
}

impl StackCounts {
    fn new(snapshot: &SnapshotGroups, matching: Matching) -> StackCounts {
        let mut counts: HashMap<String, (u64, u32)> = HashMap::new();
        for group in &snapshot.groups {
            let entry = counts.entry(matching.group_key(group)).or_insert((0, group.line));
            entry.0 = entry.0.saturating_add(group.count);
        }
        StackCounts { matching, counts }
    }

    /// The counts of a snapshot, keyed for comparison with another
    /// snapshot of its format.
    pub fn of(snapshot: &SnapshotGroups) -> StackCounts {
        StackCounts::new(snapshot, Matching::of(snapshot, snapshot))
    }

    /// Whether two snapshots have a stack in common: without one they are
    /// not snapshots of one program.
    pub fn share_a_stack(&self, other: &StackCounts) -> bool {
        self.counts.keys().any(|key| other.counts.contains_key(key))
    }

    /// The goroutines at a stack, and the header line of its first group
    /// (0 when none or in a profile).
    pub fn count(&self, state: Option<&str>, stack: &[StackFrame], created_by: Option<&StackFrame>) -> (u64, u32) {
        self.counts.get(&self.matching.key(state, stack, created_by)).copied().unwrap_or((0, 0))
    }
}

/// Earlier snapshots looked at, latest first, for one with a stack in common.
const MAX_EARLIER_CANDIDATES: usize = 16;

/// The base of each goroutine snapshot of a workspace, for GT601's growth
/// evidence. A snapshot is ordered by `order` within its `form` (`pprof`
/// or `debug=2`; `None`: it cannot be ordered); its base is the latest
/// earlier snapshot of its form that `related` (a stack in common) — none
/// when two at the same order are, or none of the `MAX_EARLIER_CANDIDATES`
/// latest is.
pub fn earlier_snapshots(snapshots: &[Option<(&str, i128)>], related: impl Fn(usize, usize) -> bool) -> Vec<Option<usize>> {
    snapshots
        .iter()
        .enumerate()
        .map(|(index, snapshot)| {
            let (form, order) = (*snapshot)?;
            let mut earlier: Vec<(i128, usize)> = snapshots
                .iter()
                .enumerate()
                .filter_map(|(other, snapshot)| snapshot.filter(|(f, o)| *f == form && *o < order).map(|(_, o)| (o, other)))
                .collect();
            earlier.sort_unstable_by(|a, b| b.cmp(a));
            earlier.truncate(MAX_EARLIER_CANDIDATES);
            let mut found: Option<(i128, usize)> = None;
            for (at, other) in earlier {
                match found {
                    Some((found_at, _)) if found_at > at => break,
                    _ if !related(other, index) => {}
                    Some(_) => return None,
                    None => found = Some((at, other)),
                }
            }
            found.map(|(_, other)| other)
        })
        .collect()
}

fn growth(base: &SnapshotGroups, new: &SnapshotGroups) -> GoroutineGrowth {
    let matching = Matching::of(base, new);
    let (base_counts, new_counts) = (StackCounts::new(base, matching), StackCounts::new(new, matching));
    let shrank = base_counts
        .counts
        .iter()
        .fold(0u64, |sum, (key, &(base_count, _))| sum.saturating_add(base_count.saturating_sub(new_counts.counts.get(key).map_or(0, |&(count, _)| count))));
    let mut grew = 0u64;
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut groups: Vec<GrowthGroup> = Vec::new();
    // NEW's groups joined by key, in first appearance.
    for group in &new.groups {
        let key = matching.group_key(group);
        let (new_count, _) = new_counts.counts[&key];
        let base_count = base_counts.counts.get(&key).map_or(0, |&(count, _)| count);
        if !seen.insert(key) || new_count <= base_count {
            continue;
        }
        grew = grew.saturating_add(new_count - base_count);
        groups.push(GrowthGroup {
            state: if matching.by_state { group.state.clone() } else { None },
            base_count,
            new_count,
            delta: new_count - base_count,
            wait_minutes: group.wait_minutes.clone(),
            stack: group.stack.clone(),
            created_by: if matching.by_creator { group.created_by.clone() } else { None },
            user_frame: group.user_frame,
        });
    }
    // Stable: first appearance in NEW on ties.
    groups.sort_by(|a, b| b.delta.cmp(&a.delta).then(b.new_count.cmp(&a.new_count)));
    let dropped = groups.len().saturating_sub(dump::MAX_GROUPS);
    groups.truncate(dump::MAX_GROUPS);
    GoroutineGrowth { base: base.summary(), new: new.summary(), by_state: matching.by_state, grew, shrank, groups, groups_dropped: dropped as u64 }
}
