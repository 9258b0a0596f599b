// A menu button (the WAI-ARIA menu button pattern): the button opens a list
// of actions; Enter, Space or the arrow keys open it from the keyboard, the
// arrow keys, Home, End and typed characters move through it, Enter or Space
// chooses, Escape closes it and gives the focus back to the button, and
// leaving it (Tab, a click elsewhere) closes it. Unlike a <select>, moving
// through the items does not choose them.

import { h } from "./dom";

export interface MenuGroup {
  label: string;
  items: { label: string; value: string }[];
}

/** How long typed characters add up to one prefix to find an item by. */
const TYPEAHEAD_MS = 600;

export class MenuButton {
  private typed = "";
  private typedAt = 0;

  /** `menu` holds the items, hidden until `button` opens it; `choose` gets the value of the item chosen. */
  constructor(
    private readonly button: HTMLButtonElement,
    private readonly menu: HTMLElement,
    private readonly choose: (value: string) => void,
  ) {
    button.setAttribute("aria-haspopup", "menu");
    button.setAttribute("aria-controls", menu.id);
    button.setAttribute("aria-expanded", "false");
    menu.setAttribute("role", "menu");
    menu.hidden = true;
    button.addEventListener("click", () => (this.isOpen() ? this.close(true) : this.open("first")));
    button.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
      event.preventDefault();
      this.open(event.key === "ArrowDown" ? "first" : "last");
    });
    menu.addEventListener("keydown", (event) => this.key(event));
    menu.addEventListener("click", (event) => {
      const item = (event.target as Element).closest<HTMLElement>("[role=menuitem]");
      if (item !== null) this.activate(item);
    });
    for (const part of [button, menu]) {
      part.addEventListener("focusout", (event) => {
        const next = event.relatedTarget as Node | null;
        if (next !== null && !button.contains(next) && !menu.contains(next)) this.close(false);
      });
    }
    document.addEventListener("pointerdown", (event) => {
      const target = event.target as Node;
      if (this.isOpen() && !button.contains(target) && !menu.contains(target)) this.close(false);
    });
  }

  setGroups(groups: readonly MenuGroup[]): void {
    this.menu.replaceChildren(
      ...groups.map((group) =>
        h(
          "div",
          { className: "menu-group", attrs: { role: "group", "aria-label": group.label } },
          h("div", { className: "menu-group-label", attrs: { "aria-hidden": "true" } }, group.label),
          ...group.items.map((item) => h("button", { attrs: { type: "button", role: "menuitem", tabindex: "-1" }, dataset: { value: item.value } }, item.label)),
        ),
      ),
    );
  }

  private items(): HTMLElement[] {
    return [...this.menu.querySelectorAll<HTMLElement>("[role=menuitem]")];
  }

  private isOpen(): boolean {
    return !this.menu.hidden;
  }

  private open(focus: "first" | "last"): void {
    const items = this.items();
    if (items.length === 0) return;
    this.menu.hidden = false;
    this.button.setAttribute("aria-expanded", "true");
    (focus === "first" ? items[0]! : items.at(-1)!).focus();
  }

  private close(returnFocus: boolean): void {
    if (!this.isOpen()) return;
    this.menu.hidden = true;
    this.button.setAttribute("aria-expanded", "false");
    if (returnFocus) this.button.focus();
  }

  private activate(item: HTMLElement): void {
    this.close(true);
    this.choose(item.dataset.value!);
  }

  private key(event: KeyboardEvent): void {
    const items = this.items();
    const current = items.indexOf(document.activeElement as HTMLElement);
    const move = (index: number): void => items[(index + items.length) % items.length]!.focus();
    switch (event.key) {
      case "ArrowDown":
        move(current + 1);
        break;
      case "ArrowUp":
        move(current - 1);
        break;
      case "Home":
        move(0);
        break;
      case "End":
        move(items.length - 1);
        break;
      case "Escape":
        this.close(true);
        break;
      case "Tab":
        // Back on the button first, so Tab and Shift+Tab go on from where the menu was opened.
        this.close(true);
        return;
      case " ":
        // A menu item is a button: Space chooses it.
        return;
      default:
        if (!this.typeahead(event, items, current)) return;
    }
    event.preventDefault();
  }

  /** Moves to the item that starts with the characters typed in a row; false when the key typed no character. */
  private typeahead(event: KeyboardEvent, items: readonly HTMLElement[], current: number): boolean {
    if (event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return false;
    const typed = event.key.toLowerCase();
    this.typed = event.timeStamp - this.typedAt < TYPEAHEAD_MS ? this.typed + typed : typed;
    this.typedAt = event.timeStamp;
    // A first character looks from the next item on, so typing it again goes to the next match.
    const ordered = [...items.slice(current + (this.typed.length === 1 ? 1 : 0)), ...items];
    ordered.find((item) => item.textContent!.toLowerCase().startsWith(this.typed))?.focus();
    return true;
  }
}
