//! The txtar archive format (golang.org/x/tools/txtar): a comment, then
//! files introduced by `-- name --` lines. Fixtures and the playground's
//! multi-file import use it.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Archive {
    pub comment: String,
    pub files: Vec<(String, Vec<u8>)>,
}

/// Parses an archive exactly as Go's `txtar.Parse` does (bytes, not text):
/// a marker is a whole line `-- NAME --` with a non-empty trimmed name; the
/// last section gets a final newline if it lacks one.
pub fn parse(data: &[u8]) -> Archive {
    let (comment, mut marker) = next_section(data);
    let mut files = Vec::new();
    while let Some((name, rest)) = marker {
        let (content, next) = next_section(rest);
        files.push((name, content));
        marker = next;
    }
    Archive { comment: String::from_utf8_lossy(&comment).into_owned(), files }
}

/// The data up to the next marker, and that marker's name and what follows it.
fn next_section(data: &[u8]) -> (Vec<u8>, Option<(String, &[u8])>) {
    let mut line_start = 0;
    loop {
        if let Some((name, after)) = marker_at(&data[line_start..]) {
            return (data[..line_start].to_vec(), Some((name, after)));
        }
        match data[line_start..].iter().position(|&b| b == b'\n') {
            Some(newline) => line_start += newline + 1,
            None => {
                let mut last = data.to_vec();
                if last.last().is_some_and(|&b| b != b'\n') {
                    last.push(b'\n');
                }
                return (last, None);
            }
        }
    }
}

fn marker_at(data: &[u8]) -> Option<(String, &[u8])> {
    if !data.starts_with(b"-- ") {
        return None;
    }
    let (line, after) = match data.iter().position(|&b| b == b'\n') {
        Some(newline) => (&data[..newline], &data[newline + 1..]),
        None => (data, &data[data.len()..]),
    };
    if line.len() < 6 || !line.ends_with(b" --") {
        return None;
    }
    let name = String::from_utf8_lossy(&line[3..line.len() - 3]).trim().to_string();
    (!name.is_empty()).then_some((name, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_comment_and_files() {
        let archive = parse(b"a comment\n-- go.mod --\nmodule m\n-- a/b.go --\npackage b\n-- empty --\n-- crlf --\r\n-- last --\nno newline");
        assert_eq!(archive.comment, "a comment\n");
        assert_eq!(
            archive.files,
            vec![
                ("go.mod".to_string(), b"module m\n".to_vec()),
                ("a/b.go".to_string(), b"package b\n".to_vec()),
                ("empty".to_string(), b"-- crlf --\r\n".to_vec()),
                ("last".to_string(), b"no newline\n".to_vec())
            ]
        );
    }
}
