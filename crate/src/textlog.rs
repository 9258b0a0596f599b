//! Line-oriented text artifacts (gctrace logs, goroutine dumps, escape reports, benchmark
//! outputs): their lines with byte offsets, and the malformed lines a parser
//! reports.

/// Lines with their start offsets, without `\n` or `\r\n`.
pub fn lines(content: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    let mut offset = 0;
    content.split(|b| *b == b'\n').map(move |line| {
        let start = offset;
        offset += line.len() + 1;
        (start, line.strip_suffix(b"\r").unwrap_or(line))
    })
}

/// A line that does not parse: the byte range of the bad part.
#[derive(Debug, Clone, PartialEq)]
pub struct Malformed {
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// A prefix a logging layer writes before every line it passes on, so that
/// a goroutine dump, crash output, gctrace log, escape report or benchmark
/// output pasted from a log still parses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinePrefix {
    /// Go's `log` package: `2026/11/28 10:00:00 ` (`.000000` with `Lmicroseconds`).
    GoLog,
    /// An RFC 3339 timestamp, as `kubectl logs --timestamps` and `docker
    /// logs --timestamps` print: `2026-11-28T10:00:00.123456789Z `.
    Rfc3339,
    /// A container runtime's log file (CRI): `2026-11-28T10:00:00.123456789Z stderr F `.
    Cri,
    /// A syslog-style journal line, as `journalctl` prints: `Nov 28 10:00:00 host app[123]: `.
    Journal,
}

const PREFIXES: [LinePrefix; 4] = [LinePrefix::Cri, LinePrefix::Rfc3339, LinePrefix::GoLog, LinePrefix::Journal];

/// Lines looked at to recognise a prefix: a dump starts with its header or
/// crash line, so a prefix shows in the first lines or not at all.
const MAX_PREFIX_PROBE_LINES: usize = 1_000;

impl LinePrefix {
    /// The length of this prefix at the start of `line`; a line that ends
    /// where the prefix's final space would be (an empty message) counts.
    pub fn len(self, line: &[u8]) -> Option<usize> {
        let end = match self {
            LinePrefix::GoLog => {
                let mut at = shape(line, 0, b"dddd/dd/dd dd:dd:dd")?;
                if line.get(at) == Some(&b'.') {
                    at = digits(line, at + 1)?;
                }
                at
            }
            LinePrefix::Rfc3339 => rfc3339(line)?,
            LinePrefix::Cri => {
                let at = rfc3339(line)?;
                let stream = [&b" stdout "[..], &b" stderr "[..]].into_iter().find(|s| line[at..].starts_with(s))?;
                let at = at + stream.len();
                matches!(line.get(at), Some(b'F' | b'P')).then_some(at + 1)?
            }
            LinePrefix::Journal => {
                let month = line.get(..3)?;
                const MONTHS: [&[u8]; 12] = [b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec"];
                if !MONTHS.contains(&month) {
                    return None;
                }
                // The day is padded with a space to two characters.
                let at = shape(line, 3, b" dd dd:dd:dd ").or_else(|| shape(line, 3, b"  d dd:dd:dd "))?;
                // The host, then the identifier up to `: ` (with an optional `[pid]`).
                let host = line[at..].iter().position(|b| *b == b' ').filter(|n| *n > 0)?;
                let ident = at + host + 1;
                let colon = line[ident..].iter().position(|b| *b == b':' || *b == b' ').filter(|n| *n > 0)?;
                (line.get(ident + colon) == Some(&b':')).then_some(ident + colon + 1)?
            }
        };
        match line.get(end) {
            Some(b' ') => Some(end + 1),
            None => Some(end),
            Some(_) => None,
        }
    }

    /// What the prefix is, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            LinePrefix::GoLog => "Go log timestamps",
            LinePrefix::Rfc3339 => "RFC 3339 timestamps",
            LinePrefix::Cri => "container log prefixes",
            LinePrefix::Journal => "journal prefixes",
        }
    }

    /// The prefix every non-empty line of `content` carries (among the
    /// first `MAX_PREFIX_PROBE_LINES`, at least one), if any.
    pub fn detect(content: &[u8]) -> Option<LinePrefix> {
        let mut probe = lines(content).take(MAX_PREFIX_PROBE_LINES).map(|(_, line)| line).filter(|line| !line.trim_ascii().is_empty());
        let first = probe.next()?;
        let prefix = PREFIXES.into_iter().find(|prefix| prefix.len(first).is_some())?;
        probe.all(|line| prefix.len(line).is_some()).then_some(prefix)
    }
}

/// Lines with their start offsets, without their line terminator and
/// without `prefix` where a line carries it: the start is then the offset
/// of the text after the prefix, so positions still point into `content`.
pub fn lines_after(content: &[u8], prefix: Option<LinePrefix>) -> impl Iterator<Item = (usize, &[u8])> {
    lines(content).map(move |(start, line)| match prefix.and_then(|prefix| prefix.len(line)) {
        Some(skip) => (start + skip, &line[skip..]),
        None => (start, line),
    })
}

/// The lines of a text artifact (gctrace log, escape report, benchmark
/// output) after the log prefix every line carries, if any
/// (`LinePrefix::detect`), with their start offsets in `content`.
pub fn unprefixed_lines(content: &[u8]) -> impl Iterator<Item = (usize, &[u8])> {
    lines_after(content, LinePrefix::detect(content))
}

/// The end of `pattern` matched at `at` of `line`: `d` a digit, anything else itself.
fn shape(line: &[u8], at: usize, pattern: &[u8]) -> Option<usize> {
    let text = line.get(at..at + pattern.len())?;
    text.iter().zip(pattern).all(|(b, p)| if *p == b'd' { b.is_ascii_digit() } else { b == p }).then_some(at + pattern.len())
}

/// The end of one or more digits at `at`.
fn digits(line: &[u8], at: usize) -> Option<usize> {
    let count = line.get(at..)?.iter().take_while(|b| b.is_ascii_digit()).count();
    (count > 0).then_some(at + count)
}

/// The end of an RFC 3339 timestamp at the start of `line`: date, `T`,
/// time, optional fraction, `Z` or a `±hh:mm` offset.
fn rfc3339(line: &[u8]) -> Option<usize> {
    let mut at = shape(line, 0, b"dddd-dd-ddTdd:dd:dd")?;
    if line.get(at) == Some(&b'.') {
        at = digits(line, at + 1)?;
    }
    match line.get(at)? {
        b'Z' => Some(at + 1),
        b'+' | b'-' => shape(line, at + 1, b"dd:dd"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_log_prefixes() {
        let cases: [(&[u8], LinePrefix, usize); 7] = [
            (b"2026/11/28 10:00:00 goroutine 1 [running]:", LinePrefix::GoLog, 20),
            (b"2026/11/28 10:00:00.123456 \tmain.go:3 +0x1", LinePrefix::GoLog, 27),
            (b"2026-11-28T10:00:00.123456789Z goroutine 1 [running]:", LinePrefix::Rfc3339, 31),
            (b"2026-11-28T10:00:00+01:00 x", LinePrefix::Rfc3339, 26),
            (b"2026-11-28T10:00:00.1Z stderr F main.main()", LinePrefix::Cri, 32),
            (b"Nov 28 10:00:00 host app[123]: panic: boom", LinePrefix::Journal, 31),
            (b"Nov  8 10:00:00 host app: ", LinePrefix::Journal, 26),
        ];
        for (line, prefix, len) in cases {
            assert_eq!(prefix.len(line), Some(len), "{}", String::from_utf8_lossy(line));
        }
        // An empty message: the prefix without its last space.
        assert_eq!(LinePrefix::GoLog.len(b"2026/11/28 10:00:00"), Some(19));
        assert_eq!(LinePrefix::GoLog.len(b"2026/11/28 10:00:00main"), None);
        assert_eq!(LinePrefix::Journal.len(b"Now 28 10:00:00 host app: x"), None);
        assert_eq!(LinePrefix::Rfc3339.len(b"2026-11-28T10:00:00 x"), None, "no zone");
        assert_eq!(LinePrefix::Cri.len(b"2026-11-28T10:00:00Z stdin F x"), None);
    }

    #[test]
    fn detects_a_prefix_only_on_every_line() {
        let dump = b"2026/11/28 10:00:00 goroutine 1 [running]:\n2026/11/28 10:00:00 main.main()\n\n2026/11/28 10:00:01 \tmain.go:3 +0x1\n";
        assert_eq!(LinePrefix::detect(dump), Some(LinePrefix::GoLog));
        let stripped: Vec<(usize, &[u8])> = lines_after(dump, Some(LinePrefix::GoLog)).collect();
        assert_eq!(stripped[0], (20, &b"goroutine 1 [running]:"[..]));
        assert_eq!(stripped[3], (96, &b"\tmain.go:3 +0x1"[..]));
        assert_eq!(LinePrefix::detect(b"2026/11/28 10:00:00 goroutine 1 [running]:\nmain.main()\n"), None, "a line without it");
        assert_eq!(LinePrefix::detect(b"goroutine 1 [running]:\n"), None);
        assert_eq!(LinePrefix::detect(b"\n\n"), None);
    }
}
