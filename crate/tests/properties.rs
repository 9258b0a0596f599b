//! Properties every report has, over generated workspaces: each finding's
//! byte range lies inside its file and on char boundaries, with lines and
//! columns that agree with it (UTF-16 and UTF-8 columns equal on ASCII
//! lines); analysing twice, or with the files given in another order, gives
//! the same report.

#[allow(dead_code)]
#[path = "../fuzz/targets.rs"]
mod targets;

use gotrap::position::LineIndex;
use gotrap::report::Options;
use proptest::prelude::*;

/// Statements that trip rules, with non-ASCII text, and odd ones.
const STATEMENTS: &[&str] = &[
    "for i := 0; i < 3; i++ {\n\tptrs = append(ptrs, &i)\n}",
    "for _, v := range xs {\n\tv := v\n\tgo func() { use(v) }()\n}",
    "ch := make(chan int)\nch <- 1",
    "done := make(chan struct{})\ngo func() { <-done }()",
    "ctx, cancel := context.WithCancel(ctx)\n_ = ctx",
    "for i := 0; i < n; i++ {\n\ts += fmt.Sprintf(\"é%d\", i)\n}",
    "resp, err := http.Get(url) // 😀 naïve\n_, _ = resp, err",
    "c := http.Client{}\n_ = c",
    "_ = fmt.Sprintf(\"%d\", len(s))",
    "bg := context.Background()\n_ = bg",
    "//gotrap:ignore GT204 ünïcode reason\n_, _ = http.Get(url)",
    "for {\n\tselect {\n\tcase <-time.After(time.Second):\n\t}\n}",
    "x := `raw\n😀 multi-line`\n_ = x",
    "if x := f(); x > 0 {\n\treturn\n} else {\n\tgo g(x)\n}",
    "var wg sync.WaitGroup\ngo func() { wg.Add(1); defer wg.Done() }()",
    "}{ )( :=",
];

/// A Go file assembled from those statements, strings and comments of
/// arbitrary text, with LF or CRLF line ends.
fn go_file() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        4 => prop::sample::select(STATEMENTS).prop_map(str::to_string),
        1 => "\\PC{0,12}".prop_map(|text| format!("_ = {text:?}")),
        1 => "[^\n\r]{0,12}".prop_map(|text| format!("// {text}")),
    ];
    (prop::collection::vec(piece, 0..12), any::<bool>()).prop_map(|(pieces, crlf)| {
        let body = pieces.join("\n");
        let file = format!(
            "package main\n\nimport (\n\t\"context\"\n\t\"fmt\"\n\t\"net/http\"\n\t\"sync\"\n\t\"time\"\n)\n\nfunc f(ctx context.Context, url string, xs []int, n int) {{\n\tvar ptrs []*int\n\tvar s string\n{body}\n}}\n"
        );
        if crlf { file.replace('\n', "\r\n").into_bytes() } else { file.into_bytes() }
    })
}

fn go_mod() -> impl Strategy<Value = Option<&'static str>> {
    prop::sample::select(vec![None, Some("module m\n\ngo 1.21\n"), Some("module m\n\ngo 1.23\n")])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn finding_spans_are_inside_and_agree(main in go_file(), other in go_file(), go_mod in go_mod()) {
        let mut files: Vec<(&str, &[u8])> = vec![("main.go", &main), ("pkg/other.go", &other)];
        files.extend(go_mod.map(|text| ("go.mod", text.as_bytes())));
        targets::checked_analyze(&files, &Options::default());
    }

    #[test]
    fn analysing_twice_or_reordered_gives_the_same_report(main in go_file(), other in go_file(), go_mod in go_mod()) {
        let mut files: Vec<(&str, &[u8])> = vec![("main.go", &main), ("pkg/other.go", &other)];
        files.extend(go_mod.map(|text| ("go.mod", text.as_bytes())));
        let json = |files: &[(&str, &[u8])]| serde_json::to_string(&gotrap::analyze(files.iter().copied(), &Options::default())).unwrap();
        let first = json(&files);
        prop_assert_eq!(&first, &json(&files));
        files.reverse();
        prop_assert_eq!(&first, &json(&files));
    }

    #[test]
    fn any_span_of_any_bytes_is_inside_and_agrees(content in prop::collection::vec(prop_oneof![Just(b'\n'), Just(b'\r'), any::<u8>(), 0x20u8..0x7f], 0..200), a in any::<usize>(), b in any::<usize>()) {
        let len = content.len() + 4;
        let (start, end) = ((a % len).min(b % len), (a % len).max(b % len));
        let span = LineIndex::new(&content).span(&content, start, end);
        let report_like = gotrap::report::Finding {
            rule: "GT000".into(), name: String::new(), severity: gotrap::report::Severity::Info, message: format!("{start}..{end}"),
            path: "x.go".into(), span, related: Vec::new(), fix: None, slug: String::new(), weight: None,
        };
        let mut report = gotrap::report::Report::new();
        report.findings.push(report_like);
        targets::check_report(&[("x.go", &content)], &report);
    }
}
