/**
 * Line breaking of printed code, the way the formatter (Biome, configured in biome.jsonc) breaks
 * it, so that generated files come out formatter-clean without running a formatter at generate
 * time (Biome's JS API costs ~2 s to load and ~45 ms a file; see docs/contributing.md, "Building
 * and the generated folders"). The emitters print every statement on one line; this pass breaks the lines that do
 * not fit in `LINE_WIDTH` columns, and the arrays the formatter always breaks, by the formatter's
 * rules for the shapes generated code has: imports, `if (test) statement`, calls (a last arrow
 * argument kept on the call's line), object and array literals, type literals, and doc comments.
 * test/generator/formatter-clean.test.ts holds the output to the formatter itself, committed and
 * random. Not yet covered (only names far longer than real ones reach them): type arguments
 * anywhere but a member assigned a short value (`static readonly "~standard": X<A | B, C> = f(C);`)
 * and the first line of a struct conversion when they alone pass the width.
 */

import { literalEnd } from "./string-scan.js";

/** `formatter.lineWidth` in biome.jsonc. */
export const LINE_WIDTH = 120;

const INDENT = "  ";

/** `text` with every line fitted to `LINE_WIDTH`. */
export function fitToWidth(text: string): string {
  const lines = text.split("\n");
  const fitted: string[] = [];
  for (const line of lines) {
    if (line.length > LINE_WIDTH || line.includes("[{")) fitted.push(...fitLine(line));
    else fitted.push(line);
  }
  return fitted.join("\n");
}

function fitLine(line: string): string[] {
  const indent = /^ */.exec(line)![0];
  const body = line.slice(indent.length);
  if (body.startsWith("//") || body.startsWith("*") || body.startsWith("/**")) return fitComment(indent, body);
  // A function's signature, whose body follows on the next lines, breaks as a call does.
  const signature = /^(export )?(function |static |constructor\()/.test(body) && body.endsWith(" {");
  // In a member's type (`readonly a: { b: number };`) braces hold a type literal: `;` between members.
  const nodes = parse(signature ? body.slice(0, -" {".length) : body, body.startsWith("readonly ") ? ";" : ",");
  // Any other line that opens a block or literal closed on a later line is left as it is.
  return nodes === null ? [line] : fitCode(indent, nodes, signature ? " {" : "");
}

// ---------------------------------------------------------------------------------------------
// A line of code as text and bracket groups

interface Group {
  readonly open: string;
  readonly close: string;
  /** The group's items, split at its top-level commas (or semicolons, in a type literal). */
  readonly items: readonly Node[][];
  readonly separator: "," | ";";
  /** The group as printed on one line. */
  readonly flat: string;
  /** `[...]` after a name or a closing bracket: an element access, which is never broken. */
  readonly access: boolean;
}

type Node = string | Group;

const CLOSING: Readonly<Record<string, string>> = { "(": ")", "[": "]", "{": "}" };

/** Brackets, separators and quotes: what `parse` stops at. */
const STRUCTURAL = /[()[\]{},;"'`]/g;

/**
 * Splits one line of code into text and bracket groups; strings and templates stay whole. Null
 * when a bracket opened on the line is not closed on it.
 */
function parse(code: string, braceSeparator: "," | ";"): Node[] | null {
  let at = 0;
  let unclosed = false;
  const readSequence = (close: string | null): { nodes: Node[][]; separator: "," | ";" } => {
    const items: Node[][] = [[]];
    let separator: "," | ";" = close === "}" ? braceSeparator : ",";
    let textStart = at;
    const flush = () => {
      if (at > textStart) items[items.length - 1]!.push(code.slice(textStart, at));
    };
    while (at < code.length) {
      // Jump over plain text to the next character that matters here.
      STRUCTURAL.lastIndex = at;
      if (STRUCTURAL.exec(code) === null) break;
      at = STRUCTURAL.lastIndex - 1;
      const char = code[at]!;
      if (char === close) {
        flush();
        at++;
        return { nodes: items.map(trimItem), separator };
      }
      if (close !== null && (char === "," || (char === ";" && close === "}"))) {
        separator = char;
        flush();
        items.push([]);
        textStart = ++at;
        continue;
      }
      if (char in CLOSING) {
        flush();
        const start = at++;
        const inner = readSequence(CLOSING[char]!);
        items[items.length - 1]!.push({
          open: char,
          close: CLOSING[char]!,
          items: inner.nodes.filter((item, i, all) => item.length > 0 || i < all.length - 1),
          separator: inner.separator,
          flat: code.slice(start, at),
          access: char === "[" && /[\w$)\]]/.test(code[start - 1] ?? ""),
        });
        textStart = at;
        continue;
      }
      // A literal left open runs to the end of the line.
      at = char === '"' || char === "'" || char === "`" ? literalEnd(code, at) : at + 1;
      if (at === -1) at = code.length;
    }
    at = code.length;
    flush();
    if (close !== null) unclosed = true;
    return { nodes: items.map(trimItem), separator };
  };
  const line = readSequence(null).nodes[0]!;
  return unclosed ? null : line;
}

function trimItem(item: Node[]): Node[] {
  const nodes = [...item];
  if (typeof nodes[0] === "string") nodes[0] = nodes[0].trimStart();
  const last = nodes.length - 1;
  if (typeof nodes[last] === "string") nodes[last] = nodes[last].trimEnd();
  return nodes.filter((node) => node !== "");
}

function flat(nodes: readonly Node[]): string {
  return nodes.map((node) => (typeof node === "string" ? node : node.flat)).join("");
}

// ---------------------------------------------------------------------------------------------
// Breaking, outermost group first

function fits(indent: string, text: string): boolean {
  // Counted in code points, as the formatter counts; a UTF-16 length that fits always does.
  return indent.length + text.length <= LINE_WIDTH || indent.length + [...text].length <= LINE_WIDTH;
}

/** `nodes` followed by `suffix`, on one line when it fits and nothing forces a break. */
function fitCode(indent: string, nodes: readonly Node[], suffix: string): string[] {
  const line = flat(nodes) + suffix;
  if (fits(indent, line) && !nodes.some(forcesBreak)) return [indent + line];
  if (nodes[0] === "if ") return ifStatement(indent, nodes, suffix) ?? [indent + line];
  const broken =
    assignmentBrokenAfterOperator(indent, nodes, suffix) ??
    unionMember(indent, nodes, suffix) ??
    propertyBrokenAfterColon(indent, nodes, suffix);
  if (broken !== null) return broken;
  const [parameters, arrow, ...body] = nodes;
  if (
    typeof parameters === "object" &&
    parameters.open === "(" &&
    typeof arrow === "string" &&
    arrow.startsWith(" => ")
  ) {
    return arrowFunction(indent, parameters, [arrow.slice(" => ".length), ...body], suffix);
  }
  // The last top-level group with items is the one the formatter breaks first (call arguments,
  // a literal, an import's names).
  const index = nodes.findLastIndex((node) => typeof node !== "string" && node.items.length > 0 && !node.access);
  if (index < 0) return [indent + line];
  const group = nodes[index] as Group;
  const head = flat(nodes.slice(0, index));
  const tail = flat(nodes.slice(index + 1)) + suffix;
  // A declaration whose value cannot even start on its line is broken after `=` first.
  const operator = nodes.findIndex((node) => typeof node === "string" && node.includes(" = "));
  if (operator >= 0 && operator < index && !fits(indent, `${head}${group.open}`)) {
    const text = nodes[operator] as string;
    const at = text.indexOf(" = ");
    const value = [text.slice(at + " = ".length), ...nodes.slice(operator + 1)].filter((node) => node !== "");
    return [
      `${indent}${flat(nodes.slice(0, operator))}${text.slice(0, at)} =`,
      ...fitCode(indent + INDENT, value, suffix),
    ];
  }
  return group.open === "(" ? callArguments(indent, head, group, tail) : brokenGroup(indent, head, group, tail);
}

/**
 * `if (test) statement;` that does not fit: the statement on its own line, indented; a test that
 * does not fit either is broken at its `&&`s, inside `!( ... )` when it is negated.
 */
function ifStatement(indent: string, nodes: readonly Node[], suffix: string): string[] | null {
  const [keyword, test, ...rest] = nodes;
  if (keyword !== "if " || typeof test !== "object" || test.open !== "(" || typeof rest[0] !== "string") return null;
  if (!rest[0].startsWith(" ") || rest[0].startsWith(" {") || test.items.length !== 1) return null;
  const statement = fitCode(indent + INDENT, [rest[0].trimStart(), ...rest.slice(1)], suffix);
  if (fits(indent, `if ${test.flat}`)) return [`${indent}if ${test.flat}`, ...statement];
  const condition = test.items[0]!;
  const [not, negated, ...more] = condition;
  const inner = indent + INDENT;
  const brokenTest = fits(inner, flat(condition))
    ? [inner + flat(condition)]
    : not === "!" &&
        typeof negated === "object" &&
        negated.open === "(" &&
        more.length === 0 &&
        negated.items.length === 1
      ? [`${inner}!(`, ...conjunction(inner + INDENT, negated.items[0]!), `${inner})`]
      : conjunction(inner, condition);
  return [`${indent}if (`, ...brokenTest, `${indent})`, ...statement];
}

/**
 * `(x) => body` that does not fit: the body on the next line, indented, and broken at its
 * `&&`s when it does not fit there either.
 */
function arrowFunction(indent: string, parameters: Group, body: Node[], suffix: string): string[] {
  const inner = indent + INDENT;
  const nodes = body.filter((node) => node !== "");
  const isConjunction = nodes.some((node) => typeof node === "string" && node.includes(" && "));
  if (!isConjunction || fits(inner, flat(nodes) + suffix))
    return [`${indent}${parameters.flat} =>`, ...fitCode(inner, nodes, suffix)];
  const operands = conjunction(inner, nodes);
  return [`${indent}${parameters.flat} =>`, ...operands.slice(0, -1), `${operands[operands.length - 1]}${suffix}`];
}

/** `a && b && c` as one operand a line, each but the last ending in `&&`. */
function conjunction(indent: string, nodes: readonly Node[]): string[] {
  const operands = splitAt(nodes, " && ").map(flat);
  return operands.map((operand, i) => `${indent}${operand}${i < operands.length - 1 ? " &&" : ""}`);
}

/**
 * `target = value;` whose value is a name, a member chain or a call with only names and literals
 * for arguments: the formatter breaks after `=` rather than inside so short a value, when the
 * value then fits.
 */
function assignmentBrokenAfterOperator(indent: string, nodes: readonly Node[], suffix: string): string[] | null {
  const index = nodes.findIndex((node) => typeof node === "string" && node.includes(" = "));
  if (index < 0) return null;
  const text = nodes[index] as string;
  const operator = text.indexOf(" = ");
  const value = [text.slice(operator + " = ".length), ...nodes.slice(index + 1)];
  const simple = (item: Node[]) => item.length === 1 && typeof item[0] === "string" && /^[\w$."']+$/.test(item[0]);
  if (!value.every((node) => typeof node === "string" || (node.open === "(" && node.items.every(simple)))) return null;
  if (!fits(indent + INDENT, flat(value) + suffix)) return null;
  const target = `${flat(nodes.slice(0, index))}${text.slice(0, operator)}`;
  if (!fits(indent, `${target} =`)) return typeArgumentsBroken(indent, target, `${flat(value)}${suffix}`);
  return [`${indent}${target} =`, `${indent}${INDENT}${flat(value)}${suffix}`];
}

/**
 * `name: Type<A, B> = value;` whose target does not fit even alone: one type argument a line,
 * the value after the closing `>`, as the formatter breaks it (`static readonly "~standard"`
 * with long names). Null when the target does not end in type arguments.
 */
function typeArgumentsBroken(indent: string, target: string, value: string): string[] | null {
  if (!target.endsWith(">")) return null;
  let depth = 0;
  let open = target.length - 1;
  for (; open >= 0; open--) {
    if (target[open] === ">") depth++;
    else if (target[open] === "<" && --depth === 0) break;
  }
  if (open < 0) return null;
  const args = splitTopLevel(target.slice(open + 1, -1));
  return [
    `${indent}${target.slice(0, open + 1)}`,
    ...args.map((arg, i) => `${indent}${INDENT}${arg}${i < args.length - 1 ? "," : ""}`),
    `${indent}> = ${value}`,
  ];
}

/**
 * An object literal's `key: "string"` that does not fit: the string on the next line, indented
 * (a pattern's automaton), unless the key is shorter than the indent plus 3, where the formatter
 * sees too little to gain (Prettier's `isObjectPropertyWithShortKey`).
 */
function propertyBrokenAfterColon(indent: string, nodes: readonly Node[], suffix: string): string[] | null {
  const match =
    nodes.length === 1 && typeof nodes[0] === "string" ? /^([\w$]+): ("(?:[^"\\]|\\.)*")$/.exec(nodes[0]) : null;
  if (match === null || match[1]!.length < INDENT.length + 3) return null;
  return [`${indent}${match[1]}:`, `${indent}${INDENT}${match[2]}${suffix}`];
}

/** `A<B, C>, D` split at the commas outside angle brackets. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "<") depth++;
    else if (text[i] === ">") depth--;
    else if (text[i] === "," && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return [...parts, text.slice(start).trim()];
}

/** `readonly name: A | B | null;` (or a type literal's member) that does not fit: one union member a line, after `|`. */
function unionMember(indent: string, nodes: readonly Node[], suffix: string): string[] | null {
  const first = nodes[0];
  if (typeof first !== "string" || !/^(readonly )?[^\s:(]+\??: /.test(first)) return null;
  const colon = first.indexOf(": ");
  const type = [first.slice(colon + ": ".length), ...nodes.slice(1)];
  const members = splitAt(type, " | ");
  if (members.length < 2) return null;
  const last = members.length - 1;
  return [
    `${indent}${first.slice(0, colon)}:`,
    ...members.flatMap((member, i) => {
      // A member that spans lines is indented past its `| `.
      const [opening, ...rest] = fitCode(indent + INDENT, ["| ", ...member], i === last ? suffix : "");
      return [opening!, ...rest.map((line) => INDENT + line)];
    }),
  ];
}

/** The parts of `nodes` between their top-level `separator`s (groups are never split). */
function splitAt(nodes: readonly Node[], separator: string): Node[][] {
  const parts: Node[][] = [[]];
  for (const node of nodes) {
    if (typeof node !== "string") parts[parts.length - 1]!.push(node);
    else {
      node.split(separator).forEach((text, i) => {
        if (i > 0) parts.push([]);
        if (text !== "") parts[parts.length - 1]!.push(text);
      });
    }
  }
  return parts;
}

/** One item a line, each with a trailing separator. */
function brokenGroup(indent: string, head: string, group: Group, tail: string): string[] {
  const inner = indent + INDENT;
  return [
    `${indent}${head}${group.open}`,
    ...group.items.flatMap((item) => fitCode(inner, item, group.separator)),
    `${indent}${group.close}${tail}`,
  ];
}

/**
 * Call arguments that do not fit: a last argument `(x) => body` stays on the call's line with
 * its body on the next, when the rest fits there; otherwise one argument a line.
 */
function callArguments(indent: string, head: string, group: Group, tail: string): string[] {
  const [only, ...others] = group.items;
  const literal = only?.length === 1 && typeof only[0] === "object" && only[0].open !== "(" ? only[0] : null;
  // A lone object or array argument is hugged: `f([` ... `])`.
  if (literal !== null && others.length === 0) return brokenGroup(indent, `${head}(`, literal, `)${tail}`);
  const last = group.items[group.items.length - 1]!;
  const [parameters, arrow, ...body] = last;
  if (
    typeof parameters === "object" &&
    parameters.open === "(" &&
    typeof arrow === "string" &&
    arrow.startsWith(" => ")
  ) {
    const bodyNodes = [arrow.slice(" => ".length), ...body].filter((node) => node !== "");
    const leading = group.items
      .slice(0, -1)
      .map((item) => `${flat(item)}, `)
      .join("");
    const opening = `${head}(${leading}${parameters.flat} =>`;
    // Only a call body keeps the arrow on the call's line (one the formatter calls expandable).
    const isCall =
      bodyNodes.length === 2 &&
      typeof bodyNodes[0] === "string" &&
      /^[\w$.]+$/.test(bodyNodes[0]) &&
      typeof bodyNodes[1] === "object" &&
      bodyNodes[1].open === "(";
    if (isCall && fits(indent, opening)) {
      return [`${indent}${opening}`, ...fitCode(indent + INDENT, bodyNodes, ","), `${indent})${tail}`];
    }
  }
  return brokenGroup(indent, head, group, tail);
}

/**
 * An array of two or more object literals with more than one property each: the formatter
 * puts each on its own line even when the array fits on one.
 */
function forcesBreak(node: Node): boolean {
  if (typeof node === "string") return false;
  const objects = node.open === "[" && node.items.length > 1;
  if (
    objects &&
    node.items.every(
      (item) => item.length === 1 && typeof item[0] === "object" && item[0].open === "{" && item[0].items.length > 1,
    )
  ) {
    return true;
  }
  return node.items.some((item) => item.some(forcesBreak));
}

// ---------------------------------------------------------------------------------------------
// Comments: the formatter keeps their text; long ones are wrapped at word boundaries here

function fitComment(indent: string, body: string): string[] {
  const single = /^\/\*\* (.*) \*\/$/.exec(body);
  if (single !== null) return [`${indent}/**`, ...wrapWords(`${indent} * `, single[1]!), `${indent} */`];
  const prefix = body.startsWith("*") ? "* " : "// ";
  return wrapWords(indent + prefix, body.slice(prefix.length));
}

function wrapWords(prefix: string, text: string): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && !fits(prefix, `${line} ${word}`)) {
      lines.push(prefix + line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  lines.push(prefix + line);
  return lines.map((wrapped) => wrapped.trimEnd());
}
