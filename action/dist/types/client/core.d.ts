export interface CoreSession {
    setOptions(optionsJson: string): void;
    /** Whether analyses keep each Go file's syntax tree for the next one (on by default). */
    setKeepTrees(keep: boolean): void;
    setFile(path: string, content: Uint8Array): void;
    removeFile(path: string): void;
    analyze(): string;
    /** The Go files without the workspace rules: `{"report": Report, "imports": ImportSite[]}`. */
    analyzeSources(): string;
    /** A whole run whose workspace rules also see these imports (JSON `ImportSite[]`) of Go files analysed elsewhere. */
    analyzeWithImports(importsJson: string): string;
}
export interface Core {
    version(): string;
    schemaVersion(): number;
    rules(): string;
    /** Two artifacts compared; CompareOptions JSON in, Comparison JSON out. */
    compare(basePath: string, base: Uint8Array, newPath: string, newContent: Uint8Array, optionsJson: string): string;
    Session: new () => CoreSession;
}
