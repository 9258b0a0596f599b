//! Corpus tests of gotrap's copy of tree-sitter-go (`crate/grammar`), in
//! tree-sitter's corpus format: `===` title `===`, the code, `---`, and the
//! expected S-expression (compared with whitespace collapsed).

use std::path::Path;

fn cases(text: &str) -> Vec<(String, String, String)> {
    let lines: Vec<&str> = text.lines().collect();
    let is_rule = |line: &str| line.len() >= 3 && line.bytes().all(|b| b == b'=');
    let header_at = |i: usize| i + 2 < lines.len() && is_rule(lines[i]) && is_rule(lines[i + 2]);
    let mut cases = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if !header_at(i) {
            i += 1;
            continue;
        }
        let title = lines[i + 1].trim().to_string();
        let body_start = i + 3;
        let separator = (body_start..lines.len()).find(|&j| lines[j] == "---").unwrap_or_else(|| panic!("case {title:?} has no --- line"));
        let end = (separator..lines.len()).find(|&j| header_at(j)).unwrap_or(lines.len());
        let code = lines[body_start..separator].join("\n").trim().to_string() + "\n";
        let expected = lines[separator + 1..end].join(" ").split_whitespace().collect::<Vec<_>>().join(" ");
        cases.push((title, code, expected));
        i = end;
    }
    cases
}

#[test]
fn go_1_26_constructs_parse_as_recorded() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("grammar/test/corpus");
    let mut parser = gotrap::source::new_parser();
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        for (title, code, expected) in cases(&std::fs::read_to_string(&path).unwrap()) {
            let tree = parser.parse(&code, None).unwrap();
            assert!(!tree.root_node().has_error(), "{title}: parse error");
            assert_eq!(tree.root_node().to_sexp(), expected, "{title}");
            checked += 1;
        }
    }
    assert!(checked >= 4, "only {checked} corpus cases");
}
