// Writes pprof profiles (profile.proto) for tests and benchmarks that need
// one with a given shape: function names, stacks and values of their choice.
// Only the fields written here are encoded: sample types, samples, locations
// with one line each, functions, the string table, period type and period.

class ProtoWriter {
  chunks = [];

  varint(value) {
    const bytes = [];
    let rest = BigInt(value);
    do {
      let byte = Number(rest & 0x7fn);
      rest >>= 7n;
      if (rest !== 0n) byte |= 0x80;
      bytes.push(byte);
    } while (rest !== 0n);
    this.chunks.push(Uint8Array.from(bytes));
    return this;
  }

  int(field, value) {
    return this.varint(field << 3).varint(value);
  }

  bytes(field, data) {
    this.varint((field << 3) | 2).varint(data.length);
    this.chunks.push(data);
    return this;
  }

  message(field, writer) {
    return this.bytes(field, writer.finish());
  }

  packed(field, values) {
    const inner = new ProtoWriter();
    for (const value of values) inner.varint(value);
    return this.bytes(field, inner.finish());
  }

  finish() {
    return Buffer.concat(this.chunks);
  }
}

/**
 * @param {{
 *   sampleTypes: [type: string, unit: string][],
 *   functions: { name: string, file: string, line: number }[],
 *   samples: { stack: number[], values: number[] }[],
 *   period?: number,
 * }} profile `stack` holds indexes into `functions`, leaf first.
 * @returns {Buffer} the encoded (uncompressed) profile
 */
export function encodeProfile(profile) {
  const strings = [""];
  const intern = (text) => {
    const index = strings.indexOf(text);
    return index >= 0 ? index : strings.push(text) - 1;
  };
  const out = new ProtoWriter();
  for (const [type, unit] of profile.sampleTypes) out.message(1, new ProtoWriter().int(1, intern(type)).int(2, intern(unit)));
  // Location i + 1 is function i + 1 at its line.
  for (const sample of profile.samples) out.message(2, new ProtoWriter().packed(1, sample.stack.map((index) => index + 1)).packed(2, sample.values));
  profile.functions.forEach((fn, index) => out.message(4, new ProtoWriter().int(1, index + 1).message(4, new ProtoWriter().int(1, index + 1).int(2, fn.line))));
  const functionEntries = profile.functions.map((fn, index) => new ProtoWriter().int(1, index + 1).int(2, intern(fn.name)).int(3, intern(fn.name)).int(4, intern(fn.file)));
  for (const entry of functionEntries) out.message(5, entry);
  const [lastType, lastUnit] = profile.sampleTypes.at(-1);
  const periodType = new ProtoWriter().int(1, intern(lastType)).int(2, intern(lastUnit));
  for (const text of strings) out.bytes(6, Buffer.from(text));
  out.message(11, periodType);
  out.int(12, profile.period ?? 1);
  return out.finish();
}
