/**
 * User text in generated comments: YAML docs, and the YAML files' paths, which come from the
 * command line or from package.json and may hold any character. Every comment the generator
 * prints with such text goes through {@link commentText}, because a comment is code's neighbour:
 * a line break (`\n`, `\r`, U+2028, U+2029) ends a `//` comment and the rest of the line runs at
 * import; `*\/` ends a block comment; bidirectional controls make a reader see other code than
 * the compiler does (Trojan Source, CVE-2021-42574). Each is written as an escape instead.
 */

/** `*\/`, and the characters a comment must not hold as themselves: controls (tab aside), line and paragraph separators, bidi marks. */
const UNSAFE =
  /\*\/|[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { "*/": "*\\/", "\n": "\\n", "\r": "\\r" };

/**
 * `text` safe inside a generated comment, line or block. With `lines`, `\n` stays a line break
 * (a doc block prints each line behind ` * `); every other unsafe character is escaped.
 */
export function commentText(text: string, { lines = false }: { lines?: boolean } = {}): string {
  return text.replace(UNSAFE, (match) => {
    if (lines && match === "\n") return match;
    return NAMED[match] ?? `\\u${match.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}
