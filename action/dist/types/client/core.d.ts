export interface CoreSession {
    setOptions(optionsJson: string): void;
    setFile(path: string, content: Uint8Array): void;
    removeFile(path: string): void;
    analyze(): string;
}
export interface Core {
    version(): string;
    schemaVersion(): number;
    rules(): string;
    Session: new () => CoreSession;
}
