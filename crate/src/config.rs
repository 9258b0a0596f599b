//! `gotrap.toml`: rule selection, severities, per-rule options, excludes,
//! the default Go version and limits. A bad file is a run-level error that
//! names the key and its line.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::goversion::GoVersion;
use crate::limits::Limits;
use crate::position::LineIndex;
use crate::report::{LimitsOverride, RunError, Severity};
use crate::rules::registry;

#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
#[schemars(title = "gotrap.toml")]
pub struct ConfigFile {
    /// Rule ids, id prefixes (`GT2`) or names to run; empty = all.
    #[serde(default)]
    pub select: Vec<String>,
    /// Rule ids, id prefixes or names not to run.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Severity per rule id or name.
    #[serde(default)]
    pub severity: BTreeMap<String, Severity>,
    /// Options per rule id: `[rules.GT601] threshold = 50`.
    #[serde(default)]
    pub rules: BTreeMap<String, BTreeMap<String, serde_json::Value>>,
    /// Globs of workspace paths not to analyse (`gen/**`, `**/*.pb.go`).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Go version of files no go.mod governs.
    #[serde(default)]
    pub default_go_version: Option<String>,
    #[serde(default)]
    pub limits: LimitsOverride,
}

/// A validated configuration.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub select: Vec<String>,
    pub ignore: Vec<String>,
    /// Severity by rule id, at most one entry per rule (a list: no more
    /// entries than rules, and one BTreeMap instance less in the wasm).
    pub severity: Vec<(&'static str, Severity)>,
    /// Option values by rule id and option name, at most one entry each.
    pub options: Vec<((&'static str, &'static str), serde_json::Value)>,
    pub exclude: Vec<String>,
    pub default_go_version: Option<GoVersion>,
    pub limits: LimitsOverride,
}

pub fn parse(text: &str, path: &str) -> Result<Config, RunError> {
    let index = LineIndex::new(text.as_bytes());
    let fail = |message: String, offset: Option<usize>| {
        let line = offset.map(|offset| index.line(offset as u32));
        let location = line.map_or(path.to_string(), |line| format!("{path}:{line}"));
        RunError { message: format!("{location}: {message}"), path: Some(path.to_string()), line }
    };
    let file = read(text).map_err(|(message, offset)| fail(message, offset))?;
    let locate = |needle: &str| text.find(needle);
    let mut config = Config { select: file.select, ignore: file.ignore, exclude: file.exclude, limits: file.limits, ..Config::default() };
    for selector in config.select.iter().chain(&config.ignore) {
        if !registry::selector_matches_any(selector) {
            return Err(fail(format!("unknown rule selector \"{selector}\": not a rule id, id prefix or name"), locate(selector)));
        }
    }
    for (key, severity) in file.severity {
        let rule = registry::find(&key).ok_or_else(|| fail(format!("severity: unknown rule \"{key}\""), locate(&key)))?;
        set(&mut config.severity, rule.id, severity);
    }
    for (key, options) in file.rules {
        let rule = registry::find(&key).ok_or_else(|| fail(format!("rules: unknown rule \"{key}\""), locate(&key)))?;
        for (name, value) in options {
            let option = rule.options.iter().find(|option| option.name == name).ok_or_else(|| {
                let known: Vec<&str> = rule.options.iter().map(|option| option.name).collect();
                let known = if known.is_empty() { "it has no options".to_string() } else { format!("expected one of {}", known.join(", ")) };
                fail(format!("rules.{}: unknown option \"{name}\"; {known}", rule.id), locate(&name.to_string()))
            })?;
            if std::mem::discriminant(&value) != std::mem::discriminant(&option.default()) || (option.default().is_u64() && !value.is_u64()) {
                return Err(fail(format!("rules.{}.{name}: expected {}", rule.id, option.kind_name()), locate(&name)));
            }
            set(&mut config.options, (rule.id, option.name), value);
        }
    }
    if let Some(version) = file.default_go_version {
        config.default_go_version = Some(
            GoVersion::parse(&version)
                .ok_or_else(|| fail(format!("default-go-version: invalid Go version \"{version}\" (want e.g. \"1.22\")"), locate("default-go-version")))?,
        );
    }
    Limits::default().with(&config.limits).map_err(|message| fail(message, locate("[limits]")))?;
    Ok(config)
}

/// Sets the value of `key` in a list of at most one entry per key,
/// replacing the one it had (a rule named by its id and its name: the
/// later key wins, as with a map).
fn set<K: PartialEq, V>(entries: &mut Vec<(K, V)>, key: K, value: V) {
    match entries.iter_mut().find(|(existing, _)| *existing == key) {
        Some(entry) => entry.1 = value,
        None => entries.push((key, value)),
    }
}

/// The file's keys, or why it could not be read and the byte offset where.
#[cfg(feature = "config-file")]
fn read(text: &str) -> Result<ConfigFile, (String, Option<usize>)> {
    toml::from_str(text).map_err(|err| (err.message().to_string(), err.span().map(|span| span.start)))
}

#[cfg(not(feature = "config-file"))]
fn read(_text: &str) -> Result<ConfigFile, (String, Option<usize>)> {
    Err((
        "not read: this build of the core has no gotrap.toml support (feature `config-file`); pass select, ignore, goVersion and limits as options".to_string(),
        None,
    ))
}

/// The JSON Schema of `gotrap.toml`.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(ConfigFile)
}
