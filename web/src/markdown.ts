// The Markdown subset of the rule docs (headings, paragraphs, `-` lists,
// pipe tables, `code`, **bold**, *emphasis*) turned into DOM nodes. Text is
// only ever set as text: no HTML parser sees the docs.

import { h } from "./dom";

/** Inline spans: `code`, **bold**, *emphasis*; everything else is plain text. */
export function inline(text: string): (Node | string)[] {
  const parts: (Node | string)[] = [];
  const pattern = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*/g;
  let last = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match.index > last) parts.push(text.slice(last, match.index));
    if (match[1] !== undefined) parts.push(h("code", {}, match[1]));
    else if (match[2] !== undefined) parts.push(h("strong", {}, match[2]));
    else parts.push(h("em", {}, match[3]!));
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

function cells(row: string): string[] {
  return row.replace(/^\s*\|/, "").replace(/\|\s*$/, "").split("|").map((cell) => cell.trim());
}

/** Blocks separated by blank lines; a list item runs on over indented lines. */
export function markdown(source: string, headingLevel: "h3" | "h4" = "h3"): Node[] {
  const nodes: Node[] = [];
  const lines = source.split("\n");
  let index = 0;
  while (index < lines.length) {
    const line = lines[index]!;
    if (line.trim() === "") {
      index++;
    } else if (line.startsWith("## ")) {
      nodes.push(h(headingLevel, {}, ...inline(line.slice(3))));
      index++;
    } else if (line.startsWith("|")) {
      const rows: string[][] = [];
      for (; index < lines.length && lines[index]!.startsWith("|"); index++) {
        if (!/^\|[\s|:-]+\|?$/.test(lines[index]!)) rows.push(cells(lines[index]!));
      }
      const [head, ...body] = rows;
      nodes.push(
        h(
          "table",
          { className: "docs-table" },
          h("thead", {}, h("tr", {}, ...(head ?? []).map((cell) => h("th", { attrs: { scope: "col" } }, ...inline(cell))))),
          h("tbody", {}, ...body.map((row) => h("tr", {}, ...row.map((cell) => h("td", {}, ...inline(cell)))))),
        ),
      );
    } else if (/^[-*] /.test(line)) {
      const items: string[] = [];
      for (; index < lines.length && lines[index]!.trim() !== "" && !lines[index]!.startsWith("## "); index++) {
        const current = lines[index]!;
        if (/^[-*] /.test(current)) items.push(current.slice(2));
        else items[items.length - 1] += ` ${current.trim()}`;
      }
      nodes.push(h("ul", {}, ...items.map((item) => h("li", {}, ...inline(item)))));
    } else {
      const paragraph: string[] = [];
      for (; index < lines.length && lines[index]!.trim() !== "" && !/^(## |\||[-*] )/.test(lines[index]!); index++) paragraph.push(lines[index]!.trim());
      nodes.push(h("p", {}, ...inline(paragraph.join(" "))));
    }
  }
  return nodes;
}
