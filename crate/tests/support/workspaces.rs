//! Generated workspaces for property tests: Go files assembled from
//! statements that trip rules, arbitrary strings and comments, LF or CRLF,
//! with or without a go.mod. Shared by the native property tests
//! (crate/tests/properties.rs) and the generator of the workspaces the wasm
//! build is compared on (crate/examples/property_workspaces.rs).

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
pub fn go_file() -> impl Strategy<Value = Vec<u8>> {
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

pub fn go_mod() -> impl Strategy<Value = Option<&'static str>> {
    prop::sample::select(vec![None, Some("module m\n\ngo 1.21\n"), Some("module m\n\ngo 1.23\n")])
}

/// The workspace of one case: two Go files in two packages, and the go.mod.
pub fn files<'a>(main: &'a [u8], other: &'a [u8], go_mod: Option<&'static str>) -> Vec<(&'static str, &'a [u8])> {
    let mut files: Vec<(&str, &[u8])> = vec![("main.go", main), ("pkg/other.go", other)];
    files.extend(go_mod.map(|text| ("go.mod", text.as_bytes())));
    files
}
