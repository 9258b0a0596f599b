// Writes pprof profiles (profile.proto) for tests and benchmarks that need
// one with a given shape: function names, stacks and values of their choice.
// Only the fields written here are encoded: sample types, samples, locations
// with one line each, functions, the string table, period type and period.

class ProtoWriter {
  chunks = [];

  varint(value) {
    const bytes = [];
    if (Number.isSafeInteger(value) && value >= 0) {
      // Most values: no BigInt needed (it is the bulk of the time for large profiles).
      let rest = value;
      do {
        let byte = rest % 128;
        rest = Math.floor(rest / 128);
        if (rest !== 0) byte |= 0x80;
        bytes.push(byte);
      } while (rest !== 0);
    } else {
      let rest = BigInt(value);
      do {
        let byte = Number(rest & 0x7fn);
        rest >>= 7n;
        if (rest !== 0n) byte |= 0x80;
        bytes.push(byte);
      } while (rest !== 0n);
    }
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

/**
 * A CPU profile of a made-up service: 4,000 functions in a few packages,
 * samples whose stacks are random walks of depth 8-31 under main.main,
 * until the encoding reaches `targetBytes` (random stacks are the worst case
 * for the call tree). The playground's benchmark and its browser tests use it.
 *
 * @param {number} targetBytes
 * @returns {{ bytes: Buffer, samples: number }} the encoded (uncompressed) profile and its sample count
 */
export function syntheticCpuProfile(targetBytes) {
  const functions = Array.from({ length: 4000 }, (_, index) => ({
    name: index === 0 ? "main.main" : `example.com/svc/pkg${index % 37}.(*T${index % 11}).method${index}`,
    file: `/src/svc/pkg${index % 37}/file${index % 5}.go`,
    line: 10 + (index % 200),
  }));
  let seed = 42;
  const random = (n) => ((seed ^= seed << 13), (seed ^= seed >>> 17), (seed ^= seed << 5), (seed >>> 0) % n);
  const samples = [];
  // About 49 bytes per encoded sample with these stacks.
  while (samples.length * 49 < targetBytes) {
    const depth = 8 + random(24);
    samples.push({ stack: [...Array.from({ length: depth - 1 }, () => 1 + random(functions.length - 1)), 0], values: [1, 10_000_000] });
  }
  const bytes = encodeProfile({ sampleTypes: [["samples", "count"], ["cpu", "nanoseconds"]], functions, samples, period: 10_000_000 });
  return { bytes, samples: samples.length };
}
