//! Byte offsets to the line/column coordinates of Contract v1.

use crate::report::Span;

/// Start offsets of every line of one file.
pub struct LineIndex {
    line_starts: Vec<u32>,
}

impl LineIndex {
    pub fn new(content: &[u8]) -> LineIndex {
        let mut line_starts = vec![0];
        for (offset, byte) in content.iter().enumerate() {
            if *byte == b'\n' {
                line_starts.push(offset as u32 + 1);
            }
        }
        LineIndex { line_starts }
    }

    /// 0-based line holding `offset`.
    fn line_of(&self, offset: u32) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: u32) -> u32 {
        self.line_of(offset) as u32 + 1
    }

    pub fn line_start(&self, line: u32) -> Option<u32> {
        self.line_starts.get(line.checked_sub(1)? as usize).copied()
    }

    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }

    /// The span of `start..end`, clamped to the file and to char boundaries
    /// so a surface can slice the text with it.
    pub fn span(&self, content: &[u8], start: usize, end: usize) -> Span {
        let start = char_boundary(content, start.min(content.len()));
        let end = char_boundary(content, end.clamp(start, content.len()));
        let (line, column, column_utf16) = self.coordinates(content, start as u32);
        let (end_line, end_column, end_column_utf16) = self.coordinates(content, end as u32);
        Span { byte_start: start as u32, byte_end: end as u32, line, column, end_line, end_column, column_utf16, end_column_utf16 }
    }

    fn coordinates(&self, content: &[u8], offset: u32) -> (u32, u32, u32) {
        let line = self.line_of(offset);
        let line_start = self.line_starts[line];
        let prefix = &content[line_start as usize..offset as usize];
        (line as u32 + 1, offset - line_start + 1, utf16_len(prefix) + 1)
    }
}

/// Moves `offset` back to the start of the valid UTF-8 sequence it falls
/// inside, if any. Invalid bytes are units of their own.
fn char_boundary(content: &[u8], offset: usize) -> usize {
    for back in 1..=3 {
        let Some(lead_at) = offset.checked_sub(back) else { break };
        let lead = content[lead_at];
        if is_continuation(lead) {
            continue;
        }
        let len = match lead {
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF7 => 4,
            _ => 1,
        };
        let inside = len > back && lead_at + len <= content.len();
        if inside && std::str::from_utf8(&content[lead_at..lead_at + len]).is_ok() {
            return lead_at;
        }
        break;
    }
    offset
}

fn is_continuation(byte: u8) -> bool {
    byte & 0xC0 == 0x80
}

/// UTF-16 length of bytes, counting each invalid byte as one U+FFFD unit.
fn utf16_len(bytes: &[u8]) -> u32 {
    let mut units = 0u32;
    for chunk in bytes.utf8_chunks() {
        units += chunk.valid().chars().map(|c| c.len_utf16() as u32).sum::<u32>();
        units += chunk.invalid().len() as u32;
    }
    units
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_columns_agree() {
        let text = b"package a\n\nfunc f() {}\n";
        let index = LineIndex::new(text);
        let span = index.span(text, 11, 15);
        assert_eq!((span.line, span.column, span.end_line, span.end_column), (3, 1, 3, 5));
        assert_eq!((span.column_utf16, span.end_column_utf16), (1, 5));
    }

    #[test]
    fn utf16_counts_astral_chars_twice() {
        let text = "x := \"😀é\" + y".as_bytes();
        let index = LineIndex::new(text);
        let y = text.len() - 1;
        let span = index.span(text, y, y + 1);
        assert_eq!(span.column, 17);
        assert_eq!(span.column_utf16, 14);
    }

    #[test]
    fn crlf_lines() {
        let text = b"a\r\nbc\r\nd";
        let index = LineIndex::new(text);
        let span = index.span(text, 7, 8);
        assert_eq!((span.line, span.column), (3, 1));
    }

    #[test]
    fn offsets_inside_a_char_move_to_its_start() {
        let text = "é!".as_bytes();
        let index = LineIndex::new(text);
        let span = index.span(text, 1, 2);
        assert_eq!((span.byte_start, span.byte_end), (0, 2));
    }
}
