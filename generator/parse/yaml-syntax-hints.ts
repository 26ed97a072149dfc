/**
 * What to do about a YAML syntax error, said after the yaml package's own words: its messages
 * name the rule broken ("nested mappings are not allowed in compact mappings"), not the slip that
 * broke it (a colon in a doc, a backslash in double quotes, a key without a space after its
 * colon, a line indented wrong), which a schema's author needs.
 */
import type { YAMLError } from "yaml";

/** What a regular expression's `\d` in double quotes, which YAML reads as an unknown escape, needs instead. */
const BACKSLASH_HINT =
  "; in double quotes a backslash starts an escape, so write two for one (pattern: \"^\\\\d+$\"), or use single quotes (pattern: '^\\d+$')";

/** What the yaml package says of a `[` or `{` that runs on past its block: "Flow sequence in block collection must be ... and end with a ]". */
export const UNCLOSED_FLOW = /^flow (sequence|map) in block collection .*end with a [\]}]/i;

/**
 * What to write instead, for the YAML errors a slip of the hand gives: text meant as one value (a
 * check, a doc, a message), a key without a space after its colon, a line indented wrong. `errors`
 * are the file's, `text` the file's text their offsets count in: one slip often gives several
 * errors, and the hint goes to the one it explains.
 */
export function syntaxHint(error: YAMLError, errors: readonly YAMLError[], text: string): string {
  const { code, message } = error;
  if (code === "BAD_DQ_ESCAPE") return BACKSLASH_HINT;
  // YAML limits only a key written before its colon: `? <name>` on one line, `: <type>` on the next, has no limit.
  if (code === "KEY_OVER_1024_CHARS")
    return '; write a longer key as an explicit key: "? <name>" on one line and ": <type>" on the next';
  if (code === "BLOCK_AS_IMPLICIT_KEY") return colonInValueHint(error, errors, text);
  if (code === "MULTILINE_IMPLICIT_KEY" || (code === "MISSING_CHAR" && /followed by map values/.test(message)))
    return keyWithoutSpaceHint(error, text);
  // `check: "x" !== row.a`, `check: ["a", "b"].includes(row.a)`: the quotes or brackets end the value.
  if (code === "UNEXPECTED_TOKEN" && / at node end/i.test(message))
    return "; a value that starts with a quote, [ or { ends where they close, and more follows here: put the whole value in quotes (single quotes, with each ' inside written twice: check: '\"x\" !== row.a')";
  // Reported where the quote opens (readYamlFile): the value runs from there to the end of the file.
  if (code === "MISSING_CHAR" && /quote/.test(message))
    return "; the value quoted here is never closed, so it runs on to the end of the file: close it with the same quote";
  if (code === "BAD_INDENT" && /^all mapping items must start at the same column/i.test(message))
    return misalignedKeyHint(error, text);
  if (code === "BAD_INDENT" && UNCLOSED_FLOW.test(message)) {
    const [open, close] = /end with a \]/.test(message) ? ["[", "]"] : ["{", "}"];
    return `; the ${open} here is never closed, so the lines below are read as part of it: close it with ${close}, or quote the value if the ${open} is text`;
  }
  return "";
}

/** What a value with a colon and a space in it needs. */
const QUOTE_IT =
  "put the whole value in quotes (single quotes keep it as written: doc: 'Accuracy: the share of correct answers')";

/** The errors that say a line's indentation is wrong: a tab, or a key out of line with those beside it. */
const INDENTATION_ERRORS: ReadonlySet<string> = new Set(["TAB_AS_INDENT", "BAD_INDENT"]);

/**
 * `errors`, each slip once: the yaml package reports a value that runs on into a line below, to a
 * colon there, both as a block in a key and as a key of many lines, at one place; and a key
 * indented short of its column both as out of line and, where its value starts, as a colon in
 * it. The second of each adds nothing to the first, whose hint says what to do.
 */
export function oneErrorPerSlip(errors: readonly YAMLError[], text: string): YAMLError[] {
  return errors.filter((error) => {
    if (error.code === "MULTILINE_IMPLICIT_KEY") return !sameStart(errors, error, "BLOCK_AS_IMPLICIT_KEY");
    if (error.code !== "BLOCK_AS_IMPLICIT_KEY") return true;
    const line = lineStart(text, error.pos[0]);
    return !errors.some((other) => INDENTATION_ERRORS.has(other.code) && lineStart(text, other.pos[0]) === line);
  });
}

/**
 * `doc: Accuracy: the share`, `check: row.a === null ? true : row.a > 0`: a value with a colon
 * and a space in it. Where the value runs on from a line above, to a key indented deeper than the
 * key it follows (one space too many, after a copy and paste), either may be meant: the line and
 * both indentations are said, and the quotes.
 */
function colonInValueHint(error: YAMLError, errors: readonly YAMLError[], text: string): string {
  if (!sameStart(errors, error, "MULTILINE_IMPLICIT_KEY"))
    return `; an unquoted value ends before a colon followed by a space, which YAML reads as a key: ${QUOTE_IT}`;
  const runOn = runOnKey(error, text);
  if (runOn === null)
    return `; the value that starts here runs on into a line below, to a colon followed by a space there, which YAML reads as a key: if that line holds a key of its own, indent it as the keys beside it; if it is part of the value, ${QUOTE_IT}`;
  const { line, indent, keyIndent } = runOn;
  return `; the value that starts here runs on into line ${line}, whose colon YAML reads as a key's: if line ${line} holds a key of its own, indent it ${keyIndent} spaces, like this line's key (it has ${indent}); if it is part of the value, ${QUOTE_IT}`;
}

/**
 * The line below `error`'s value that holds the colon it runs on to (1-based), its indentation,
 * and that of the key on the value's own line; `null` when the value's line holds no key or no
 * line below one.
 */
function runOnKey(error: YAMLError, text: string): { line: number; indent: number; keyIndent: number } | null {
  const start = lineStart(text, error.pos[0]);
  const lines = text.slice(start).split("\n");
  const key = KEY_LINE.exec(lines[0]!);
  if (key === null) return null;
  const below = lines.findIndex((content, index) => index > 0 && KEY_LINE.test(content));
  if (below === -1) return null;
  const line = text.slice(0, start).split("\n").length + below;
  return { line, indent: /^ */.exec(lines[below]!)![0].length, keyIndent: key[1]!.length };
}

/**
 * `epoch:int64?`, as JSON writes a key: YAML reads it as one text, no key, and reports that the
 * text runs on into the next line or has no value. `http://x` is left alone: a URL, not a key.
 */
function keyWithoutSpaceHint(error: YAMLError, text: string): string {
  const start = error.pos[0];
  const end = text.indexOf("\n", start);
  const written = text.slice(start, end === -1 ? text.length : end).trimEnd();
  const match = /^([A-Za-z_][\w.-]*):(?!\/)(\S.*)$/.exec(written);
  if (match !== null) {
    const [, key = "", value = ""] = match;
    return `; a key's colon is followed by a space, else YAML reads ${written} as one text: write ${key}: ${value}`;
  }
  const unmarked = keyWithoutColon(written);
  if (unmarked === null) return "";
  return `; a key is followed by a colon and a space, else YAML reads ${written} as one text: write ${unmarked.key}: ${unmarked.value}`;
}

/**
 * `offset float64`: a key and its value with no colon between them, which YAML reads as one text
 * (a key running on into the next line, or, alone under `fields:`, no mapping at all); `null`
 * for text with a colon, a quote or a comment in it, which is some other slip.
 */
export function keyWithoutColon(written: string): { key: string; value: string } | null {
  const match = /^([^\s:#"'[{-][^\s:#]*) +([^\s:#"'][^:#]*?)$/u.exec(written.trimEnd());
  return match === null ? null : { key: match[1] ?? "", value: match[2] ?? "" };
}

/** A line that holds a mapping's key: spaces, then text up to a colon that ends the line or has a space after it. */
const KEY_LINE = /^( *)[^\s#][^\n]*?:(?: |$)/;

/**
 * A key out of line with the keys of its mapping (`       min: 0` under `        type: ...`),
 * which the yaml package reports at the line's start by its rule alone: the line's indentation
 * and that of the nearest key above it say which way it is off.
 */
function misalignedKeyHint(error: YAMLError, text: string): string {
  const lines = text.slice(0, lineStart(text, error.pos[0])).split("\n");
  const line = lines.length;
  const indent = /^ */.exec(text.slice(lineStart(text, error.pos[0])))![0].length;
  for (let above = line - 1; above >= 1; above--) {
    const key = KEY_LINE.exec(lines[above - 1]!);
    if (key === null) continue;
    const aboveIndent = key[1]!.length;
    if (aboveIndent === indent) return "";
    return `; this line is indented ${indent} spaces, and line ${above} above it ${aboveIndent}: the keys of one mapping start in one column, so indent it as the keys beside it`;
  }
  return "";
}

/** Whether `errors` hold one of `code` that starts where `error` does (the yaml package reports some slips twice). */
function sameStart(errors: readonly YAMLError[], error: YAMLError, code: string): boolean {
  return errors.some((other) => other.code === code && other.pos[0] === error.pos[0]);
}

/** The offset of the line that holds `offset`. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}
