//! The txtar archive format (golang.org/x/tools/txtar): a comment, then
//! files introduced by `-- name --` lines. Fixtures and the playground's
//! multi-file import use it.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Archive {
    pub comment: String,
    pub files: Vec<(String, Vec<u8>)>,
}

pub fn parse(data: &[u8]) -> Archive {
    let mut archive = Archive { comment: String::new(), files: Vec::new() };
    let mut current: Option<(String, Vec<u8>)> = None;
    let mut comment = Vec::new();
    for line in data.split_inclusive(|&b| b == b'\n') {
        if let Some(name) = file_marker(line) {
            if let Some(file) = current.take() {
                archive.files.push(file);
            }
            current = Some((name, Vec::new()));
            continue;
        }
        match &mut current {
            Some((_, content)) => content.extend_from_slice(line),
            None => comment.extend_from_slice(line),
        }
    }
    archive.files.extend(current);
    archive.comment = String::from_utf8_lossy(&comment).into_owned();
    archive
}

/// `-- name --` (with the trailing newline optional), as txtar reads it.
fn file_marker(line: &[u8]) -> Option<String> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let name = line.strip_prefix(b"-- ")?.strip_suffix(b" --")?;
    let name = std::str::from_utf8(name).ok()?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_comment_and_files() {
        let archive = parse(b"a comment\n-- go.mod --\nmodule m\n-- a/b.go --\npackage b\n-- empty --\n");
        assert_eq!(archive.comment, "a comment\n");
        assert_eq!(
            archive.files,
            vec![("go.mod".to_string(), b"module m\n".to_vec()), ("a/b.go".to_string(), b"package b\n".to_vec()), ("empty".to_string(), vec![])]
        );
    }
}
