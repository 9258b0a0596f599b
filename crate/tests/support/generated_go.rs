//! Generated Go files for the scale tests and the long-block benchmark.

use std::fmt::Write;

const HEADER: &str = "package p\n\nimport (\n\t\"context\"\n\t\"fmt\"\n)\n\nfunc f(ctx context.Context, xs []string) string {\n\tvar s string\n";

/// One function whose body holds `groups` groups of four statements (a
/// trivial Sprintf, a `+=` outside any loop, a loop whose goroutine
/// captures the loop variable, an `if`) after a header of 9 lines.
pub fn long_block(groups: usize) -> String {
    let mut code = HEADER.to_string();
    for i in 0..groups {
        writeln!(code, "\tx{i} := fmt.Sprintf(\"%d\", {i})").unwrap();
        writeln!(code, "\ts += x{i}").unwrap();
        writeln!(code, "\tfor _, v := range xs {{ go func() {{ fmt.Println(v, x{i}) }}() }}").unwrap();
        writeln!(code, "\tif x{i} == s {{ return s }}").unwrap();
    }
    code.push_str("\treturn s\n}\n");
    code
}

/// `depth` nested `if` blocks, each declaring x<d> with a trivial Sprintf;
/// the innermost starts a goroutine capturing a loop variable and x0.
pub fn nested_blocks(depth: usize) -> String {
    let mut code = HEADER.to_string();
    for d in 0..depth {
        let indent = "\t".repeat(d + 1);
        writeln!(code, "{indent}x{d} := fmt.Sprintf(\"%d\", {d})").unwrap();
        writeln!(code, "{indent}if x{d} != s {{").unwrap();
    }
    let indent = "\t".repeat(depth + 1);
    writeln!(code, "{indent}for _, v := range xs {{ go func() {{ fmt.Println(v, x0) }}() }}").unwrap();
    for d in (0..depth).rev() {
        writeln!(code, "{}}}", "\t".repeat(d + 1)).unwrap();
    }
    code.push_str("\treturn s\n}\n");
    code
}
