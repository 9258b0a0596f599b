//! Fixes applied to the source they were computed for give the code the
//! rule's docs recommend.

use gotrap::report::{Applicability, Options};

/// The file `main.go` of a go1.22 module after applying the fix of the
/// single finding of `rule`.
fn fixed(rule: &str, source: &str) -> (String, Applicability) {
    let files = [("go.mod", "module example.com/m\n\ngo 1.22\n".as_bytes()), ("main.go", source.as_bytes())];
    let options = Options { select: vec![rule.to_string()], ..Options::default() };
    let report = gotrap::analyze(files, &options);
    let findings: Vec<_> = report.findings.iter().filter(|f| f.rule == rule).collect();
    assert_eq!(findings.len(), 1, "{findings:?}");
    let fix = findings[0].fix.as_ref().expect("a fix");
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|edit| std::cmp::Reverse(edit.byte_start));
    let mut text = source.to_string();
    for edit in edits {
        text.replace_range(edit.byte_start as usize..edit.byte_end as usize, &edit.new_text);
    }
    (text, fix.applicability)
}

#[test]
fn gt301_hoists_a_map_variable_before_the_loop() {
    let source = "package m\n\nfunc f(ws []string) int {\n\tn := 0\nouter:\n\tfor _, w := range ws {\n\t\tstop := map[string]bool{\"a\": true}\n\t\tif stop[w] {\n\t\t\tcontinue outer\n\t\t}\n\t\tn++\n\t}\n\treturn n\n}\n";
    let (text, applicability) = fixed("GT301", source);
    assert_eq!(
        text,
        "package m\n\nfunc f(ws []string) int {\n\tn := 0\n\tstop := map[string]bool{\"a\": true}\nouter:\n\tfor _, w := range ws {\n\t\tif stop[w] {\n\t\t\tcontinue outer\n\t\t}\n\t\tn++\n\t}\n\treturn n\n}\n"
    );
    assert_eq!(applicability, Applicability::Unsafe);
}

#[test]
fn gt104_resets_the_buffer_after_get() {
    let source = "package m\n\nimport (\n\t\"bytes\"\n\t\"sync\"\n)\n\nvar pool = sync.Pool{New: func() any { return new(bytes.Buffer) }}\n\nfunc f() string {\n\tb := pool.Get().(*bytes.Buffer)\n\tdefer pool.Put(b)\n\tb.WriteString(\"x\")\n\treturn b.String()\n}\n";
    let (text, applicability) = fixed("GT104", source);
    assert_eq!(
        text,
        "package m\n\nimport (\n\t\"bytes\"\n\t\"sync\"\n)\n\nvar pool = sync.Pool{New: func() any { return new(bytes.Buffer) }}\n\nfunc f() string {\n\tb := pool.Get().(*bytes.Buffer)\n\tb.Reset()\n\tdefer pool.Put(b)\n\tb.WriteString(\"x\")\n\treturn b.String()\n}\n"
    );
    assert_eq!(applicability, Applicability::Unsafe);
}
