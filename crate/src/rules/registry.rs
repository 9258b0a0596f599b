//! Lookup over every rule: reserved ids and source rules.

use super::{reserved, ExampleKind, RuleMeta, PACKAGE_RULES, SOURCE_RULES, WORKSPACE_RULES};
#[cfg(feature = "artifacts")]
use super::{BENCH_RULES, DUMP_RULES, ESCAPE_RULES, GCTRACE_RULES, PROFILE_RULES};
use crate::report::{RuleExample, RuleInfo, RuleOptionInfo};

/// Every rule, in id order (source and package rules interleave).
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    let mut rules: Vec<&'static RuleMeta> = reserved::ALL
        .iter()
        .copied()
        .chain(SOURCE_RULES.iter().map(|rule| rule.meta()))
        .chain(PACKAGE_RULES.iter().map(|rule| rule.meta()))
        .chain(WORKSPACE_RULES.iter().map(|rule| rule.meta()))
        .collect();
    #[cfg(feature = "artifacts")]
    rules.extend(
        PROFILE_RULES
            .iter()
            .map(|rule| rule.meta)
            .chain(GCTRACE_RULES.iter().map(|rule| rule.meta))
            // GT601 reads profiles and dumps: list each rule once.
            .chain(DUMP_RULES.iter().map(|rule| rule.meta).filter(|meta| !PROFILE_RULES.iter().any(|rule| std::ptr::eq(rule.meta, *meta))))
            .chain(ESCAPE_RULES.iter().map(|rule| rule.meta))
            .chain(BENCH_RULES.iter().map(|rule| rule.meta)),
    );
    crate::order::sort_stable_by(&mut rules, |a, b| a.id.cmp(b.id));
    rules.into_iter()
}

/// The rule with this id (`GT101`) or name (`loopvar-capture`).
pub fn find(key: &str) -> Option<&'static RuleMeta> {
    all().find(|rule| rule.id.eq_ignore_ascii_case(key) || rule.name == key)
}

/// Whether a selector (id, id prefix such as `GT2`, or name) picks this rule.
pub fn selector_matches(selector: &str, rule: &RuleMeta) -> bool {
    let upper = selector.to_ascii_uppercase();
    rule.name == selector || (upper.starts_with("GT") && rule.id.starts_with(&upper))
}

pub fn selector_matches_any(selector: &str) -> bool {
    all().any(|rule| selector_matches(selector, rule))
}

pub fn info(rule: &RuleMeta) -> RuleInfo {
    RuleInfo {
        id: rule.id.to_string(),
        name: rule.name.to_string(),
        slug: rule.name.to_string(),
        family: rule.family.as_str().to_string(),
        severity: rule.severity,
        summary: rule.summary.to_string(),
        versions: rule.versions.to_string(),
        options: rule
            .options
            .iter()
            .map(|option| RuleOptionInfo { name: option.name.to_string(), default: option.default(), description: option.description.to_string() })
            .collect(),
        docs: rule.docs.trim().to_string(),
        examples: rule
            .examples
            .iter()
            .map(|example| RuleExample {
                kind: match example.kind {
                    ExampleKind::Bad => "bad",
                    ExampleKind::Good => "good",
                }
                .to_string(),
                go_version: example.go_version.to_string(),
                code: example.code.trim_start_matches('\n').to_string(),
            })
            .collect(),
    }
}

pub fn infos() -> Vec<RuleInfo> {
    all().map(info).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_are_unique_and_well_formed() {
        let rules: Vec<_> = all().collect();
        for (i, rule) in rules.iter().enumerate() {
            assert!(rule.id.len() == 5 && rule.id.starts_with("GT"), "{}", rule.id);
            assert!(rule.name.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'), "{}", rule.name);
            for other in &rules[i + 1..] {
                assert_ne!(rule.id, other.id);
                assert_ne!(rule.name, other.name);
            }
        }
    }

    #[test]
    fn every_rule_documents_bad_and_good_examples() {
        for rule in all().filter(|rule| rule.family != super::super::Family::Core) {
            for section in ["## What it does", "## Why is this a trap?", "## What it cannot see", "## Overlap"] {
                assert!(rule.docs.contains(section), "{} docs lack {section}", rule.id);
            }
            assert!(rule.examples.iter().any(|e| e.kind == ExampleKind::Bad), "{} has no bad example", rule.id);
            assert!(rule.examples.iter().any(|e| e.kind == ExampleKind::Good), "{} has no good example", rule.id);
        }
    }

    #[test]
    fn selectors() {
        let rule = find("GT101").unwrap();
        assert!(selector_matches("GT1", rule));
        assert!(selector_matches("gt101", rule));
        assert!(selector_matches("loopvar-capture", rule));
        assert!(!selector_matches("GT2", rule));
        assert!(!selector_matches_any("GT9"));
    }
}
