//! Package rules through the whole pipeline: findings across files of one
//! package, their fixes applied, and `//gotrap:ignore` on them.

use gotrap::report::{Finding, Options, Report};

fn analyze(files: &[(&str, &str)], select: &str) -> Report {
    let options = Options { select: vec![select.to_string()], ..Options::default() };
    gotrap::analyze(files.iter().map(|(path, code)| (*path, code.as_bytes())), &options)
}

/// The file's text with the finding's fix applied.
fn fixed(code: &str, finding: &Finding) -> String {
    let mut edits = finding.fix.as_ref().expect("a fix").edits.clone();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.byte_start));
    let mut text = code.to_string();
    for edit in edits {
        text.replace_range(edit.byte_start as usize..edit.byte_end as usize, &edit.new_text);
    }
    text
}

const STORE: &str = "package store\n\nimport \"sync\"\n\ntype Store struct {\n\tmu sync.Mutex\n\tm  map[string]int\n}\n\n\
func (s *Store) Get(k string) int {\n\ts.mu.Lock()\n\tdefer s.mu.Unlock()\n\treturn s.m[k]\n}\n\n\
func (s *Store) Set(k string, v int) {\n\ts.mu.Lock()\n\ts.m[k] = v\n\ts.mu.Unlock()\n}\n";

#[test]
fn gt208_fix_turns_readers_to_rlock() {
    let report = analyze(&[("store/store.go", STORE)], "GT208");
    assert_eq!(report.findings.len(), 1);
    let finding = &report.findings[0];
    assert_eq!((finding.span.line, finding.span.column), (6, 10));
    assert_eq!(
        finding.related.iter().map(|r| (r.path.as_str(), r.span.line, r.message.as_str())).collect::<Vec<_>>(),
        [("store/store.go", 10, "Get only reads")]
    );
    assert_eq!(finding.fix.as_ref().unwrap().applicability, gotrap::report::Applicability::Unsafe);
    let after = fixed(STORE, finding);
    assert!(after.contains("\tmu sync.RWMutex\n"));
    assert!(after.contains("func (s *Store) Get(k string) int {\n\ts.mu.RLock()\n\tdefer s.mu.RUnlock()\n"));
    assert!(after.contains("\ts.mu.Lock()\n\ts.m[k] = v\n\ts.mu.Unlock()\n"), "the writer keeps Lock");
}

#[test]
fn gt208_offers_no_fix_when_a_reader_is_in_another_file() {
    let (head, get) = STORE.split_at(STORE.find("func (s *Store) Get").unwrap());
    let report = analyze(&[("store/a.go", head), ("store/b.go", &format!("package store\n\n{get}"))], "GT208");
    assert_eq!(report.findings.len(), 1);
    assert_eq!(report.findings[0].path, "store/a.go");
    assert_eq!(report.findings[0].related[0].path, "store/b.go");
    assert!(report.findings[0].fix.is_none());
}

#[test]
fn gt210_fix_pads_between_counters_and_variants_are_related() {
    let code = "package p\n\nimport \"sync/atomic\"\n\ntype S struct {\n\ta atomic.Int64\n\tb atomic.Int32 // second\n\tc atomic.Uint64\n}\n";
    let report = analyze(&[("p/s_linux.go", code), ("p/s_windows.go", code)], "GT210");
    assert_eq!(report.findings.len(), 1);
    let finding = &report.findings[0];
    assert_eq!((finding.path.as_str(), finding.span.line, finding.span.end_line), ("p/s_linux.go", 6, 8));
    assert_eq!(finding.related.iter().map(|r| (r.path.as_str(), r.span.line)).collect::<Vec<_>>(), [("p/s_windows.go", 6)]);
    assert_eq!(
        fixed(code, finding),
        "package p\n\nimport \"sync/atomic\"\n\ntype S struct {\n\ta atomic.Int64\n\t_ [56]byte // keeps the next counter off this cache line\n\t\
b atomic.Int32 // second\n\t_ [60]byte // keeps the next counter off this cache line\n\tc atomic.Uint64\n}\n"
    );
}

#[test]
fn package_findings_obey_ignore_directives() {
    let declared = "package c\n\nvar seen = map[string]bool{}\n";
    let written = "package c\n\nfunc mark(k string) {\n\t//gotrap:ignore GT103 bounded by the caller\n\tseen[k] = true\n}\n";
    let report = analyze(&[("c/a.go", declared), ("c/b.go", written)], "GT103");
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let unused = "package c\n\nfunc mark(k string) {\n\t//gotrap:ignore GT103\n\tdelete(seen, k)\n}\n";
    let report = analyze(&[("c/a.go", declared), ("c/b.go", unused)], "GT103");
    assert_eq!(report.findings.iter().map(|f| (f.rule.as_str(), f.span.line)).collect::<Vec<_>>(), [("GT001", 4)]);
}

#[test]
fn directories_are_packages() {
    let declared = "package c\n\nvar seen = map[string]bool{}\n\nfunc mark(k string) { seen[k] = true }\n";
    let other = "package c\n\nvar seen = map[string]bool{}\n\nfunc unmark(k string) { delete(seen, k) }\n";
    let report = analyze(&[("a/c.go", declared), ("b/c.go", other)], "GT103");
    assert_eq!(report.findings.iter().map(|f| (f.path.as_str(), f.span.line)).collect::<Vec<_>>(), [("a/c.go", 5)]);
    let report = analyze(&[("a/c.go", declared), ("a/d.go", other.replace("var seen = map[string]bool{}\n", "").as_str())], "GT103");
    assert!(report.findings.is_empty());
}
