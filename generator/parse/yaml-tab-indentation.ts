/**
 * Lines indented with tabs, said once for the file. YAML indents with spaces, and a tab in a
 * line's indentation leaves the yaml package guessing where the line nests: it says "tabs are not
 * allowed as indentation" for some such lines (not for a tab between spaces, which gets only "all
 * mapping items must start at the same column"), and its guess brings errors on the line, above
 * and below it, none of which names what to fix. A line is tabbed when the package says so, or
 * when one of its errors lands on a line whose indentation holds a tab; the first tabbed line
 * says it for the file, with how many there are and what to write, and the other errors wait
 * until the tabs are gone, but for those no tab makes (a backslash in double quotes).
 */
import type { YAMLError } from "yaml";
import { lineStart } from "./yaml-syntax-hints.js";

/** The tabs of a file's indentation, as one error. */
export interface TabIndentation {
  /** Where the first tabbed line's first tab is. */
  readonly offset: number;
  /** YAML's words and what to do, in the style of the other syntax errors. */
  readonly message: string;
  /** The file's errors that no tab makes, each reported on its own. */
  readonly otherErrors: readonly YAMLError[];
}

/**
 * Whether the yaml package's `error` is one a tab in an indentation cannot make: an escape in
 * double quotes is read the same at any depth. Any other (a key run on, items out of line, a dash
 * beside a key, a quote closed on a tabbed line and so never closed) may follow from the tab.
 */
function madeByTheText(error: YAMLError): boolean {
  return error.code === "BAD_DQ_ESCAPE";
}

/** `null` when no line of `text` is indented with a tab that the yaml package's `errors` trip on. */
export function tabIndentation(errors: readonly YAMLError[], text: string): TabIndentation | null {
  const tabbed = new Map<number, number>(); // line start -> its first tab
  for (const error of errors) {
    if (madeByTheText(error)) continue;
    const start = lineStart(text, error.pos[0]);
    const tab = indentationTab(text, start);
    if (tab !== null) tabbed.set(start, tab);
    else if (error.code === "TAB_AS_INDENT") tabbed.set(start, error.pos[0]);
  }
  if (tabbed.size === 0) return null;
  // Not Math.min(...keys): a file of 200,000 tabbed lines would pass as many arguments.
  const starts = [...tabbed.keys()];
  const first = starts.reduce((earliest, start) => Math.min(earliest, start));
  const last = starts.reduce((latest, start) => Math.max(latest, start));
  const lastLine = text.slice(0, last).split("\n").length;
  const hint =
    tabbed.size === 1
      ? "YAML indents with spaces: indent this line with spaces instead"
      : `YAML indents with spaces, and ${tabbed.size} lines of this file are indented with tabs, this one first and line ${lastLine} last: indent them with spaces instead (an editor's "convert indentation to spaces" does the whole file)`;
  return {
    offset: tabbed.get(first)!,
    message: `tabs are not allowed as indentation; ${hint}`,
    otherErrors: errors.filter(madeByTheText),
  };
}

/** The offset of the first tab in the indentation of the line at `start`, or `null` when it has none. */
function indentationTab(text: string, start: number): number | null {
  for (let at = start; at < text.length; at++) {
    const char = text[at];
    if (char === "\t") return at;
    if (char !== " ") return null;
  }
  return null;
}
