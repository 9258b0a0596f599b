// The txtar archive format of golang.org/x/tools/txtar, which the core's
// fixtures and the playground's multi-file input use. Parsing follows Go's
// txtar.Parse exactly (bytes, not text: archives may hold invalid UTF-8):
// a file marker is a whole line `-- NAME --`; data before the first marker is
// the comment; a final section without a trailing newline gets one.

export interface TxtarFile {
  name: string;
  data: Uint8Array;
}

export interface TxtarArchive {
  comment: Uint8Array;
  files: TxtarFile[];
}

const NEWLINE = 0x0a;
const markerStart = new TextEncoder().encode("-- ");
const markerEnd = new TextEncoder().encode(" --");

export function parseTxtar(archive: Uint8Array | string): TxtarArchive {
  const data = typeof archive === "string" ? new TextEncoder().encode(archive) : archive;
  let section = nextSection(data, 0);
  const comment = section.data;
  const files: TxtarFile[] = [];
  while (section.marker !== null) {
    const name = section.marker.name;
    section = nextSection(data, section.marker.next);
    files.push({ name, data: section.data });
  }
  return { comment, files };
}

interface Section {
  data: Uint8Array;
  /** The marker ending the section and the offset after its line; null at the end. */
  marker: { name: string; next: number } | null;
}

function nextSection(data: Uint8Array, start: number): Section {
  for (let lineStart = start; ; ) {
    const marker = markerAt(data, lineStart);
    if (marker !== null) return { data: data.slice(start, lineStart), marker };
    const newline = data.indexOf(NEWLINE, lineStart);
    if (newline < 0) return { data: withFinalNewline(data.slice(start)), marker: null };
    lineStart = newline + 1;
  }
}

function markerAt(data: Uint8Array, lineStart: number): { name: string; next: number } | null {
  if (!startsWith(data, lineStart, markerStart)) return null;
  const newline = data.indexOf(NEWLINE, lineStart);
  const lineEnd = newline < 0 ? data.length : newline;
  const next = newline < 0 ? data.length : newline + 1;
  if (lineEnd - lineStart < markerStart.length + markerEnd.length) return null;
  if (!startsWith(data, lineEnd - markerEnd.length, markerEnd)) return null;
  const name = trimGoSpace(
    new TextDecoder().decode(data.subarray(lineStart + markerStart.length, lineEnd - markerEnd.length)),
  );
  // Go treats a marker with an empty name as an ordinary line.
  return name === "" ? null : { name, next };
}

function startsWith(data: Uint8Array, offset: number, prefix: Uint8Array): boolean {
  if (offset + prefix.length > data.length) return false;
  return prefix.every((byte, index) => data[offset + index] === byte);
}

function withFinalNewline(data: Uint8Array): Uint8Array {
  if (data.length === 0 || data[data.length - 1] === NEWLINE) return data;
  const fixed = new Uint8Array(data.length + 1);
  fixed.set(data);
  fixed[data.length] = NEWLINE;
  return fixed;
}

/** strings.TrimSpace: Go's unicode.IsSpace differs from JavaScript's \s on U+0085 and U+FEFF. */
function trimGoSpace(text: string): string {
  return text.replace(
    /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/gu,
    "",
  );
}
