// The one way the playground builds DOM: elements from a tag, properties and
// children, where every string child becomes a text node. User text (code,
// file names, function names from profiles, messages) therefore never reaches
// an HTML parser.

type Child = Node | string | null | undefined | false;

export interface ElementProps {
  className?: string;
  title?: string;
  /** Attributes set with setAttribute (aria-*, role, href, type...). */
  attrs?: Record<string, string>;
  dataset?: Record<string, string>;
  on?: Partial<Record<keyof HTMLElementEventMap, (event: Event) => void>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className !== undefined) node.className = props.className;
  if (props.title !== undefined) node.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  for (const [name, value] of Object.entries(props.dataset ?? {})) node.dataset[name] = value;
  for (const [type, listener] of Object.entries(props.on ?? {})) node.addEventListener(type, listener);
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child);
  }
  return node;
}

export function element<T extends HTMLElement>(selector: string, root: ParentNode = document): T {
  const found = root.querySelector<T>(selector);
  if (found === null) throw new Error(`the page has no ${selector}`);
  return found;
}

/** Offers bytes or text as a file download (a blob: URL of this origin, nothing sent). */
export function download(name: string, content: BlobPart, type = "text/plain"): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = h("a", { attrs: { href: url, download: name } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Says which column a table is sorted by: `aria-sort` on the header cell of
 * the sorting button chosen (`data-sort` = key), on no other.
 */
export function markSorted(buttons: readonly HTMLButtonElement[], key: string, direction: "ascending" | "descending"): void {
  for (const button of buttons) {
    const header = button.closest("th");
    if (button.dataset.sort === key) header?.setAttribute("aria-sort", direction);
    else header?.removeAttribute("aria-sort");
  }
}

/** Where each rule's docs live, from its slug. */
export function ruleDocsHref(slug: string): string {
  return `./rules.html#${encodeURIComponent(slug)}`;
}
