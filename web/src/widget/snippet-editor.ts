// The editor of an `editable` snippet, loaded only when a page has one: a
// small CodeMirror view inside the snippet's shadow root.

import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { go } from "@codemirror/lang-go";
import { defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, lineNumbers } from "@codemirror/view";

export function createSnippetEditor(parent: HTMLElement, root: ShadowRoot, text: string, onChange: (text: string) => void): EditorView {
  return new EditorView({
    parent,
    // CodeMirror mounts its styles as adopted style sheets of this root, which a strict style-src allows.
    root,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(),
        history(),
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        go(),
        syntaxHighlighting(defaultHighlightStyle),
        EditorView.contentAttributes.of({ "aria-label": "Go code" }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
}
