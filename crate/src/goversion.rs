//! Go language versions (`1.21`, `go1.22.3`, `1.23rc1`).

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GoVersion {
    pub major: u32,
    pub minor: u32,
}

impl GoVersion {
    pub const fn new(major: u32, minor: u32) -> GoVersion {
        GoVersion { major, minor }
    }

    /// Parses a Go version as go.mod, `//go:build` and `--go-version` write it,
    /// with or without the `go` prefix; patch and pre-release parts are accepted
    /// and do not change the language version.
    pub fn parse(text: &str) -> Option<GoVersion> {
        let text = text.strip_prefix("go").unwrap_or(text);
        let (major, rest) = split_number(text)?;
        let rest = rest.strip_prefix('.')?;
        let (minor, rest) = split_number(rest)?;
        let valid_tail = rest.is_empty()
            || rest.strip_prefix('.').and_then(split_number).is_some_and(|(_, tail)| tail.is_empty())
            || ["rc", "beta"].iter().any(|pre| rest.strip_prefix(pre).and_then(split_number).is_some_and(|(_, tail)| tail.is_empty()));
        (major == 1 && valid_tail).then_some(GoVersion { major, minor })
    }

    pub fn at_least(self, minor: u32) -> bool {
        self >= GoVersion::new(1, minor)
    }
}

fn split_number(text: &str) -> Option<(u32, &str)> {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 6 || (digits > 1 && text.starts_with('0')) {
        return None;
    }
    Some((text[..digits].parse().ok()?, &text[digits..]))
}

impl fmt::Display for GoVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "go{}.{}", self.major, self.minor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_forms_go_writes() {
        assert_eq!(GoVersion::parse("1.21"), Some(GoVersion::new(1, 21)));
        assert_eq!(GoVersion::parse("go1.22.3"), Some(GoVersion::new(1, 22)));
        assert_eq!(GoVersion::parse("1.23rc1"), Some(GoVersion::new(1, 23)));
        assert_eq!(GoVersion::parse("1.21.0"), Some(GoVersion::new(1, 21)));
        assert_eq!(GoVersion::parse("1"), None);
        assert_eq!(GoVersion::parse("1.x"), None);
        assert_eq!(GoVersion::parse("2.0"), None);
        assert_eq!(GoVersion::parse("1.021"), None);
        assert_eq!(GoVersion::parse("1.21-foo"), None);
    }

    #[test]
    fn orders_numerically() {
        assert!(GoVersion::new(1, 9) < GoVersion::new(1, 10));
        assert!(GoVersion::parse("1.22").unwrap().at_least(22));
    }
}
