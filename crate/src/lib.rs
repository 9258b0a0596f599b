//! gotrap core: finds Go traps in source, modules and runtime artifacts.
//!
//! Data flows one way: files → classify → parse → rules → report. The core
//! never knows which surface called it; `wasm.rs` is the only boundary file.

#[cfg(feature = "artifacts")]
pub mod bench;
#[cfg(feature = "artifacts")]
pub mod compare;
pub mod config;
#[cfg(feature = "artifacts")]
pub mod dump;
#[cfg(feature = "artifacts")]
pub mod escape;
#[cfg(feature = "artifacts")]
pub mod gctrace;
pub mod goversion;
pub mod limits;
pub mod module;
pub mod options_json;
pub mod order;
pub mod position;
#[cfg(feature = "artifacts")]
pub mod profile;
pub mod report;
pub mod rules;
pub mod schema;
pub mod session;
pub mod settings;
pub mod sorted_map;
pub mod source;
#[cfg(feature = "artifacts")]
pub mod textlog;
pub mod txtar;
#[cfg(target_arch = "wasm32")]
mod wasm;
pub mod workspace;

use position::LineIndex;
use report::{Finding, Options, Report, RunError, Skipped};
use rules::{reserved, CiFile, ImportSite, PackageRule, RuleMeta, WorkspaceContext, PACKAGE_RULES, SOURCE_RULES, WORKSPACE_RULES};
use settings::Settings;
use sorted_map::SortedMap;
use source::ignore::IgnoreDirective;
use source::package::{self as packages, PackageContext, PackageFile, PackageKey};
use source::visit::{self, Dispatch};
use source::{SourceFile, VersionSource};
use workspace::{classify, FileKind, Modules};

pub use session::Session;

/// The rule registry as JSON (`RuleInfo[]`).
pub fn rules_json() -> String {
    serde_json::to_string(&rules::registry::infos()).unwrap_or_else(|_| "[]".to_string())
}

/// Compares two runtime artifacts, each as (path, bytes): two profiles of
/// one type, or two goroutine snapshots (`compare::compare`). `options_json`
/// is a `CompareOptions`; a bad one is the comparison's only error.
#[cfg(feature = "artifacts")]
pub fn compare(base: (&str, &[u8]), new: (&str, &[u8]), options_json: &str) -> compare::Comparison {
    match serde_json::from_str::<compare::CompareOptions>(options_json) {
        Ok(options) => compare::compare(base, new, &options),
        Err(err) => compare::Comparison::failed(base.0, new.0, format!("invalid options: {err}")),
    }
}

/// Analyses one workspace: files as (workspace-relative POSIX path, bytes).
pub fn analyze<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>, options: &Options) -> Report {
    analyze_stages(files, options, Stages::All).report
}

/// Which stages of a run to do. A host spreading a workspace over several
/// instances runs the Go files in parts of whole packages
/// (`Sources`), then the workspace rules once over the module and CI files
/// with every part's imports (`WithImports`): a workspace rule needs every
/// import of a module at once (GT504 reports a missing checksum at the
/// module's first import). Both together give the Report of `All`.
pub enum Stages<'i> {
    All,
    /// Everything but the workspace rules; the imports of the Go files are returned.
    Sources,
    /// Everything, the workspace rules also seeing these imports of Go files analysed elsewhere.
    WithImports(&'i [ImportSite]),
}

/// A run's Report and the imports of the Go files it analysed, in path order.
pub struct Analysed {
    pub report: Report,
    pub imports: Vec<ImportSite>,
}

/// Analyses one workspace, doing the `stages` asked for.
pub fn analyze_stages<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>, options: &Options, stages: Stages) -> Analysed {
    analyze_keeping(files, options, stages, None)
}

/// `analyze_stages`, parsing Go files with the help of the trees a session
/// keeps (and keeping their new ones there).
fn analyze_keeping<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    options: &Options,
    stages: Stages,
    mut trees: Option<&mut session::Trees>,
) -> Analysed {
    let mut report = Report::new();
    let config = match &options.config {
        Some(text) => config::parse(text, options.config_path.as_deref().unwrap_or("gotrap.toml")),
        None => Ok(config::Config::default()),
    };
    let settings =
        config.map_err(|err| vec![err]).and_then(|config| Settings::new(options, config).map_err(|message| vec![RunError { message, path: None, line: None }]));
    let settings = match settings {
        Ok(settings) => settings,
        Err(errors) => {
            report.errors = errors;
            return Analysed { report, imports: Vec::new() };
        }
    };
    let mut files: Vec<(&str, &[u8])> = files.into_iter().collect();
    order::sort_stable_by(&mut files, |a, b| a.0.cmp(b.0));
    let mut run = Run { settings: &settings, findings: Vec::new(), skipped: Vec::new() };
    // A path given twice (a txtar archive may repeat a name): the last file
    // stands, as when the files are written out, so each finding's path
    // names one content.
    let mut unique: Vec<(&str, &[u8])> = Vec::with_capacity(files.len());
    for file in files {
        match unique.last_mut() {
            Some(last) if last.0 == file.0 => {
                run.skip(file.0, "path given more than once; only its last file is analysed".to_string());
                *last = file;
            }
            _ => unique.push(file),
        }
    }
    let files = unique;
    let mut modules = Modules::default();
    let mut go_files = Vec::new();
    let mut ci_files = Vec::new();
    let mut imports = Vec::new();
    let mut artifacts = Vec::new();
    let mut workspace_bytes = 0u64;
    for (path, content) in files {
        if settings.exclude.iter().any(|glob| workspace::glob_matches(glob, path)) {
            run.skip(path, "excluded by gotrap.toml".to_string());
            continue;
        }
        workspace_bytes += content.len() as u64;
        if workspace_bytes > settings.limits.max_workspace_bytes {
            let limit = settings.limits.max_workspace_bytes;
            run.over_limit(
                path,
                content,
                format!("workspace exceeds {limit} bytes (limits.max-workspace-bytes); this file and the ones after it were not analysed"),
            );
            continue;
        }
        let kind = classify(path);
        if !cfg!(feature = "module-rules") && matches!(kind, FileKind::GoSum | FileKind::Ci) {
            run.skip(path, "read by the module rules only (GT501–GT506), which need the full build of the core (feature `module-rules`)".to_string());
            continue;
        }
        match kind {
            FileKind::GoMod | FileKind::GoSum | FileKind::GoWork => {
                let errors = match kind {
                    FileKind::GoMod => &modules.insert(path, content).errors,
                    FileKind::GoSum => &modules.insert_sum(path, content).errors,
                    _ => &modules.insert_work(path, content).errors,
                };
                let lines = LineIndex::new(content);
                for error in errors.clone() {
                    run.push(path, content, &lines, &reserved::MALFORMED, error.start..error.end, error.message);
                }
            }
            FileKind::Go if settings.no_tests && path.ends_with("_test.go") => run.skip(path, "test file (--no-tests)".to_string()),
            FileKind::Go => go_files.push((path, content)),
            FileKind::Ci => ci_files.push(CiFile { path: path.to_string(), content: content.to_vec() }),
            FileKind::Artifact => artifacts.push((path, content)),
        }
    }
    // `//go:debug` directives of package main files, by the go.mod or go.work
    // deciding their main module ("" for files no go.mod governs), in path order.
    let mut go_debug: SortedMap<Vec<(String, String)>> = SortedMap::default();
    for (path, content) in &go_files {
        let (package, directives) = source::header_directives(content);
        if package.as_deref() == Some("main") && !directives.is_empty() {
            let main = modules.main_module(path).map(|main| main.path).unwrap_or_default();
            go_debug.get_or_insert(&main, Vec::new()).extend(directives);
        }
    }
    let package_rules: Vec<&'static dyn PackageRule> = PACKAGE_RULES.iter().copied().filter(|rule| settings.is_enabled(rule.meta())).collect();
    let dispatch = Dispatch::new(&SOURCE_RULES.iter().copied().filter(|rule| settings.is_enabled(rule.meta())).collect::<Vec<_>>(), &package_rules);
    let mut parser = source::new_parser();
    let mut analysed = Vec::new();
    for &(path, content) in &go_files {
        if modules.is_ignored(path) {
            run.skip(path, "in a directory its go.mod ignores (ignore directive)".to_string());
            continue;
        }
        if content.len() as u64 > settings.limits.max_file_bytes {
            let limit = settings.limits.max_file_bytes;
            let message = format!("file is {} bytes, over the {limit}-byte limit for Go files (limits.max-file-bytes); not analysed", content.len());
            run.over_limit(path, content, message);
            continue;
        }
        let budget = settings.limits.max_file_work;
        let (outcome, used) = session::metered(trees.as_deref_mut(), &mut parser, path, content, budget, |tree| {
            let mut file = SourceFile::from_tree(path, content, tree);
            file.version = file_version(&file, &settings, &modules);
            file.main_module = main_module(path, &settings, &modules, &go_debug);
            let walked = visit::run(&file, &settings, &dispatch);
            (file, walked)
        });
        if used >= budget {
            run.over_limit(path, content, format!("analysing this file needs more than {budget} work units (limits.max-file-work); not analysed"));
            continue;
        }
        let Some((file, walked)) = outcome else {
            let message = "internal error: the parser gave up on this file".to_string();
            report.errors.push(RunError { message, path: Some(path.to_string()), line: None });
            continue;
        };
        for (import_path, start, end) in &file.imports.specs {
            imports.push(ImportSite { file: path.to_string(), import_path: import_path.clone(), span: file.lines.span(content, *start, *end) });
        }
        analysed.push(AnalysedFile::new(file, walked));
    }
    check_packages(&mut analysed, &package_rules, &settings);
    for file in &mut analysed {
        let findings = std::mem::take(&mut file.findings);
        run.findings.extend(apply_ignores(file, findings, &settings));
    }
    let workspace_rules = match stages {
        Stages::All => true,
        Stages::Sources => false,
        Stages::WithImports(elsewhere) => {
            imports.extend_from_slice(elsewhere);
            // The order of one whole run: by file, each file's in source order.
            order::sort_stable_by(&mut imports, |a, b| a.file.cmp(&b.file));
            true
        }
    };
    if workspace_rules {
        let mut cx = WorkspaceContext {
            settings: &settings,
            modules: &modules,
            imports: &imports,
            ci_files: &ci_files,
            findings: Vec::new(),
            line_indexes: Default::default(),
        };
        for rule in WORKSPACE_RULES.iter().filter(|rule| settings.is_enabled(rule.meta())) {
            rule.check(&mut cx);
        }
        run.findings.append(&mut cx.findings);
    }
    #[cfg(feature = "artifacts")]
    {
        let module_paths = modules.module_paths();
        // Sized up before anything reads them, whatever their kind.
        let mut within_limit = Vec::with_capacity(artifacts.len());
        for (path, content) in artifacts {
            match settings.limits.artifact_over(content.len()) {
                Some(message) => run.over_limit(path, content, message),
                None => within_limit.push((path, content)),
            }
        }
        let (bench_outputs, artifacts): (Vec<_>, Vec<_>) = within_limit.into_iter().partition(|(_, content)| bench::looks_like(content));
        let mut snapshots = Vec::new();
        for (path, content) in artifacts {
            snapshots.extend(artifact(&mut run, &mut report, path, content, &go_files, &module_paths));
        }
        goroutine_snapshots(&mut run, &snapshots, &go_files, &module_paths);
        benchmarks(&mut run, &mut report, &bench_outputs, &go_files);
    }
    #[cfg(not(feature = "artifacts"))]
    for (path, _) in artifacts {
        run.skip(path, "not a Go source, module or CI file; runtime artifacts need the full build of the core (feature `artifacts`)".to_string());
    }
    report.findings = run.findings;
    report.skipped = run.skipped;
    report.findings.retain(|finding| rules::registry::find(&finding.rule).is_some_and(|rule| settings.is_enabled(rule)));
    report.sort();
    Analysed { report, imports }
}

/// A runtime artifact, recognised by content: a goroutine dump or crash
/// output (a `goroutine N [` header or a `goroutine profile: total` line),
/// a `GODEBUG=gctrace=1` log (a line starting `gc <n> @`, not gzip), an
/// escape report (a `file:line:col:` line saying what escapes or is inlined),
/// a pprof profile (gzip, or raw protobuf that decodes as one). Anything else
/// is skipped. A goroutine dump or goroutine profile is returned with its
/// analysis done: its rules run once every snapshot is known
/// (`goroutine_snapshots`).
#[cfg(feature = "artifacts")]
fn artifact<'a>(
    run: &mut Run,
    report: &mut Report,
    path: &'a str,
    content: &'a [u8],
    go_files: &[(&str, &[u8])],
    modules: &[(String, String)],
) -> Option<Snapshot<'a>> {
    if !profile::decode::is_gzip(content) && dump::looks_like(content) {
        return Some(goroutine_dump(run, report, path, content, go_files, modules));
    }
    if !profile::decode::is_gzip(content) && gctrace::looks_like(content) {
        gctrace_log(run, report, path, content);
        return None;
    }
    if !profile::decode::is_gzip(content) && escape::looks_like(content) {
        escape_report(run, report, path, content, go_files, modules);
        return None;
    }
    let limits = &run.settings.limits;
    let named_like_profile = [".pb", ".pprof", ".prof", ".pb.gz", ".proto"].iter().any(|ext| path.ends_with(ext));
    let profile = match profile::decode(content, limits.max_decompressed_bytes, limits.max_profile_samples) {
        Ok(profile) => profile,
        Err(profile::DecodeError::OverLimit(message)) => {
            run.over_limit(path, content, message);
            return None;
        }
        Err(profile::DecodeError::Malformed(message)) if profile::decode::is_gzip(content) || named_like_profile => {
            let message = format!("not a readable pprof profile: {message}");
            run.push(path, content, &LineIndex::new(&[]), &reserved::MALFORMED, 0..0, message.clone());
            run.skip(path, message);
            return None;
        }
        Err(profile::DecodeError::NotProfile(reason)) => {
            run.skip(path, reason);
            return None;
        }
        Err(_) => {
            run.skip(path, "not a Go source, module or CI file, nor a pprof profile".to_string());
            return None;
        }
    };
    let frames = profile::Frames::new(&profile);
    let kind = profile::kind_of(&frames, path);
    let summary = profile::summarize(&frames);
    let module_paths: Vec<String> = modules.iter().map(|(module, _)| module.clone()).collect();
    let data = profile::analysis(&frames, kind, &summary, &module_paths, |groups| rules::runtime::map_group_frames(groups, modules, go_files));
    report.analyses.push(report::Analysis { path: path.to_string(), kind: "profile".to_string(), data });
    let profile::Summary { totals, tree, .. } = summary;
    drop(tree);
    drop(frames);
    let decoded = DecodedProfile { profile, kind, totals };
    if kind == profile::ProfileKind::Goroutine {
        return Some(Snapshot { path, content, parsed: SnapshotData::Profile(decoded) });
    }
    profile_rules(run, path, &decoded, go_files, modules, None);
    None
}

/// A decoded profile, its kind and totals.
#[cfg(feature = "artifacts")]
struct DecodedProfile<'a> {
    profile: profile::Profile<'a>,
    kind: profile::ProfileKind,
    totals: profile::Totals,
}

/// A goroutine dump or goroutine profile whose rules wait for the earlier
/// snapshot of the same program, if the workspace holds one.
#[cfg(feature = "artifacts")]
struct Snapshot<'a> {
    path: &'a str,
    content: &'a [u8],
    parsed: SnapshotData<'a>,
}

#[cfg(feature = "artifacts")]
enum SnapshotData<'a> {
    Dump(dump::Dump),
    Profile(DecodedProfile<'a>),
}

/// Runs the profile rules over one decoded profile.
#[cfg(feature = "artifacts")]
fn profile_rules(
    run: &mut Run,
    path: &str,
    decoded: &DecodedProfile,
    go_files: &[(&str, &[u8])],
    modules: &[(String, String)],
    earlier: Option<&rules::runtime::EarlierSnapshot>,
) {
    let frames = profile::Frames::new(&decoded.profile);
    let module_paths: Vec<String> = modules.iter().map(|(module, _)| module.clone()).collect();
    let mut cx = rules::runtime::ProfileContext {
        path,
        frames: &frames,
        kind: decoded.kind,
        totals: &decoded.totals,
        settings: run.settings,
        modules,
        go_files,
        classes: profile::user_classes(&frames, &module_paths),
        earlier,
        findings: Vec::new(),
    };
    for rule in rules::PROFILE_RULES.iter().filter(|rule| run.settings.is_enabled(rule.meta)) {
        (rule.check)(&mut cx);
    }
    run.findings.extend(cx.findings);
}

/// The rules of the goroutine dumps and goroutine profiles, each with the
/// earlier snapshot of the same program when there is one
/// (`compare::earlier_snapshots`: `debug=2` dumps that are not crash output,
/// ordered by their highest goroutine id; goroutine profiles, by their
/// `time_nanos`; and at least one stack in common).
#[cfg(feature = "artifacts")]
fn goroutine_snapshots(run: &mut Run, snapshots: &[Snapshot], go_files: &[(&str, &[u8])], modules: &[(String, String)]) {
    let module_paths: Vec<String> = modules.iter().map(|(module, _)| module.clone()).collect();
    let ordered: Vec<Option<(&str, i128)>> = snapshots
        .iter()
        .map(|snapshot| match &snapshot.parsed {
            SnapshotData::Dump(dump) if dump.format == dump::Format::Debug2 && dump.crash.is_none() => dump.highest_id.map(|id| ("debug=2", i128::from(id))),
            SnapshotData::Profile(decoded) if decoded.profile.time_nanos != 0 => Some(("pprof", i128::from(decoded.profile.time_nanos))),
            _ => None,
        })
        .collect();
    let counts: Vec<Option<compare::StackCounts>> = snapshots
        .iter()
        .zip(&ordered)
        .map(|(snapshot, order)| {
            order.map(|_| {
                compare::StackCounts::of(&match &snapshot.parsed {
                    SnapshotData::Dump(dump) => compare::SnapshotGroups::dump(dump, &module_paths),
                    SnapshotData::Profile(decoded) => compare::SnapshotGroups::profile(&profile::Frames::new(&decoded.profile), &module_paths),
                })
            })
        })
        .collect();
    let related = |a: usize, b: usize| matches!((&counts[a], &counts[b]), (Some(a), Some(b)) if a.share_a_stack(b));
    let earlier = compare::earlier_snapshots(&ordered, related);
    for (index, (snapshot, base)) in snapshots.iter().zip(earlier).enumerate() {
        let earlier = base.zip(counts[index].as_ref()).and_then(|(base, new)| {
            Some(rules::runtime::EarlierSnapshot {
                path: snapshots[base].path,
                content: snapshots[base].content,
                lines: LineIndex::new(snapshots[base].content),
                base: counts[base].as_ref()?,
                new,
            })
        });
        match &snapshot.parsed {
            SnapshotData::Dump(dump) => {
                let lines = LineIndex::new(snapshot.content);
                let cx = rules::runtime::ArtifactContext::new(snapshot.path, snapshot.content, &lines, dump, run.settings)
                    .with_workspace(modules, &module_paths, go_files)
                    .with_earlier(earlier.as_ref());
                run.findings.extend(cx.check(rules::DUMP_RULES));
            }
            SnapshotData::Profile(decoded) => profile_rules(run, snapshot.path, decoded, go_files, modules, earlier.as_ref()),
        }
    }
}

/// A gctrace log: its analysis, a GT003 per malformed gctrace line (the first
/// `gctrace::MAX_MALFORMED_REPORTED`) and the gctrace rules.
#[cfg(feature = "artifacts")]
fn gctrace_log(run: &mut Run, report: &mut Report, path: &str, content: &[u8]) {
    let window = run.settings.option(&rules::gt605_gc_pressure::META, "window-gcs").as_u64().unwrap_or(20);
    let trace = gctrace::parse(content, usize::try_from(window).unwrap_or(usize::MAX));
    report.analyses.push(report::Analysis { path: path.to_string(), kind: "gctrace".to_string(), data: trace.analysis() });
    let lines = LineIndex::new(content);
    run.malformed(path, content, &lines, &trace.malformed, trace.malformed_lines, "gctrace");
    let cx = rules::runtime::ArtifactContext::new(path, content, &lines, &trace, run.settings);
    run.findings.extend(cx.check(rules::GCTRACE_RULES));
}

/// A goroutine dump or crash output: its analysis and a GT003 per malformed
/// line (the first `dump::MAX_MALFORMED_REPORTED`); its rules run in
/// `goroutine_snapshots`.
#[cfg(feature = "artifacts")]
fn goroutine_dump<'a>(
    run: &mut Run,
    report: &mut Report,
    path: &'a str,
    content: &'a [u8],
    go_files: &[(&str, &[u8])],
    modules: &[(String, String)],
) -> Snapshot<'a> {
    let dump = dump::parse(content);
    let module_paths: Vec<String> = modules.iter().map(|(module, _)| module.clone()).collect();
    let mut analysis = dump.analysis(&module_paths);
    rules::runtime::map_group_frames(&mut analysis.groups, modules, go_files);
    let data = serde_json::to_value(analysis).unwrap_or_default();
    report.analyses.push(report::Analysis { path: path.to_string(), kind: "goroutines".to_string(), data });
    run.malformed(path, content, &LineIndex::new(content), &dump.malformed, dump.malformed_lines, "goroutine dump");
    Snapshot { path, content, parsed: SnapshotData::Dump(dump) }
}

/// A `-gcflags=-m` escape report: its analysis, a GT003 per malformed line
/// (the first `escape::MAX_MALFORMED_REPORTED`) and the escape rules.
#[cfg(feature = "artifacts")]
fn escape_report(run: &mut Run, report: &mut Report, path: &str, content: &[u8], go_files: &[(&str, &[u8])], modules: &[(String, String)]) {
    let mut escapes = escape::parse(content);
    for entry in &mut escapes.analysis.entries {
        let mapped = rules::runtime::map_escape_file(entry.package.as_deref(), &entry.at.file, modules, go_files);
        entry.workspace_path = mapped.map(|(path, _)| path.to_string());
    }
    let data = serde_json::to_value(&escapes.analysis).unwrap_or_default();
    report.analyses.push(report::Analysis { path: path.to_string(), kind: "escape".to_string(), data });
    let lines = LineIndex::new(content);
    run.malformed(path, content, &lines, &escapes.malformed, escapes.analysis.malformed_lines, "escape report");
    let cx = rules::runtime::ArtifactContext::new(path, content, &lines, &escapes, run.settings).with_workspace(modules, &[], go_files);
    run.findings.extend(cx.check(rules::ESCAPE_RULES));
}

/// `go test -bench` outputs: each one's analysis, compared with the base
/// output (`bench::base_index`) when there are several, a GT003 per malformed
/// result line and the benchmark rules.
#[cfg(feature = "artifacts")]
fn benchmarks(run: &mut Run, report: &mut Report, outputs: &[(&str, &[u8])], go_files: &[(&str, &[u8])]) {
    let parsed: Vec<bench::Output> = outputs.iter().map(|(_, content)| bench::parse(content)).collect();
    let base = bench::base_index(&outputs.iter().map(|(path, _)| *path).collect::<Vec<_>>());
    for (index, ((path, content), output)) in outputs.iter().zip(&parsed).enumerate() {
        let compared = (outputs.len() > 1 && index != base).then(|| (outputs[base].0, &parsed[base]));
        let analysis = bench::analysis(output, compared);
        report.analyses.push(report::Analysis { path: path.to_string(), kind: "bench".to_string(), data: serde_json::to_value(&analysis).unwrap_or_default() });
        let lines = LineIndex::new(content);
        run.malformed(path, content, &lines, &output.malformed, output.malformed_lines, "benchmark");
        let cx = rules::runtime::ArtifactContext::new(path, content, &lines, &analysis, run.settings).with_workspace(&[], &[], go_files);
        run.findings.extend(cx.check(rules::BENCH_RULES));
    }
}

/// The file's language version (DESIGN "Go versions"): the option wins, then
/// a `//go:build` version, then the governing go.mod, then the config default.
fn file_version(file: &SourceFile, settings: &Settings, modules: &Modules) -> Option<(goversion::GoVersion, VersionSource)> {
    if let Some(version) = settings.go_version {
        return Some((version, VersionSource::Option));
    }
    if let Some(version) = file.build_constraint_version() {
        return Some((version, VersionSource::BuildConstraint));
    }
    if let Some(version) = modules.governing(file.path).and_then(|module| module.go_version) {
        return Some((version, VersionSource::GoMod));
    }
    settings.default_go_version.map(|version| (version, VersionSource::Config))
}

/// The main module of a file (`Modules::main_module`: the go.work joining
/// its module, else its governing go.mod), with the option or config default
/// standing in for a missing go line, and the `//go:debug` settings of its
/// package main files.
fn main_module(path: &str, settings: &Settings, modules: &Modules, go_debug: &SortedMap<Vec<(String, String)>>) -> source::MainModule {
    let main = modules.main_module(path);
    let go_version = match (settings.go_version, main.as_ref().and_then(|main| main.go_version)) {
        (Some(version), _) => Some((version, VersionSource::Option)),
        (None, Some(version)) => Some((version, VersionSource::GoMod)),
        (None, None) => settings.default_go_version.map(|version| (version, VersionSource::Config)),
    };
    let key = main.as_ref().map_or("", |main| main.path.as_str());
    let mut godebug = main.as_ref().map(|main| main.godebug.clone()).unwrap_or_default();
    godebug.extend(go_debug.get(key).into_iter().flatten().cloned());
    source::MainModule { go_version, godebug }
}

/// A Go file after its walk, waiting for the package rules before its
/// `//gotrap:ignore` directives are applied. Its syntax tree is dropped.
struct AnalysedFile<'a> {
    package: Option<PackageKey>,
    unit: PackageFile<'a>,
    ignores: Vec<IgnoreDirective>,
    findings: Vec<Finding>,
}

impl<'a> AnalysedFile<'a> {
    fn new(file: SourceFile<'a>, walked: visit::Walked) -> AnalysedFile<'a> {
        let package = PackageKey::of(&file);
        let SourceFile { path, content, lines, is_test, is_generated, .. } = file;
        let visit::Walked { findings, facts, ignores } = walked;
        AnalysedFile { package, unit: PackageFile { path, content, lines, is_test, is_generated, facts }, ignores, findings }
    }
}

/// Runs every package rule over every package of the analysed files.
fn check_packages(analysed: &mut [AnalysedFile], rules: &[&'static dyn PackageRule], settings: &Settings) {
    if rules.is_empty() {
        return;
    }
    let keys: Vec<Option<PackageKey>> = analysed.iter().map(|file| file.package.clone()).collect();
    let mut findings = Vec::new();
    for members in packages::group(&keys) {
        let files: Vec<&PackageFile> = members.iter().map(|&index| &analysed[index].unit).collect();
        for (index, rule) in rules.iter().enumerate() {
            let mut cx = PackageContext::new(settings, &files, index);
            rule.check(&mut cx);
            findings.extend(cx.findings.into_iter().map(|(file, finding)| (members[file], finding)));
        }
    }
    for (file, finding) in findings {
        analysed[file].findings.push(finding);
    }
}

/// Drops findings silenced by `//gotrap:ignore` and reports directives that
/// silenced nothing (GT001) when every rule they name ran.
fn apply_ignores(file: &mut AnalysedFile, findings: Vec<Finding>, settings: &Settings) -> Vec<Finding> {
    let mut kept: Vec<Finding> = findings
        .into_iter()
        .filter(|finding| {
            // Every matching directive is marked used, so no short-circuit.
            #[allow(clippy::unnecessary_fold)]
            let silenced = file.ignores.iter_mut().fold(false, |silenced, directive| directive.silences(&finding.rule, finding.span.line) || silenced);
            !silenced || finding.rule == reserved::SYNTAX_ERROR.id
        })
        .collect();
    if !settings.is_enabled(&reserved::UNUSED_IGNORE) || file.unit.is_generated {
        return kept;
    }
    let all_rules_ran = rules::registry::all().all(|rule| settings.is_enabled(rule));
    for directive in file.ignores.iter().filter(|d| !d.used) {
        let every_named_rule_ran = if directive.rules.is_empty() {
            all_rules_ran
        } else {
            directive.rules.iter().all(|id| rules::registry::find(id).is_some_and(|rule| settings.is_enabled(rule)))
        };
        if every_named_rule_ran {
            let what = if directive.rules.is_empty() { "any rule".to_string() } else { directive.rules.join(", ") };
            let span = file.unit.lines.span(file.unit.content, directive.start, directive.end);
            let message = format!("unused //gotrap:ignore: no finding of {what} on this line or the next");
            let mut finding = reserved::UNUSED_IGNORE.finding(settings.severity_of(&reserved::UNUSED_IGNORE), file.unit.path, span, message);
            finding.fix = Some(report::Fix {
                applicability: report::Applicability::Safe,
                edits: vec![report::Edit { byte_start: directive.start as u32, byte_end: directive.end as u32, new_text: String::new() }],
            });
            kept.push(finding);
        }
    }
    kept
}

/// Findings and skips collected over one run, outside any Go file's walk.
struct Run<'s> {
    settings: &'s Settings,
    findings: Vec<Finding>,
    skipped: Vec<Skipped>,
}

impl Run<'_> {
    fn skip(&mut self, path: &str, reason: String) {
        self.skipped.push(Skipped { path: path.to_string(), reason });
    }

    fn over_limit(&mut self, path: &str, content: &[u8], message: String) {
        self.push(path, content, &LineIndex::new(&[]), &reserved::OVER_LIMIT, 0..0, message.clone());
        self.skip(path, message);
    }

    /// A GT003 per reported malformed line of a text artifact, and one for
    /// the `total` beyond them (`what` names the kind of line).
    #[cfg(feature = "artifacts")]
    fn malformed(&mut self, path: &str, content: &[u8], lines: &LineIndex, reported: &[textlog::Malformed], total: u64, what: &str) {
        for malformed in reported {
            self.push(path, content, lines, &reserved::MALFORMED, malformed.start..malformed.end, malformed.message.clone());
        }
        let unreported = total - reported.len() as u64;
        if unreported > 0 {
            self.push(path, content, lines, &reserved::MALFORMED, 0..0, format!("{unreported} more malformed {what} lines not reported"));
        }
    }

    fn push(&mut self, path: &str, content: &[u8], lines: &LineIndex, rule: &'static RuleMeta, range: std::ops::Range<usize>, message: String) {
        let span = lines.span(content, range.start, range.end);
        self.findings.push(rule.finding(self.settings.severity_of(rule), path, span, message));
    }
}
