export interface TxtarFile {
    name: string;
    data: Uint8Array;
}
export interface TxtarArchive {
    comment: Uint8Array;
    files: TxtarFile[];
}
export declare function parseTxtar(archive: Uint8Array | string): TxtarArchive;
