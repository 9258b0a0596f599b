export interface CoreSession {
    setOptions(optionsJson: string): void;
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
    Session: new () => CoreSession;
}
