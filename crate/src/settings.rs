//! Options and config merged into what one run does.

use crate::config::Config;
use crate::goversion::GoVersion;
use crate::limits::Limits;
use crate::report::{Options, Severity};
use crate::rules::registry::{self, selector_matches};
use crate::rules::{Family, RuleMeta};

#[derive(Debug, Clone, Default)]
pub struct Settings {
    enabled: Vec<&'static str>,
    severity: Vec<(&'static str, Severity)>,
    options: Vec<((&'static str, &'static str), serde_json::Value)>,
    pub limits: Limits,
    pub go_version: Option<GoVersion>,
    pub default_go_version: Option<GoVersion>,
    pub no_tests: bool,
    pub exclude: Vec<String>,
}

impl Settings {
    /// Command-line options win over the config file; `select` narrows
    /// source rules only, reserved ids stay on unless ignored.
    pub fn new(options: &Options, config: Config) -> Result<Settings, String> {
        let select = if options.select.is_empty() { &config.select } else { &options.select };
        let ignore: Vec<&String> = config.ignore.iter().chain(&options.ignore).collect();
        for selector in select.iter().chain(ignore.iter().copied()) {
            if !registry::selector_matches_any(selector) {
                return Err(format!("unknown rule selector \"{selector}\": not a rule id, id prefix or name"));
            }
        }
        let enabled = registry::all()
            .filter(|rule| rule.family == Family::Core || select.is_empty() || select.iter().any(|s| selector_matches(s, rule)))
            .filter(|rule| !ignore.iter().any(|s| selector_matches(s, rule)))
            .map(|rule| rule.id)
            .collect();
        let go_version = match &options.go_version {
            Some(text) => Some(GoVersion::parse(text).ok_or_else(|| format!("invalid Go version \"{text}\" (want e.g. 1.22)"))?),
            None => None,
        };
        let mut limits = Limits::default().with(&config.limits)?;
        if let Some(overrides) = &options.limits {
            limits = limits.with(overrides)?;
        }
        Ok(Settings {
            enabled,
            severity: config.severity,
            options: config.options,
            limits,
            go_version,
            default_go_version: config.default_go_version,
            no_tests: options.no_tests,
            exclude: config.exclude,
        })
    }

    pub fn is_enabled(&self, rule: &RuleMeta) -> bool {
        self.enabled.contains(&rule.id)
    }

    pub fn severity_of(&self, rule: &RuleMeta) -> Severity {
        self.configured_severity(rule).unwrap_or(rule.severity)
    }

    /// The severity gotrap.toml sets for the rule, if any.
    pub fn configured_severity(&self, rule: &RuleMeta) -> Option<Severity> {
        self.severity.iter().find(|(id, _)| *id == rule.id).map(|(_, severity)| *severity)
    }

    /// A rule option's value: configured, else its documented default.
    pub fn option(&self, rule: &RuleMeta, name: &str) -> serde_json::Value {
        let option = rule.options.iter().find(|option| option.name == name);
        match self.options.iter().find(|((id, option_name), _)| *id == rule.id && *option_name == name) {
            Some((_, value)) => value.clone(),
            None => option.map(|option| option.default()).unwrap_or_default(),
        }
    }

    pub fn enabled_rules(&self) -> &[&'static str] {
        &self.enabled
    }
}
