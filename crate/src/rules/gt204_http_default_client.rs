//! GT204 http-default-client: requests through `http.DefaultClient`, which
//! has no timeout.

use tree_sitter::Node;

use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::Severity;
use crate::source::context::FileContext;
use crate::source::scope::unparen;
use crate::source::syntax::{Field, Syntax};

pub static META: RuleMeta = RuleMeta {
    id: "GT204",
    name: "http-default-client",
    family: Family::Concurrency,
    severity: Severity::Warning,
    summary: "a request through http.DefaultClient, which has no timeout",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports calls of `http.Get`, `http.Head`, `http.Post` and `http.PostForm`,
and the request methods (`Do`, `Get`, `Head`, `Post`, `PostForm`) called on
`http.DefaultClient`. Test files (`_test.go`) are skipped, and so is a file
that sets `http.DefaultClient.Timeout`. Mentioning `http.DefaultClient`
without calling it (the `if c == nil { c = http.DefaultClient }` fallback)
is not reported.

## Why is this a trap?
`http.DefaultClient` is a zero `http.Client`: no `Timeout`. A server that
accepts the connection and stops answering holds the call forever, with its
goroutine and connection. It is also shared by every package of the
process, so one library changing it (its `Transport`, `CheckRedirect`,
`Jar`) changes everyone's requests. A client of your own with a `Timeout`
avoids both.

## What it cannot see
A request made with `http.NewRequestWithContext` and a context that has a
deadline is bounded even through `http.DefaultClient.Do`; gotrap does not
follow contexts, so the message names that alternative. A
`http.DefaultClient.Timeout` set in another file is not seen.

## Overlap
No go vet or staticcheck check reports this; the `noctx` linter reports
`http.Get` and friends for lacking a context, a related trap.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package api

import "net/http"

func status(url string) (int, error) {
	resp, err := http.Get(url) // http.DefaultClient: no timeout
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package api

import (
	"net/http"
	"time"
)

var client = &http.Client{Timeout: 10 * time.Second}

func status(url string) (int, error) {
	resp, err := client.Get(url)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}
"#,
        },
    ]),
};

pub struct HttpDefaultClient;

impl SourceRule for HttpDefaultClient {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["call_expression"]
    }

    fn check(&self, call: Node, cx: &mut FileContext) {
        if cx.file.is_test {
            return;
        }
        let Some(function) = call.field(Field::Function).map(unparen) else { return };
        let what = if let Some(name) = cx.called(call, "net/http", &["Get", "Head", "Post", "PostForm"]) {
            format!("http.{name} uses http.DefaultClient, which")
        } else if function.kind_name() == "selector_expression"
            && function.field(Field::Field).is_some_and(|f| matches!(cx.text(f), "Do" | "Get" | "Head" | "Post" | "PostForm"))
            && function.field(Field::Operand).map(unparen).is_some_and(|operand| cx.refers_to(operand, "net/http", &["DefaultClient"]).is_some())
        {
            "http.DefaultClient".to_string()
        } else {
            return;
        };
        if sets_default_timeout(cx) {
            return;
        }
        let message = format!(
            "{what} has no timeout: this request can hang forever on a server that stops responding; use an http.Client with Timeout set (or a request context with a deadline)"
        );
        cx.report(&META, function.byte_range(), message);
    }
}

/// Whether the file assigns `http.DefaultClient.Timeout`.
fn sets_default_timeout(cx: &mut FileContext) -> bool {
    cx.field_assignments("Timeout").into_iter().any(|operand| cx.refers_to(unparen(operand), "net/http", &["DefaultClient"]).is_some())
}
