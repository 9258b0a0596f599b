import { describe, expect, it } from "vitest";
import { parseTxtar } from "../../action/src/client/txtar";

const text = (data: Uint8Array): string => new TextDecoder().decode(data);

function parsed(archive: string | Uint8Array): { comment: string; files: [string, string][] } {
  const { comment, files } = parseTxtar(archive);
  return { comment: text(comment), files: files.map((file) => [file.name, text(file.data)]) };
}

describe("parseTxtar", () => {
  it("splits the comment and the files", () => {
    expect(parsed("a comment\n-- go.mod --\nmodule m\n-- a/b.go --\npackage b\n-- empty --\n")).toEqual({
      comment: "a comment\n",
      files: [
        ["go.mod", "module m\n"],
        ["a/b.go", "package b\n"],
        ["empty", ""],
      ],
    });
  });

  it("reads an archive that starts with a marker or holds no marker", () => {
    expect(parsed("-- x.go --\npackage x\n")).toEqual({ comment: "", files: [["x.go", "package x\n"]] });
    expect(parsed("just a comment\n")).toEqual({ comment: "just a comment\n", files: [] });
    expect(parsed("")).toEqual({ comment: "", files: [] });
  });

  it("adds the final newline that a last section lacks, as Go's txtar does", () => {
    expect(parsed("-- a --\nno newline")).toEqual({ comment: "", files: [["a", "no newline\n"]] });
    expect(parsed("comment only")).toEqual({ comment: "comment only\n", files: [] });
    expect(parsed("-- a --")).toEqual({ comment: "", files: [["a", ""]] });
  });

  it("trims the name and needs the whole line to be a marker", () => {
    expect(parsed("--   spaced name.go   --\nx\n").files).toEqual([["spaced name.go", "x\n"]]);
    expect(parsed("-- a --\n -- b --\n--b --\n-- c -- \n").files).toEqual([["a", " -- b --\n--b --\n-- c -- \n"]]);
  });

  it("treats a marker without a name as an ordinary line", () => {
    expect(parsed("--  --\n-- a --\nx\n")).toEqual({ comment: "--  --\n", files: [["a", "x\n"]] });
  });

  it("keeps a CR before the newline in content, and a CRLF marker line is not a marker", () => {
    expect(parsed("-- a --\r\nx\r\n").comment).toBe("-- a --\r\nx\r\n");
    expect(parsed("-- a --\nx\r\n").files).toEqual([["a", "x\r\n"]]);
  });

  it("keeps file data as raw bytes, invalid UTF-8 included", () => {
    const archive = new Uint8Array([...new TextEncoder().encode("-- bin.go --\n"), 0xff, 0xfe, 0x00, 0x0a]);
    expect([...parseTxtar(archive).files[0]!.data]).toEqual([0xff, 0xfe, 0x00, 0x0a]);
  });

  it("keeps duplicate names in order", () => {
    expect(parsed("-- a --\n1\n-- a --\n2\n").files).toEqual([
      ["a", "1\n"],
      ["a", "2\n"],
    ]);
  });
});
