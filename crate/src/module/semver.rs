//! Module versions and module-path majors, as golang.org/x/mod/semver and
//! golang.org/x/mod/module define them.

struct Parsed<'a> {
    major: &'a str,
    short: &'static str,
    build: &'a str,
}

fn parse(v: &str) -> Option<Parsed<'_>> {
    let rest = v.strip_prefix('v')?;
    let (major, rest) = parse_int(rest)?;
    if rest.is_empty() {
        return Some(Parsed { major, short: ".0.0", build: "" });
    }
    let (_, rest) = parse_int(rest.strip_prefix('.')?)?;
    if rest.is_empty() {
        return Some(Parsed { major, short: ".0", build: "" });
    }
    let (_, mut rest) = parse_int(rest.strip_prefix('.')?)?;
    if let Some(pre) = rest.strip_prefix('-') {
        let end = pre.find('+').unwrap_or(pre.len());
        if !identifiers_ok(&pre[..end], true) {
            return None;
        }
        rest = &pre[end..];
    }
    let mut build = "";
    if let Some(meta) = rest.strip_prefix('+') {
        if !identifiers_ok(meta, false) {
            return None;
        }
        build = rest;
        rest = "";
    }
    rest.is_empty().then_some(Parsed { major, short: "", build })
}

fn parse_int(v: &str) -> Option<(&str, &str)> {
    let digits = v.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || (v.starts_with('0') && digits != 1) {
        return None;
    }
    Some((&v[..digits], &v[digits..]))
}

/// Dot-separated non-empty identifiers of `[0-9A-Za-z-]`; numeric
/// pre-release identifiers without leading zeros.
fn identifiers_ok(text: &str, prerelease: bool) -> bool {
    text.split('.').all(|part| {
        !part.is_empty()
            && part.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !(prerelease && part.len() > 1 && part.starts_with('0') && part.bytes().all(|b| b.is_ascii_digit()))
    })
}

pub fn is_valid(v: &str) -> bool {
    parse(v).is_some()
}

/// `semver.Canonical`: `v1.2` → `v1.2.0`, build metadata dropped; "" if invalid.
pub fn canonical(v: &str) -> String {
    match parse(v) {
        None => String::new(),
        Some(p) if !p.build.is_empty() => v[..v.len() - p.build.len()].to_string(),
        Some(p) => format!("{v}{}", p.short),
    }
}

/// `module.CanonicalVersion`: like [`canonical`] but keeps `+incompatible`.
pub fn canonical_module_version(v: &str) -> String {
    let mut cv = canonical(v);
    if build(v) == "+incompatible" {
        cv.push_str("+incompatible");
    }
    cv
}

/// The major version (`v2`), or "" if invalid.
pub fn major(v: &str) -> String {
    parse(v).map_or(String::new(), |p| format!("v{}", p.major))
}

/// The build suffix (`+incompatible`), or "".
pub fn build(v: &str) -> &str {
    parse(v).map_or("", |p| p.build)
}

/// `module.SplitPathVersion`: (prefix, path major such as `/v2` or `.v1`, ok).
pub fn split_path_version(path: &str) -> (&str, &str, bool) {
    if path.starts_with("gopkg.in/") {
        return split_gopkg_in(path);
    }
    let bytes = path.as_bytes();
    let mut i = path.len();
    let mut dot = false;
    while i > 0 && (bytes[i - 1].is_ascii_digit() || bytes[i - 1] == b'.') {
        dot |= bytes[i - 1] == b'.';
        i -= 1;
    }
    if i <= 1 || i == path.len() || bytes[i - 1] != b'v' || bytes[i - 2] != b'/' {
        return (path, "", true);
    }
    let (prefix, path_major) = (&path[..i - 2], &path[i - 2..]);
    if dot || path_major.len() <= 2 || path_major.as_bytes()[2] == b'0' || path_major == "/v1" {
        return (path, "", false);
    }
    (prefix, path_major, true)
}

fn split_gopkg_in(path: &str) -> (&str, &str, bool) {
    let bytes = path.as_bytes();
    let mut i = path.len();
    if path.ends_with("-unstable") {
        i -= "-unstable".len();
    }
    while i > 0 && bytes[i - 1].is_ascii_digit() {
        i -= 1;
    }
    if i <= 1 || bytes[i - 1] != b'v' || bytes[i - 2] != b'.' {
        return (path, "", false);
    }
    let (prefix, path_major) = (&path[..i - 2], &path[i - 2..]);
    if path_major.len() <= 2 || (path_major.as_bytes()[2] == b'0' && path_major != ".v0") {
        return (path, "", false);
    }
    (prefix, path_major, true)
}

/// `module.CheckPathMajor`: the error text when `v` does not fit the path's
/// major suffix.
pub fn check_path_major(v: &str, path_major: &str) -> Result<(), String> {
    let mut path_major = path_major;
    if path_major.starts_with(".v") && path_major.ends_with("-unstable") {
        path_major = &path_major[..path_major.len() - "-unstable".len()];
    }
    if v.starts_with("v0.0.0-") && path_major == ".v1" {
        return Ok(());
    }
    let m = major(v);
    let want = if path_major.is_empty() {
        if m == "v0" || m == "v1" || build(v) == "+incompatible" {
            return Ok(());
        }
        "v0 or v1"
    } else {
        let suffix = &path_major[1..];
        if m == suffix {
            return Ok(());
        }
        suffix
    };
    Err(format!("version {v:?} invalid: should be {want}, not {m}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_forms() {
        assert_eq!(canonical("v1.2"), "v1.2.0");
        assert_eq!(canonical("v1"), "v1.0.0");
        assert_eq!(canonical("v1.2.3-pre+meta"), "v1.2.3-pre");
        assert_eq!(canonical_module_version("v2.0.0+incompatible"), "v2.0.0+incompatible");
        assert_eq!(canonical("1.2.3"), "");
        assert_eq!(canonical("v1.2-pre"), "");
        assert_eq!(canonical("v01.2.3"), "");
        assert_eq!(canonical("master"), "");
    }

    #[test]
    fn path_majors() {
        assert_eq!(split_path_version("example.com/m/v2"), ("example.com/m", "/v2", true));
        assert_eq!(split_path_version("example.com/m"), ("example.com/m", "", true));
        assert_eq!(split_path_version("example.com/m/v1"), ("example.com/m/v1", "", false));
        assert_eq!(split_path_version("gopkg.in/yaml.v3"), ("gopkg.in/yaml", ".v3", true));
        assert!(check_path_major("v2.0.0", "").is_err());
        assert!(check_path_major("v2.0.0+incompatible", "").is_ok());
        assert_eq!(check_path_major("v1.0.0", "/v2"), Err("version \"v1.0.0\" invalid: should be v2, not v1".to_string()));
    }
}
