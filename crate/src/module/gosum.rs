//! go.sum: one `module version[/go.mod] hash` line per checksum, as the go
//! command reads it (modfetch's `readGoSum`): three fields, blank lines
//! allowed, anything else is malformed.

use super::gomod::ParseError;
use crate::sorted_map::SortedSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SumLine {
    pub path: String,
    /// The version without `/go.mod`.
    pub version: String,
    /// Whether this is the `/go.mod` hash (not the module zip's).
    pub go_mod: bool,
    pub hash: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoSum {
    pub lines: Vec<SumLine>,
    pub errors: Vec<ParseError>,
    /// `path version` and `path version/go.mod` of every line, as go.sum
    /// writes them, and the paths with a zip hash: a go.mod of many
    /// requirements asks once per requirement.
    checksums: SortedSet,
    zipped: SortedSet,
}

impl GoSum {
    /// Whether the file has the zip hash (`go_mod == false`) or the go.mod
    /// hash of `path@version`.
    pub fn has(&self, path: &str, version: &str, go_mod: bool) -> bool {
        self.checksums.contains(&format!("{path} {version}{}", if go_mod { "/go.mod" } else { "" }))
    }

    /// Whether the file has any zip hash for a version of `path`.
    pub fn has_any_zip(&self, path: &str) -> bool {
        self.zipped.contains(path)
    }
}

pub fn parse(content: &[u8]) -> GoSum {
    let mut sum = GoSum::default();
    let mut checksums = Vec::new();
    let mut zipped = Vec::new();
    let mut offset = 0;
    for raw in content.split_inclusive(|&b| b == b'\n') {
        let start = offset;
        offset += raw.len();
        let text = String::from_utf8_lossy(raw);
        let fields: Vec<&str> = text.split_whitespace().collect();
        let end = start + text.trim_end().len();
        match fields.as_slice() {
            [] => {}
            [path, version, hash] => {
                checksums.push(format!("{path} {version}"));
                let (version, go_mod) = match version.strip_suffix("/go.mod") {
                    Some(version) => (version, true),
                    None => (*version, false),
                };
                if !go_mod {
                    zipped.push(path.to_string());
                }
                sum.lines.push(SumLine { path: path.to_string(), version: version.to_string(), go_mod, hash: hash.to_string(), start, end });
            }
            _ => {
                let message = format!("malformed go.sum: wrong number of fields {}", fields.len());
                sum.errors.push(ParseError { start, end, message });
            }
        }
    }
    sum.checksums = SortedSet::from_unsorted(checksums);
    sum.zipped = SortedSet::from_unsorted(zipped);
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_hash_lines() {
        let sum = parse(b"golang.org/x/text v0.3.0 h1:g61tztE5qeGQ89tm6NTjjM9VPIm088od1l6aSorWRWg=\ngolang.org/x/text v0.3.0/go.mod h1:NqM8EUOU14njkJ3fqMW+pc6Ldnwhi/IjpwHt7yyuwOQ=\n\nbad line\n");
        assert!(sum.has("golang.org/x/text", "v0.3.0", true));
        assert!(sum.has("golang.org/x/text", "v0.3.0", false));
        assert_eq!(sum.errors.len(), 1);
        assert_eq!(sum.errors[0].message, "malformed go.sum: wrong number of fields 2");
        assert_eq!(sum.errors[0].start, 154);
    }
}
