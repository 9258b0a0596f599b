//! pprof profiles: decoding, the `profile` analysis (per sample type a top
//! table and a call tree by function) and the frames the runtime rules
//! (GT601–GT604) read.
//!
//! Top tables follow `go tool pprof -top` at its default (function)
//! granularity: a sample's frames are the lines of its locations, leaf
//! first, the innermost inlined function first within a location; `flat` is
//! the value of the samples whose leaf frame is the function, `cum` the value
//! of the samples with the function anywhere in the stack, counted once per
//! sample even when it recurses. Functions are identified by name, as pprof
//! does after aggregating by function.
//!
//! The analysis (`kind: "profile"`) holds: `format` ("pprof"), `compressed`,
//! `decodedBytes`, `profile` (cpu, heap, allocs, goroutine, goroutineleak,
//! mutex, block, threadcreate or other), `sampleTypes`, `defaultSampleType`,
//! `periodType`, `period`, `timeNanos` (a string: 64-bit), `durationNanos`,
//! counts of `samples`/`locations`/`functions`, `mappings` (addresses as hex
//! strings), `labelKeys` (key and number of samples carrying it),
//! `dropFrames`, `keepFrames`, `comments`, `docUrl`, and `types`: per sample
//! type its `type`, `unit`, `total`, `top` rows (`function`, `flat`,
//! `flatPercent`, `cum`, `cumPercent`; at most `MAX_TOP_ROWS`, the rest
//! counted in `topDropped`) and `callTree` (`tree`: nodes `id`, `parent`,
//! `function`, `self`, `cum`, parents before children; `nodes`,
//! `nodesDropped`, `truncatedSamples`). A goroutine or goroutineleak profile
//! also has `goroutines`: its goroutines grouped by stack, in the shape of a
//! goroutine dump's analysis (`GoroutineAnalysis`, format `pprof`).
//!
//! `drop_frames`/`keep_frames` (the Go runtime never sets them; other
//! producers and `pprof` rewriting do) are applied as `go tool pprof` does
//! before any report (`Profile.RemoveUninteresting`, `Prune`): a location
//! whose outermost matching line (function name simplified as pprof does,
//! matched against `^(drop)$` and not `^(keep)$`) is its outermost line is
//! pruned whole, otherwise its lines from the match inwards are removed; a
//! sample loses, below its first unpruned frame from the root, everything
//! beneath the first pruned location. An invalid regexp is not applied
//! (pprof refuses the profile).
//! Two profiles of one type are compared (`-diff_base`) in `crate::compare`.

pub mod decode;

use std::collections::HashMap;

use serde_json::{json, Value};

pub use decode::{decode, DecodeError, Profile, SampleBuf};

use crate::report::{GoroutineAnalysis, GoroutineGroup, StackFrame};

/// Rows of a top table kept in the analysis; the rest are counted.
pub const MAX_TOP_ROWS: usize = 1000;
/// Nodes of a call tree kept in the analysis (by cum); the rest are counted.
pub const MAX_TREE_NODES: usize = 1000;
/// Nodes a call tree may grow to while it is built: past it, the frames of a
/// sample below the deepest existing node are not added (its value stays in
/// that node's cum) and the sample is counted as truncated. Real profiles
/// share most prefixes and stay far below; random stacks would not.
pub const MAX_TREE_BUILD_NODES: usize = 100_000;

/// Which runtime profile this is, from its sample types (and stacks for
/// mutex vs block, which share them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileKind {
    Cpu,
    /// heap and allocs (the same sample types; allocs defaults to alloc_space).
    Heap,
    Goroutine,
    GoroutineLeak,
    Mutex,
    Block,
    ThreadCreate,
    Other,
}

impl ProfileKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ProfileKind::Cpu => "cpu",
            ProfileKind::Heap => "heap",
            ProfileKind::Goroutine => "goroutine",
            ProfileKind::GoroutineLeak => "goroutineleak",
            ProfileKind::Mutex => "mutex",
            ProfileKind::Block => "block",
            ProfileKind::ThreadCreate => "threadcreate",
            ProfileKind::Other => "other",
        }
    }
}

/// One frame of a stack: a function (by name key) at a line of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Frame {
    pub function: u32,
    pub line: i64,
    /// String index of the file name (0 = unknown).
    pub file: u32,
}

/// Frames of every location, and function names interned to keys.
pub struct Frames<'p, 'a> {
    pub profile: &'p Profile<'a>,
    /// Name of each function key.
    pub names: Vec<String>,
    location_frames: Vec<(u32, u32)>,
    frames: Vec<Frame>,
    /// Per location: pruned whole, or pruned beneath (drop_frames), if any applies.
    prune: Option<Vec<Pruning>>,
}

/// What drop_frames does to one location.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pruning {
    None,
    /// Its lines from the matching one inwards were removed.
    Beneath,
    /// Its outermost line matched: it goes, with everything beneath.
    Whole,
}

/// pprof's `simplifyFunc`: without a leading `.`, cut at the first `(` that
/// does not start `(anonymous namespace)` or `operator()`.
fn simplify_function(name: &str) -> &str {
    let name = name.strip_prefix('.').unwrap_or(name);
    let mut at = 0;
    while let Some(found) = name[at..].find(['(', 'o']) {
        let index = at + found;
        let rest = &name[index..];
        if let Some(reserved) = ["(anonymous namespace)", "operator()"].iter().find(|reserved| rest.starts_with(**reserved)) {
            at = index + reserved.len();
        } else if rest.starts_with('(') {
            return &name[..index];
        } else {
            at = index + 1;
        }
    }
    name
}

/// The drop_frames/keep_frames matcher: `None` when drop_frames is empty or
/// a regexp does not compile.
fn prune_matcher(profile: &Profile) -> Option<impl Fn(&str) -> bool> {
    let drop = profile.string(profile.drop_frames);
    if drop.is_empty() {
        return None;
    }
    let drop = regex_lite::Regex::new(&format!("^({drop})$")).ok()?;
    let keep = profile.string(profile.keep_frames);
    let keep = if keep.is_empty() { None } else { Some(regex_lite::Regex::new(&format!("^({keep})$")).ok()?) };
    Some(move |name: &str| {
        let name = simplify_function(name);
        drop.is_match(name) && !keep.as_ref().is_some_and(|keep| keep.is_match(name))
    })
}

impl<'p, 'a> Frames<'p, 'a> {
    pub fn new(profile: &'p Profile<'a>) -> Frames<'p, 'a> {
        let mut keys: HashMap<String, u32> = HashMap::new();
        let mut names = Vec::new();
        let mut intern = |name: String, names: &mut Vec<String>| -> u32 {
            if let Some(key) = keys.get(&name) {
                return *key;
            }
            let key = names.len() as u32;
            names.push(name.clone());
            keys.insert(name, key);
            key
        };
        let function_keys: Vec<u32> = profile.functions.iter().map(|f| intern(profile.string(f.name).into_owned(), &mut names)).collect();
        let mut location_frames = Vec::with_capacity(profile.locations.len());
        let mut frames = Vec::with_capacity(profile.lines.len());
        let matcher = prune_matcher(profile);
        let mut prune = matcher.as_ref().map(|_| Vec::with_capacity(profile.locations.len()));
        // Whether each function matches, computed once (as pprof's cache).
        let mut function_matches: Vec<Option<bool>> = if matcher.is_some() { vec![None; profile.functions.len()] } else { Vec::new() };
        for (index, location) in profile.locations.iter().enumerate() {
            let start = frames.len() as u32;
            let mut lines = profile.location_lines(index as u32);
            if let (Some(matcher), Some(prune)) = (&matcher, prune.as_mut()) {
                // The outermost line whose function matches (pprof scans from the last line).
                let matched = lines.iter().rposition(|line| {
                    let Some(function) = profile.functions.get(line.function as usize) else { return false };
                    *function_matches[line.function as usize].get_or_insert_with(|| {
                        let name = profile.string(function.name);
                        !name.is_empty() && matcher(&name)
                    })
                });
                prune.push(match matched {
                    Some(i) if i == lines.len() - 1 => Pruning::Whole,
                    Some(i) => {
                        lines = &lines[i + 1..];
                        Pruning::Beneath
                    }
                    None => Pruning::None,
                });
            }
            for line in lines {
                match profile.functions.get(line.function as usize) {
                    Some(function) => frames.push(Frame { function: function_keys[line.function as usize], line: line.line, file: function.filename }),
                    None => frames.push(Frame { function: intern(format!("{:016x}", location.address), &mut names), line: 0, file: 0 }),
                }
            }
            if lines.is_empty() {
                frames.push(Frame { function: intern(format!("{:016x}", location.address), &mut names), line: 0, file: 0 });
            }
            location_frames.push((start, frames.len() as u32 - start));
        }
        Frames { profile, names, location_frames, frames, prune }
    }

    /// The stack of a sample, leaf first, into `out`.
    pub fn stack(&self, mut locations: &[u32], out: &mut Vec<Frame>) {
        out.clear();
        if let Some(prune) = &self.prune {
            // From the root: past the first unpruned location, cut at the first pruned one.
            let mut found_user = false;
            for i in (0..locations.len()).rev() {
                match prune.get(locations[i] as usize).copied().unwrap_or(Pruning::None) {
                    Pruning::None => found_user = true,
                    _ if !found_user => {}
                    Pruning::Whole => {
                        locations = &locations[i + 1..];
                        break;
                    }
                    Pruning::Beneath => {
                        locations = &locations[i..];
                        break;
                    }
                }
            }
        }
        for &location in locations {
            let (start, len) = self.location_frames[location as usize];
            out.extend_from_slice(&self.frames[start as usize..(start + len) as usize]);
        }
    }

    pub fn name(&self, frame: &Frame) -> &str {
        &self.names[frame.function as usize]
    }

    /// A frame as a goroutine group shows it.
    pub fn stack_frame(&self, frame: &Frame) -> StackFrame {
        StackFrame {
            function: self.name(frame).to_string(),
            file: self.profile.string(frame.file).into_owned(),
            line: u32::try_from(frame.line).unwrap_or(0),
            dump_line: 0,
            workspace_path: None,
        }
    }

    /// Calls `each(stack, values, labels)` for every sample.
    pub fn for_each_sample(&self, with_labels: bool, mut each: impl FnMut(&[Frame], &SampleBuf)) {
        let mut buf = SampleBuf::default();
        let mut stack = Vec::new();
        for index in 0..self.profile.sample_count() {
            self.profile.read_sample(index, &mut buf, with_labels);
            self.stack(&buf.locations, &mut stack);
            each(&stack, &buf);
        }
    }
}

/// The import path of the package of a Go symbol (`main`, `net/http`,
/// `github.com/a/b`): up to the first dot after the last slash.
pub fn package_of(function: &str) -> &str {
    let slash = function.rfind('/').map_or(0, |i| i + 1);
    // A slash inside a type parameter list ("pkg.F[...]") is not a path separator.
    let slash = match function.find('[') {
        Some(bracket) if bracket < slash => function[..bracket].rfind('/').map_or(0, |i| i + 1),
        _ => slash,
    };
    match function[slash..].find('.') {
        Some(dot) => &function[..slash + dot],
        None => function,
    }
}

/// How a function's package counts for the "user frame" of DESIGN.md, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum UserClass {
    /// In a module of the workspace.
    Workspace,
    /// An import path whose first element has a dot (`github.com/...`).
    Dotted,
    /// Package `main`.
    Main,
    /// The standard library, the runtime, or an address.
    Other,
}

/// The class of every function key of `frames`.
pub fn user_classes(frames: &Frames, modules: &[String]) -> Vec<UserClass> {
    frames.names.iter().map(|name| user_class(name, modules)).collect()
}

/// The class of one function name, given the workspace's module paths.
pub fn user_class(name: &str, modules: &[String]) -> UserClass {
    let package = package_of(name);
    if modules.iter().any(|module| package == module || package.strip_prefix(module.as_str()).is_some_and(|rest| rest.starts_with('/'))) {
        UserClass::Workspace
    } else if package.split('/').next().is_some_and(|first| first.contains('.')) && package != name {
        UserClass::Dotted
    } else if package == "main" {
        UserClass::Main
    } else {
        UserClass::Other
    }
}

/// The "user frame" of DESIGN.md: the first frame from the leaf whose package
/// is in a workspace module; failing that, the first whose import path's
/// first element has a dot; failing that, `main.*`; failing that, the leaf.
/// With the frame's class (`Other` for the leaf fallback); `None` only for an
/// empty stack.
pub fn user_frame(stack: &[Frame], classes: &[UserClass]) -> Option<(usize, UserClass)> {
    pick_user_frame(stack.iter().map(|frame| classes[frame.function as usize]))
}

/// `user_frame` over the classes of a stack's frames, leaf first.
pub fn pick_user_frame(classes: impl Iterator<Item = UserClass>) -> Option<(usize, UserClass)> {
    let mut best: Option<(usize, UserClass)> = None;
    let mut any = false;
    for (index, class) in classes.enumerate() {
        any = true;
        if class == UserClass::Workspace {
            return Some((index, class));
        }
        if class != UserClass::Other && best.is_none_or(|(_, found)| class < found) {
            best = Some((index, class));
        }
    }
    best.or(if any { Some((0, UserClass::Other)) } else { None })
}

/// Classifies a profile by its sample types; mutex and block profiles share
/// theirs, so their stacks decide (a mutex profile records the holder at
/// Unlock, a block profile the waiter), then the file name.
pub fn kind_of(frames: &Frames, path: &str) -> ProfileKind {
    let p = frames.profile;
    let types: Vec<String> = p.sample_types.iter().map(|t| p.string(t.type_).into_owned()).collect();
    let has = |name: &str| types.iter().any(|t| t == name);
    if has("cpu") || (has("samples") && p.string(p.period_type.type_) == "cpu") {
        return ProfileKind::Cpu;
    }
    if has("alloc_objects") || has("alloc_space") || has("inuse_space") || has("inuse_objects") {
        return ProfileKind::Heap;
    }
    if has("goroutineleak") {
        return ProfileKind::GoroutineLeak;
    }
    if has("goroutine") {
        return ProfileKind::Goroutine;
    }
    if has("threadcreate") {
        return ProfileKind::ThreadCreate;
    }
    if has("contentions") && has("delay") {
        let delay = p.sample_type_index("delay").unwrap_or(0);
        let (mut unlock, mut other) = (0i128, 0i128);
        frames.for_each_sample(false, |stack, sample| {
            let value = sample.values[delay].unsigned_abs() as i128;
            match stack.first().map(|f| frames.name(f)) {
                Some(name) if is_unlock(name) => unlock += value,
                Some(_) => other += value,
                None => {}
            }
        });
        if unlock > other {
            return ProfileKind::Mutex;
        }
        if other > unlock {
            return ProfileKind::Block;
        }
        let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
        return if name.contains("block") { ProfileKind::Block } else { ProfileKind::Mutex };
    }
    ProfileKind::Other
}

fn is_unlock(name: &str) -> bool {
    name.ends_with(").Unlock") || name.ends_with(").RUnlock") || name == "runtime.unlock" || name == "runtime._LostContendedRuntimeLock"
}

/// flat and cum per function key, for every sample type; totals per type.
pub struct Totals {
    pub flat: Vec<i64>,
    pub cum: Vec<i64>,
    /// Sum of |value| per sample type (pprof's total).
    pub total: Vec<i64>,
    pub types: usize,
}

impl Totals {
    pub fn flat(&self, function: u32, type_index: usize) -> i64 {
        self.flat[function as usize * self.types + type_index]
    }

    pub fn cum(&self, function: u32, type_index: usize) -> i64 {
        self.cum[function as usize * self.types + type_index]
    }
}

fn percent(value: i64, total: i64) -> f64 {
    if total == 0 {
        0.0
    } else {
        (value as f64 / total as f64 * 10000.0).round() / 100.0
    }
}

/// The top table of one sample type, in `go tool pprof -top` order: |flat|
/// descending, then name, then |cum| descending.
pub fn top_rows(frames: &Frames, totals: &Totals, type_index: usize) -> Vec<(u32, i64, i64)> {
    let mut rows: Vec<(u32, i64, i64)> = (0..frames.names.len() as u32)
        .map(|key| (key, totals.flat(key, type_index), totals.cum(key, type_index)))
        .filter(|&(_, flat, cum)| flat != 0 || cum != 0)
        .collect();
    rows.sort_unstable_by(|a, b| {
        b.1.unsigned_abs()
            .cmp(&a.1.unsigned_abs())
            .then_with(|| frames.names[a.0 as usize].cmp(&frames.names[b.0 as usize]))
            .then(b.2.unsigned_abs().cmp(&a.2.unsigned_abs()))
    });
    rows
}

/// A call tree by function, built iteratively (root to leaf per sample).
pub struct CallTree {
    /// (parent node or u32::MAX for top-level, function key)
    pub nodes: Vec<(u32, u32)>,
    /// cum and self values: node * types + type.
    pub cum: Vec<i64>,
    pub self_: Vec<i64>,
    pub types: usize,
    /// Samples whose stacks were cut at `MAX_TREE_BUILD_NODES`.
    pub truncated_samples: u64,
}

/// Totals, the call tree and label keys of a profile, in one pass over its samples.
pub struct Summary {
    pub totals: Totals,
    pub tree: CallTree,
    /// Label keys and the number of samples carrying each, sorted by key.
    pub label_keys: Vec<(String, u64)>,
}

pub fn summarize(frames: &Frames) -> Summary {
    summarize_scaled(frames, None)
}

/// `summarize` with each sample's values first multiplied by `scale` (one
/// ratio per sample type) and rounded half away from zero, as pprof's
/// `Profile.ScaleN` does (a ratio of exactly 1 leaves the values as they are).
pub fn summarize_scaled(frames: &Frames, scale: Option<&[f64]>) -> Summary {
    let p = frames.profile;
    let types = p.sample_types.len();
    let functions = frames.names.len();
    let mut t = Totals { flat: vec![0; functions * types], cum: vec![0; functions * types], total: vec![0; types], types };
    let mut tree = CallTree { nodes: Vec::new(), cum: Vec::new(), self_: Vec::new(), types, truncated_samples: 0 };
    let mut children: HashMap<(u32, u32), u32> = HashMap::new();
    let mut seen = vec![u32::MAX; functions];
    let mut sample_no = 0u32;
    let mut label_keys: Vec<(String, u64)> = Vec::new();
    let mut label_index: Vec<(u32, usize)> = Vec::new();
    let mut seen_labels: Vec<u32> = Vec::new();
    let mut scaled = Vec::new();
    frames.for_each_sample(true, |stack, sample| {
        let values = match scale {
            Some(ratios) => {
                scaled.clear();
                scaled.extend(sample.values.iter().zip(ratios).map(|(&value, &ratio)| scale_value(value, ratio)));
                &scaled
            }
            None => &sample.values,
        };
        for (i, &value) in values.iter().enumerate() {
            t.total[i] = t.total[i].saturating_add(value.saturating_abs());
        }
        // flat: the leaf; cum: every function once per sample.
        if let Some(leaf) = stack.first() {
            add(&mut t.flat[leaf.function as usize * types..][..types], values);
        }
        for frame in stack {
            let key = frame.function as usize;
            if seen[key] != sample_no {
                seen[key] = sample_no;
                add(&mut t.cum[key * types..][..types], values);
            }
        }
        sample_no = sample_no.wrapping_add(1);
        // The call tree, root to leaf.
        let mut parent = u32::MAX;
        let mut cut = false;
        for frame in stack.iter().rev() {
            let node = match children.get(&(parent, frame.function)) {
                Some(&node) => node,
                None if tree.nodes.len() >= MAX_TREE_BUILD_NODES => {
                    cut = true;
                    break;
                }
                None => {
                    let node = tree.nodes.len() as u32;
                    children.insert((parent, frame.function), node);
                    tree.nodes.push((parent, frame.function));
                    tree.cum.extend(std::iter::repeat_n(0, types));
                    tree.self_.extend(std::iter::repeat_n(0, types));
                    node
                }
            };
            add(&mut tree.cum[node as usize * types..][..types], values);
            parent = node;
        }
        if cut {
            tree.truncated_samples += 1;
        } else if parent != u32::MAX {
            add(&mut tree.self_[parent as usize * types..][..types], values);
        }
        // Label keys, once per sample.
        seen_labels.clear();
        for label in &sample.labels {
            if seen_labels.contains(&label.key) {
                continue;
            }
            seen_labels.push(label.key);
            let at = match label_index.iter().find(|(key, _)| *key == label.key) {
                Some(&(_, at)) => at,
                None => {
                    label_keys.push((p.string(label.key).into_owned(), 0));
                    label_index.push((label.key, label_keys.len() - 1));
                    label_keys.len() - 1
                }
            };
            label_keys[at].1 += 1;
        }
    });
    label_keys.sort_unstable();
    Summary { totals: t, tree, label_keys }
}

/// One value times a ratio, as pprof's `ScaleN`: `int64(math.Round(v * r))`.
pub fn scale_value(value: i64, ratio: f64) -> i64 {
    if ratio == 1.0 {
        value
    } else {
        (value as f64 * ratio).round() as i64
    }
}

fn add(cells: &mut [i64], values: &[i64]) {
    for (cell, value) in cells.iter_mut().zip(values) {
        *cell = cell.saturating_add(*value);
    }
}

/// The nodes of a tree kept for a report: the `limit` of largest `weight`
/// among those with a nonzero one (a parent weighs at least as much as its
/// child, so the kept nodes stay connected; ties keep the older node, which
/// parents are). `parents[n]` is node n's parent (`u32::MAX` at the top);
/// parents come before their children. Returns (node, parent's new id) in
/// node order, a node's new id being its index there, and the number of
/// nonzero nodes.
pub fn kept_nodes(parents: &[u32], weight: impl Fn(usize) -> u64, limit: usize) -> (Vec<(usize, Option<u32>)>, usize) {
    let mut order: Vec<usize> = (0..parents.len()).filter(|&n| weight(n) != 0).collect();
    let nonzero = order.len();
    order.sort_unstable_by(|&a, &b| weight(b).cmp(&weight(a)).then(a.cmp(&b)));
    order.truncate(limit);
    order.sort_unstable();
    let mut new_id = vec![u32::MAX; parents.len()];
    let mut kept = Vec::with_capacity(order.len());
    for node in order {
        let parent = parents[node];
        let parent_id = if parent == u32::MAX { None } else { Some(new_id[parent as usize]) };
        if parent_id == Some(u32::MAX) {
            continue; // parent not kept (only with negative values)
        }
        new_id[node] = kept.len() as u32;
        kept.push((node, parent_id));
    }
    (kept, nonzero)
}

/// The tree of one sample type as JSON, keeping the `limit` nodes of largest
/// |cum| (`kept_nodes`).
fn tree_json(frames: &Frames, tree: &CallTree, type_index: usize, limit: usize) -> Value {
    // `self` of a node is the value of the samples ending there; cut samples
    // end nowhere, so a truncated tree's selves do not add up to its total.
    let t = tree.types;
    let parents: Vec<u32> = tree.nodes.iter().map(|&(parent, _)| parent).collect();
    let (kept, nonzero) = kept_nodes(&parents, |n| tree.cum[n * t + type_index].unsigned_abs(), limit);
    let nodes: Vec<Value> = kept
        .iter()
        .enumerate()
        .map(|(id, &(node, parent))| {
            json!({
                "id": id,
                "parent": parent,
                "function": frames.names[tree.nodes[node].1 as usize],
                "self": tree.self_[node * t + type_index],
                "cum": tree.cum[node * t + type_index],
            })
        })
        .collect();
    json!({ "nodes": nodes.len(), "nodesDropped": nonzero - nodes.len(), "truncatedSamples": tree.truncated_samples, "tree": nodes })
}

/// The goroutines of a goroutine or goroutineleak profile grouped by stack
/// (function, file and line of every frame; samples differing only in labels
/// join), counted by the profile's first sample type, most first (first
/// appearance on ties). A profile records no states, wait times, goroutine
/// ids or creating frames; `line` and `dumpLine` are 0.
pub fn goroutine_groups(frames: &Frames, modules: &[String]) -> Vec<GoroutineGroup> {
    let classes = user_classes(frames, modules);
    let mut index: HashMap<Vec<Frame>, usize> = HashMap::new();
    let mut groups: Vec<(Vec<Frame>, u64)> = Vec::new();
    frames.for_each_sample(false, |stack, sample| {
        let count = sample.values.first().map_or(0, |value| value.unsigned_abs());
        match index.get(stack) {
            Some(&at) => groups[at].1 = groups[at].1.saturating_add(count),
            None => {
                index.insert(stack.to_vec(), groups.len());
                groups.push((stack.to_vec(), count));
            }
        }
    });
    // Stable: first appearance on ties.
    groups.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
    groups
        .into_iter()
        .map(|(stack, count)| GoroutineGroup {
            state: None,
            count,
            wait_minutes: None,
            locked_to_thread: 0,
            goroutine_ids: Vec::new(),
            line: 0,
            stack: stack.iter().map(|frame| frames.stack_frame(frame)).collect(),
            frames_elided: false,
            created_by: None,
            user_frame: user_frame(&stack, &classes).map(|(index, _)| index as u32),
        })
        .collect()
}

/// The `goroutines` of a goroutine or goroutineleak profile's analysis: the
/// largest `crate::dump::MAX_GROUPS` groups of `goroutine_groups`.
pub fn goroutine_analysis(frames: &Frames, modules: &[String]) -> GoroutineAnalysis {
    let mut groups = goroutine_groups(frames, modules);
    let goroutines = groups.iter().fold(0u64, |sum, group| sum.saturating_add(group.count));
    let dropped = groups.len().saturating_sub(crate::dump::MAX_GROUPS);
    groups.truncate(crate::dump::MAX_GROUPS);
    GoroutineAnalysis {
        format: "pprof".to_string(),
        goroutines,
        total: Some(goroutines),
        crash: None,
        states: Vec::new(),
        groups,
        groups_dropped: dropped as u64,
        longest_wait: None,
        lines: 0,
        malformed_lines: 0,
    }
}

/// The `profile` analysis of a decoded profile; `modules` (the workspace's
/// module paths) pick the user frames of goroutine groups, and
/// `map_frames` maps their frames to workspace files.
pub fn analysis(frames: &Frames, kind: ProfileKind, summary: &Summary, modules: &[String], map_frames: impl FnOnce(&mut [GoroutineGroup])) -> Value {
    let p = frames.profile;
    let (totals, tree, label_keys) = (&summary.totals, &summary.tree, &summary.label_keys);
    let sample_types: Vec<Value> = p.sample_types.iter().map(|t| json!({ "type": p.string(t.type_), "unit": p.string(t.unit) })).collect();
    let mut per_type = Vec::new();
    for (index, sample_type) in p.sample_types.iter().enumerate() {
        let total = totals.total[index];
        let rows = top_rows(frames, totals, index);
        let dropped = rows.len().saturating_sub(MAX_TOP_ROWS);
        let rows: Vec<Value> = rows
            .iter()
            .take(MAX_TOP_ROWS)
            .map(|&(key, flat, cum)| {
                json!({
                    "function": frames.names[key as usize],
                    "flat": flat,
                    "flatPercent": percent(flat, total),
                    "cum": cum,
                    "cumPercent": percent(cum, total),
                })
            })
            .collect();
        per_type.push(json!({
            "type": p.string(sample_type.type_),
            "unit": p.string(sample_type.unit),
            "total": total,
            "top": rows,
            "topDropped": dropped,
            "callTree": tree_json(frames, tree, index, MAX_TREE_NODES),
        }));
    }
    let mappings: Vec<Value> = p
        .mappings
        .iter()
        .map(|m| {
            json!({
                "id": m.id,
                "memoryStart": format!("0x{:x}", m.memory_start),
                "memoryLimit": format!("0x{:x}", m.memory_limit),
                "fileOffset": format!("0x{:x}", m.file_offset),
                "file": p.string(m.filename),
                "buildId": p.string(m.build_id),
                "hasFunctions": m.has_functions,
                "hasFilenames": m.has_filenames,
                "hasLineNumbers": m.has_line_numbers,
                "hasInlineFrames": m.has_inline_frames,
            })
        })
        .collect();
    let default_type = p.string(p.default_sample_type);
    let goroutines = matches!(kind, ProfileKind::Goroutine | ProfileKind::GoroutineLeak).then(|| {
        let mut goroutines = goroutine_analysis(frames, modules);
        map_frames(&mut goroutines.groups);
        goroutines
    });
    let mut data = json!({
        "format": "pprof",
        "compressed": p.compressed,
        "decodedBytes": p.decoded_bytes,
        "profile": if kind == ProfileKind::Heap && default_type == "alloc_space" { "allocs" } else { kind.as_str() },
        "sampleTypes": sample_types,
        "defaultSampleType": default_type,
        "periodType": { "type": p.string(p.period_type.type_), "unit": p.string(p.period_type.unit) },
        "period": p.period,
        "timeNanos": p.time_nanos.to_string(),
        "durationNanos": p.duration_nanos,
        "samples": p.sample_count(),
        "locations": p.locations.len(),
        "functions": p.functions.len(),
        "mappings": mappings,
        "labelKeys": label_keys.iter().map(|(key, samples)| json!({ "key": key, "samples": samples })).collect::<Vec<_>>(),
        "dropFrames": p.string(p.drop_frames),
        "keepFrames": p.string(p.keep_frames),
        "comments": p.comments.iter().map(|&c| p.string(c)).collect::<Vec<_>>(),
        "docUrl": p.string(p.doc_url),
        "types": per_type,
    });
    if let Some(goroutines) = goroutines {
        data["goroutines"] = serde_json::to_value(goroutines).unwrap_or_default();
    }
    data
}

#[cfg(test)]
mod tests {

    #[test]
    fn functions_simplified_as_pprof_does() {
        assert_eq!(super::simplify_function("main.(*cache).update"), "main.");
        assert_eq!(super::simplify_function(".fmt.Sprintf"), "fmt.Sprintf");
        assert_eq!(super::simplify_function("ns::(anonymous namespace)::f(int)"), "ns::(anonymous namespace)::f");
        assert_eq!(super::simplify_function("S::operator()(int)"), "S::operator()");
        assert_eq!(super::simplify_function("runtime.mallocgc"), "runtime.mallocgc");
    }
    use super::*;

    #[test]
    fn packages_of_symbols() {
        assert_eq!(package_of("main.main"), "main");
        assert_eq!(package_of("net/http.(*conn).serve"), "net/http");
        assert_eq!(package_of("github.com/a/b.(*T).M.func1"), "github.com/a/b");
        assert_eq!(package_of("gotrap.test/x/y.F[go.shape.int]"), "gotrap.test/x/y");
        assert_eq!(package_of("runtime.gopark"), "runtime");
        assert_eq!(package_of("0000000000401000"), "0000000000401000");
    }
}
