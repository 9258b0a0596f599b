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
