import type { CheckInput } from "./client.js";
import type { Finding, Report, RunError } from "./report.js";
export interface GoExample {
    /** 1-based line of the opening fence. */
    line: number;
    /** The fence's info string, e.g. `go expect=GT101 go=1.21`. */
    info: string;
    code: string;
    /** Sorted rule ids; empty for `expect=none`. */
    expectedRules: string[];
    goVersion: string | null;
}
export interface ExampleMismatch {
    example: GoExample;
    /** Expected rules that did not fire. */
    missing: string[];
    /** Findings of rules that were not expected. */
    unexpected: Finding[];
    errors: RunError[];
}
export interface VerifyExamplesOptions {
    /** Names the document in the report, e.g. `README.md`. */
    source?: string;
}
/** The annotated ```go blocks of a Markdown document; throws on a malformed annotation. */
export declare function parseGoExamples(markdown: string, source?: string): GoExample[];
/** The workspace an example is checked as. */
export declare function exampleInput(example: GoExample): CheckInput;
export declare function compareExample(example: GoExample, report: Report): ExampleMismatch | null;
/** A readable diff: `-` an expected rule that did not fire, `+` a finding nobody expected, `!` an error. */
export declare function formatMismatches(mismatches: ExampleMismatch[], total: number, source?: string): string;
export declare class ExampleMismatchError extends Error {
    readonly mismatches: ExampleMismatch[];
    constructor(message: string, mismatches: ExampleMismatch[]);
}
/**
 * Checks every annotated ```go block of `markdown` and resolves with the
 * number checked; rejects with an ExampleMismatchError whose message is the
 * diff when any example's findings differ from its `expect=`.
 */
export declare function verifyExamplesWith(check: (input: CheckInput) => Promise<Report>, markdown: string, options?: VerifyExamplesOptions): Promise<number>;
