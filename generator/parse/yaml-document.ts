/**
 * A schema file's YAML, read within bounds that a hostile file cannot push: its nesting depth is
 * measured on the token stream (the yaml package's parser keeps an explicit stack) before anything
 * recursive runs, so a 5,000-deep file is one positioned error instead of a stack overflow;
 * duplicate keys are found in one pass over each mapping (the yaml package's own check compares
 * every key with every earlier one: 40,000 fields cost 3 s); aliases are expanded within bounds
 * (yaml-aliases.ts), each copy positioned at its alias. Integers are read exactly: a `bigint`
 * beyond 2^53 (an int64 bound), a `number` within it.
 */
import {
  Composer,
  type CST,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  type Document,
  type Node,
  type Scalar,
  type YAMLError,
} from "yaml";
import type { SourcePosition } from "../errors.js";
import { quote, type Diagnostics } from "../diagnostics.js";
import { expandAliases } from "./yaml-aliases.js";
import { oneErrorPerSlip, syntaxHint, UNCLOSED_FLOW } from "./yaml-syntax-hints.js";
import { tabIndentation } from "./yaml-tab-indentation.js";

/** How deeply collections may nest; a schema needs about 6 levels plus 2 per struct level. */
export const MAX_YAML_DEPTH = 64;

/** A parsed file and the positions of its parts. */
export interface YamlFile {
  readonly root: Node | null;
  /** Where a node starts (a node copied by an alias: where the alias is, and where the node is written). */
  at(node: Node | null | undefined): SourcePosition;
  /** Where a string scalar's first character is, when the file holds its text verbatim on one line. */
  verbatimStart(node: Node | null | undefined): SourcePosition | undefined;
  /** A node as plain data (mappings as objects), integers beyond 2^53 as `bigint`. */
  value(node: Node): unknown;
}

const BYTE_ORDER_MARK = "\uFEFF";

/**
 * What YAML's core schema made of an unquoted scalar that is no text (`True` the boolean true,
 * `Null` and `~` null, `1.0` the number 1), said for a message about a place that wants text:
 * the user wrote text there, and needs to hear why it was not read as such and what to write.
 * Empty when `node` is text, quoted or written as nothing.
 */
export function unquotedReading(node: Node | null | undefined): string {
  return unquotedScalar(node)?.hint ?? "";
}

/** What a value's hint to quote it needs: the text written, and {@link unquotedReading}'s words. */
export interface UnquotedScalar {
  readonly written: string;
  readonly hint: string;
}

/** {@link unquotedReading} with the text written; `null` where that is empty. */
export function unquotedScalar(node: Node | null | undefined): UnquotedScalar | null {
  if (!isScalar(node) || node.type !== "PLAIN" || typeof node.value === "string") return null;
  const written = typeof node.source === "string" ? node.source : "";
  if (written === "") return null;
  const value = node.value;
  const reading =
    value === null
      ? "null (no value)"
      : typeof value === "boolean"
        ? `the boolean ${value}`
        : typeof value === "number" && Number.isNaN(value)
          ? "the number NaN"
          : `the number ${String(value)}`;
  return {
    written,
    hint: `; YAML reads ${written} unquoted as ${reading}: write it in quotes, ${JSON.stringify(written)}`,
  };
}

/** Parses `text`; `null` (with diagnostics added) when it is not YAML a schema can be read from. */
export function readYamlFile(file: string, written: string, diagnostics: Diagnostics): YamlFile | null {
  // Editors show no column for a byte order mark; counting it would put line 1's errors one column right.
  const text = written.startsWith(BYTE_ORDER_MARK) ? written.slice(BYTE_ORDER_MARK.length) : written;
  const lines = new LineCounter();
  const positionOf = (offset: number): SourcePosition => ({ file, ...lines.linePos(offset) });
  const loneReturn = loneCarriageReturn(text);
  if (loneReturn !== null) {
    diagnostics.add(
      { file, ...loneReturn },
      "yaml-syntax",
      "invalid YAML: this line ends in a carriage return alone (CR, without LF), which editors show as a line break and the YAML parser does not read as one (the next line would be part of this line, or of its comment); save the file with LF or CRLF line endings",
    );
    return null;
  }
  // One pass of the (iterative) parser; its tokens are measured, then composed.
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  const tooDeep = deepestOffset(tokens);
  if (tooDeep !== null) {
    diagnostics.add(
      positionOf(tooDeep),
      "yaml-depth",
      `invalid YAML: collections nest deeper than ${MAX_YAML_DEPTH} levels here`,
    );
    return null;
  }
  // `forceDoc`: an empty file is one empty document, so there is always a first.
  const [first, second] = new Composer({ uniqueKeys: false, intAsBigInt: true }).compose(tokens, true, text.length);
  const document = first!;
  const before = diagnostics.count;
  // The yaml package honours %YAML 1.1 (n would be a key false, 010 the number 8) and reads any
  // other version but 1.2 as 1.2 with a warning only: a file that asks for 1.0 must hear it is not.
  const directive = tokens.find(
    (token): token is CST.Directive => token.type === "directive" && /^%YAML\b/.test(token.source),
  );
  const declared = directive === undefined ? null : /^%YAML[ \t]+(\S+)/.exec(directive.source)?.[1];
  if (directive !== undefined && declared !== "1.2") {
    diagnostics.add(
      positionOf(directive.offset),
      "yaml-version",
      declared === "1.1"
        ? "invalid YAML: schema files are YAML 1.2, and %YAML 1.1 would read y, n, yes, no, on and off as true or false, 010 as 8 and << as a merge; remove the directive"
        : `invalid YAML: schema files are YAML 1.2, and are read as 1.2 whatever %YAML ${declared ?? ""} asks (another version may read values otherwise: 1.1 reads yes as true and 010 as 8); remove the directive`,
    );
    return null;
  }
  numbersWithinDoubles(document);
  const tabs = tabIndentation(document.errors, text);
  if (tabs !== null) diagnostics.add(positionOf(tabs.offset), "yaml-syntax", `invalid YAML: ${tabs.message}`);
  for (const error of oneErrorPerSlip(tabs?.otherErrors ?? document.errors, text)) {
    diagnostics.add(
      // A quote, [ or { never closed is reported where its value runs out (a line below the
      // last, or the next key): named instead where it opens.
      positionOf(unclosedStart(tokens, error) ?? error.pos[0]),
      "yaml-syntax",
      `invalid YAML: ${error.message.split("\n")[0]!.toLowerCase()}${syntaxHint(error, document.errors, text)}`,
    );
  }
  for (const warning of document.warnings.filter((w) => w.code === "TAG_RESOLVE_FAILED")) {
    // The yaml package keeps such a value as text: !!float 3 would be "3", !!bool yes "yes".
    const tag = warning.message.replace(/^Unresolved tag: /, "").replace(/^tag:yaml\.org,2002:/, "!!");
    diagnostics.add(
      positionOf(warning.pos[0]),
      "yaml-tag",
      `invalid YAML: the tag ${tag} cannot be read here, and the value would be text; write the value without it${
        tag.startsWith("!!")
          ? ""
          : // `check: !row.done` is a negation to its writer, a local tag to YAML.
            `, or, where the ! begins the value (a negation in a check), put the whole value in quotes: '${tag} ...'`
      }`,
    );
  }
  if (second !== undefined) {
    diagnostics.add(
      positionOf(second.range[0]),
      "yaml-syntax",
      "invalid YAML: a schema file holds one document, and a second starts here",
    );
  }
  // Which mapping a tabbed line's key is in is the yaml package's guess: a key it put beside
  // another of its name is no repeat the writer made.
  for (const { key, earlier } of tabs === null ? duplicateKeys(document) : []) {
    // `Null:` after `NULL:`, or `True:` after `true:`: two texts that YAML reads as one value.
    const written = isScalar(key) ? key.source : undefined;
    const reading = written !== undefined && written !== earlier.source ? unquotedReading(key) : "";
    diagnostics.add(
      positionOf(key.range?.[0] ?? 0),
      "duplicate-key",
      isAlias(key)
        ? `invalid YAML: map keys must be unique; the alias *${key.source} stands for the key ${quote(earlier.value)}, which is already here`
        : reading === ""
          ? `invalid YAML: map keys must be unique; ${quote(keyText(key))} is repeated`
          : `invalid YAML: map keys must be unique; ${quote(written)} is read as the key ${quote(earlier.source)} before it${reading}`,
    );
  }
  if (diagnostics.count > before) return null;
  const expansion = expandAliases(document.contents, MAX_YAML_DEPTH);
  if ("problem" in expansion) {
    diagnostics.add(positionOf(expansion.offset), "yaml-aliases", expansion.problem);
    return null;
  }
  const { root, origins } = expansion;
  const at = (node: Node | null | undefined): SourcePosition => {
    const origin = node ? origins.get(node) : undefined;
    const position = positionOf(node?.range?.[0] ?? 0);
    if (origin === undefined) return position;
    const written = lines.linePos(origin.offset);
    return { ...position, alias: { name: origin.alias, ...written } };
  };
  const verbatimStart = (node: Node | null | undefined): SourcePosition | undefined => {
    if (!isScalar(node) || origins.has(node) || typeof node.value !== "string" || /[\n\r]/.test(node.value))
      return undefined;
    const start = (node.range?.[0] ?? 0) + (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE" ? 1 : 0);
    return text.startsWith(node.value, start) ? positionOf(start) : undefined;
  };
  // `keep`, which the Document sets, keeps a bigint a bigint (a node's `toJSON()` makes it a number).
  const value = (node: Node): unknown => node.toJS(document);
  return { root, at, verbatimStart, value };
}

/**
 * Where the first CR not followed by LF is, counting lines as an editor shows them (a lone CR
 * ends one); `null` when there is none. YAML 1.2 reads a lone CR as a line break, the yaml
 * package does not: `a: int32 # note` + CR + `b: int64` would be one comment line, `b` lost.
 */
function loneCarriageReturn(text: string): { line: number; col: number } | null {
  const match = /\r(?!\n)/.exec(text);
  if (match === null) return null;
  const before = text.slice(0, match.index);
  const breaks = before.match(/\r\n|\r|\n/g) ?? [];
  const lineStart = Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r")) + 1;
  return { line: breaks.length + 1, col: match.index - lineStart + 1 };
}

/**
 * Integers that a double holds exactly (within 2^53) as numbers, as every rule but an integer
 * bound's reads them; those beyond stay the `bigint` they were read as, which a float would round.
 */
function numbersWithinDoubles(document: Document.Parsed): void {
  const pending: unknown[] = [document.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isScalar(node)) {
      if (typeof node.value === "bigint" && isSafeInteger(node.value)) node.value = Number(node.value);
    } else if (isMap(node)) {
      for (const pair of node.items) pending.push(pair.key, pair.value);
    } else if (isSeq(node)) {
      for (const item of node.items) pending.push(item);
    }
  }
}

function isSafeInteger(value: bigint): boolean {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
}

/** The offset of the first collection nested deeper than {@link MAX_YAML_DEPTH}, or `null`. */
function deepestOffset(tokens: readonly CST.Token[]): number | null {
  const pending = tokens.map((token) => ({ token, depth: 0 }));
  while (pending.length > 0) {
    const { token, depth } = pending.pop()!;
    if (depth > MAX_YAML_DEPTH) return token.offset;
    if (token.type === "document" && token.value !== undefined) pending.push({ token: token.value, depth });
    if (token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection") {
      for (const item of token.items) {
        if (item.key) pending.push({ token: item.key, depth: depth + 1 });
        if (item.value) pending.push({ token: item.value, depth: depth + 1 });
      }
    }
  }
  return null;
}

/**
 * Where a value that never closes opens, for the errors YAML reports where it runs out (a line
 * below the last, or the next key): a quote never closed (its quoted scalar ends at the error),
 * or a `[` or `{` never closed (a flow collection with no closing bracket); else `null`.
 */
function unclosedStart(tokens: readonly CST.Token[], error: YAMLError): number | null {
  const quote = error.code === "MISSING_CHAR" && /quote/.test(error.message);
  const bracket = error.code === "BAD_INDENT" && UNCLOSED_FLOW.test(error.message);
  if (!quote && !bracket) return null;
  const pending = [...tokens];
  while (pending.length > 0) {
    const token = pending.pop()!;
    if (
      quote &&
      (token.type === "double-quoted-scalar" || token.type === "single-quoted-scalar") &&
      token.offset + token.source.length === error.pos[0]
    )
      return token.offset;
    if (bracket && token.type === "flow-collection" && !token.end.some((end) => CLOSING_BRACKETS.has(end.type)))
      return token.start.offset;
    if (token.type === "document" && token.value !== undefined) pending.push(token.value);
    if (token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection") {
      for (const item of token.items) {
        if (item.key) pending.push(item.key);
        if (item.value) pending.push(item.value);
      }
    }
  }
  return null;
}

const CLOSING_BRACKETS: ReadonlySet<string> = new Set(["flow-seq-end", "flow-map-end"]);

/** Every key that repeats an earlier scalar key of its mapping (with the first such key), in document order. */
function duplicateKeys(document: Document.Parsed): { key: Node; earlier: Scalar }[] {
  const repeated: { key: Node; earlier: Scalar }[] = [];
  const pending: unknown[] = [document.contents];
  while (pending.length > 0) {
    const node = pending.pop();
    if (isMap(node)) {
      const seen = new Map<unknown, Scalar>();
      for (const pair of node.items) {
        // An alias as a key (`*name : int64`) is the key its anchor marks: `&name a: int32` before it.
        const key = isAlias(pair.key) ? pair.key.resolve(document) : pair.key;
        if (isScalar(key)) {
          const earlier = seen.get(key.value);
          if (earlier !== undefined) repeated.push({ key: pair.key as Node, earlier });
          else seen.set(key.value, key);
        } else if (!isAlias(pair.key)) pending.push(pair.key);
        pending.push(pair.value);
      }
    } else if (node !== null && typeof node === "object" && "items" in node && Array.isArray(node.items)) {
      for (const item of node.items) pending.push(item);
    }
  }
  return repeated;
}

function keyText(key: Node): unknown {
  return isScalar(key) ? key.value : key;
}
