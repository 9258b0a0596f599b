//! A session that is edited file by file reports what a fresh `analyze` of
//! the same files reports, byte for byte: random edits (inserted and deleted
//! text, syntax errors made and mended, go.mod changes, files removed and
//! added back, work budgets near a file's cost, keeping trees turned off and
//! on) applied through the session, each followed by both analyses.

use gotrap::report::Options;
use proptest::prelude::*;

const MAIN_GO: &str = "package main

import (
\t\"context\"
\t\"fmt\"
\t\"net/http\"
\t\"sync\"
\t\"time\"
)

var cache = map[string]int{}

func f(ctx context.Context, url string, xs []int, n int) {
\tvar ptrs []*int
\tfor i := 0; i < 3; i++ {
\t\tptrs = append(ptrs, &i)
\t}
\tch := make(chan int)
\tch <- 1
\tfor _, v := range xs {
\t\tgo func() { fmt.Println(v) }()
\t}
\tvar s string
\tfor i := 0; i < n; i++ {
\t\ts += fmt.Sprintf(\"é%d\", i)
\t}
\tresp, err := http.Get(url) // 😀 naïve
\t_, _ = resp, err
\t//gotrap:ignore GT204 reason
\t_, _ = http.Get(url)
\tvar wg sync.WaitGroup
\tgo func() { wg.Add(1); defer wg.Done() }()
\tfor {
\t\tselect {
\t\tcase <-time.After(time.Second):
\t\t}
\t}
}
";

const OTHER_GO: &str = "package main

import \"sync\"

type counter struct {
\tmu sync.RWMutex
\tn  map[string]int
}

func (c *counter) get(k string) int {
\tc.mu.Lock()
\tdefer c.mu.Unlock()
\treturn c.n[k]
}

func store(k string) { cache[k]++ }
";

/// Text an edit inserts: code that trips rules, brackets and quotes that
/// break the syntax, comments, directives and non-ASCII text.
const INSERTS: &[&str] = &[
    "",
    "\n",
    "{",
    "}",
    "(",
    "\"",
    "`",
    "// edit\n",
    "/*",
    "x",
    "é😀",
    "\tgo func() { <-done }()\n",
    "\tctx, cancel := context.WithCancel(ctx)\n\t_ = ctx\n",
    "\tc := http.Client{}\n\t_ = c\n",
    "func g() {\n\tfor i := range 3 {\n\t\tgo func() { println(i) }()\n\t}\n}\n",
    "//gotrap:ignore\n",
    "\r\n",
];

const GO_MODS: &[Option<&str>] = &[None, Some("module m\n\ngo 1.21\n"), Some("module m\n\ngo 1.23\n"), Some("module m\nrequir x\n")];

#[derive(Debug, Clone)]
enum Step {
    /// Replaces `delete` bytes at `at` (fractions of the file's length) of
    /// one Go file with an insert.
    Edit {
        file: usize,
        at: f64,
        delete: usize,
        insert: usize,
    },
    GoMod(usize),
    /// Removes a Go file, or puts it back as it was at the start.
    Toggle(usize),
    /// A work budget per file (None: the default).
    Budget(Option<u64>),
    /// Whether the session keeps its trees for the next analysis.
    KeepTrees(bool),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        8 => (0..2usize, 0.0..1.0f64, prop_oneof![3 => Just(0usize), 1 => 1..40usize], 0..INSERTS.len())
            .prop_map(|(file, at, delete, insert)| Step::Edit { file, at, delete, insert }),
        1 => (0..GO_MODS.len()).prop_map(Step::GoMod),
        1 => (0..2usize).prop_map(Step::Toggle),
        1 => prop::option::of(prop::sample::select(vec![2_000u64, 8_000, 15_000, 30_000, 60_000])).prop_map(Step::Budget),
        1 => any::<bool>().prop_map(Step::KeepTrees),
    ]
}

const NAMES: [&str; 2] = ["main.go", "other.go"];

struct Workspace {
    files: [Option<Vec<u8>>; 2],
    go_mod: Option<&'static str>,
    budget: Option<u64>,
}

impl Workspace {
    fn options_json(&self) -> String {
        match self.budget {
            Some(units) => format!("{{\"limits\": {{\"max-file-work\": {units}}}}}"),
            None => "{}".to_string(),
        }
    }

    fn fresh_report(&self) -> String {
        let options: Options = serde_json::from_str(&self.options_json()).unwrap();
        let mut files: Vec<(&str, &[u8])> = NAMES.iter().zip(&self.files).filter_map(|(name, content)| Some((*name, content.as_deref()?))).collect();
        files.extend(self.go_mod.map(|text| ("go.mod", text.as_bytes())));
        gotrap::analyze(files, &options).to_json()
    }
}

fn edited(content: &[u8], at: f64, delete: usize, insert: &str) -> Vec<u8> {
    let mut start = ((content.len() as f64) * at) as usize;
    // Edits in the playground keep the text valid UTF-8.
    while !std::str::from_utf8(content).unwrap().is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (start + delete).min(content.len());
    while !std::str::from_utf8(content).unwrap().is_char_boundary(end) {
        end += 1;
    }
    [&content[..start], insert.as_bytes(), &content[end..]].concat()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn edited_session_reports_what_a_fresh_analysis_reports(steps in prop::collection::vec(step(), 1..24)) {
        let start = [MAIN_GO.as_bytes().to_vec(), OTHER_GO.as_bytes().to_vec()];
        let mut workspace = Workspace { files: start.clone().map(Some), go_mod: None, budget: None };
        let mut session = gotrap::Session::new();
        for (name, content) in NAMES.iter().zip(&start) {
            session.set_file(name, content.clone());
        }
        prop_assert_eq!(session.analyze().to_json(), workspace.fresh_report());
        for step in steps {
            match step {
                Step::Edit { file, at, delete, insert } => {
                    let Some(content) = &workspace.files[file] else { continue };
                    let content = edited(content, at, delete, INSERTS[insert]);
                    session.set_file(NAMES[file], content.clone());
                    workspace.files[file] = Some(content);
                }
                Step::GoMod(index) => {
                    workspace.go_mod = GO_MODS[index];
                    match workspace.go_mod {
                        Some(text) => session.set_file("go.mod", text.as_bytes().to_vec()),
                        None => session.remove_file("go.mod"),
                    }
                }
                Step::Toggle(file) => {
                    if workspace.files[file].take().is_some() {
                        session.remove_file(NAMES[file]);
                    } else {
                        session.set_file(NAMES[file], start[file].clone());
                        workspace.files[file] = Some(start[file].clone());
                    }
                }
                Step::Budget(units) => {
                    workspace.budget = units;
                    session.set_options(&workspace.options_json());
                }
                Step::KeepTrees(keep) => session.set_keep_trees(keep),
            }
            prop_assert_eq!(session.analyze().to_json(), workspace.fresh_report());
        }
    }
}

#[test]
fn unchanged_and_edited_files_report_as_fresh_at_every_budget() {
    // Budgets across the file's whole cost, so each side of the parse and of
    // the walk running out is crossed by the kept tree and by an edit.
    let edited = MAIN_GO.replace("\tvar s string\n", "\tvar s string // edited\n");
    for units in (1..60).map(|step| step * 500) {
        let options = format!("{{\"limits\": {{\"max-file-work\": {units}}}}}");
        let mut session = gotrap::Session::new();
        session.set_file("main.go", MAIN_GO.as_bytes().to_vec());
        session.analyze();
        session.set_options(&options);
        let fresh = |code: &str| gotrap::analyze([("main.go", code.as_bytes())], &serde_json::from_str(&options).unwrap()).to_json();
        assert_eq!(session.analyze().to_json(), fresh(MAIN_GO), "unchanged file, budget {units}");
        session.set_file("main.go", edited.as_bytes().to_vec());
        assert_eq!(session.analyze().to_json(), fresh(&edited), "edited file, budget {units}");
    }
}
