// The core counts in UTF-8 bytes; the editor counts in UTF-16 code units.

/** The UTF-16 offset in `text` of the UTF-8 byte offset `byteOffset` (clamped to the text). */
export function utf16OffsetOfByte(text: string, byteOffset: number): number {
  let bytes = 0;
  let index = 0;
  while (index < text.length && bytes < byteOffset) {
    const code = text.codePointAt(index)!;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    index += code >= 0x10000 ? 2 : 1;
  }
  return index;
}
