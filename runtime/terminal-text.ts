/**
 * Text that quotes file names or a file's contents, made safe to print on a terminal. A terminal
 * obeys control characters rather than showing them: ESC sequences set the window title, clear
 * the screen or move the cursor; a newline or carriage return forges a line; bidirectional
 * formatting characters reorder what is shown (Trojan Source, CVE-2021-42574). Each such
 * character is shown as an escape instead: `\n`, `\x1b`, `\u202e`. The CLI prints through it
 * (generator/cli/terminal-text.ts), and so does the one message the runtime writes itself
 * (temporary-files.ts: a failure the signal that ends the process would hide).
 */

/** C0 controls, DEL, C1 controls, and the bidi marks, embeddings, overrides and isolates. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escape(character: string): string {
  const code = character.charCodeAt(0);
  return (
    NAMED[character] ??
    (code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`)
  );
}

/** `text` with every control and bidi character escaped: it prints as one line, as it reads. */
export function printable(text: string): string {
  return text.replace(UNSAFE, escape);
}
