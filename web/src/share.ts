// Share links: the whole workspace (files and the open tab) in the URL
// fragment, which browsers never send to a server. The fragment is
// `#<schema>.<base64url(deflate-raw(JSON))>`; the schema number leads so a
// link made by an older playground keeps opening with its own decoder.

import type { TextFile, Workspace } from "./workspace";

export const SHARE_SCHEMA = 1;

/** Longer links are cut by chat apps and mail clients; past this, offer a txtar download instead. */
export const MAX_SHARE_URL_LENGTH = 32_000;

interface SharedV1 {
  files: [name: string, text: string][];
  active: string;
}

async function transform(bytes: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream): Promise<Uint8Array<ArrayBuffer>> {
  const output = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(output).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (let start = 0; start < bytes.length; start += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(start, start + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error("the link's data is not base64url");
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

export async function encodeShareFragment(workspace: Workspace): Promise<string> {
  const shared: SharedV1 = { files: workspace.files.map((file) => [file.name, file.text]), active: workspace.active };
  const compressed = await transform(new TextEncoder().encode(JSON.stringify(shared)), new CompressionStream("deflate-raw"));
  return `#${SHARE_SCHEMA}.${toBase64Url(compressed)}`;
}

/** The workspace in a share fragment, null when the fragment is not a share link; throws on a damaged one. */
export async function decodeShareFragment(fragment: string): Promise<Workspace | null> {
  const match = /^#(\d+)\.(.*)$/s.exec(fragment);
  if (match === null) return null;
  const schema = Number(match[1]);
  if (schema !== 1) throw new Error(`this link was made by a newer playground (link format ${schema})`);
  let json: string;
  try {
    json = new TextDecoder("utf-8", { fatal: true }).decode(await transform(fromBase64Url(match[2]!), new DecompressionStream("deflate-raw")));
  } catch {
    throw new Error("the link is damaged (its data does not decompress); was it cut short?");
  }
  return sharedV1Workspace(JSON.parse(json) as unknown);
}

function sharedV1Workspace(value: unknown): Workspace {
  const shared = value as Partial<SharedV1> | null;
  const files: TextFile[] = [];
  if (shared === null || !Array.isArray(shared.files)) throw new Error("the link holds no files");
  for (const entry of shared.files) {
    if (!Array.isArray(entry) || typeof entry[0] !== "string" || typeof entry[1] !== "string") throw new Error("the link holds a malformed file");
    files.push({ name: entry[0], text: entry[1] });
  }
  if (files.length === 0) throw new Error("the link holds no files");
  const active = typeof shared.active === "string" && files.some((file) => file.name === shared.active) ? shared.active : files[0]!.name;
  return { files, active };
}
