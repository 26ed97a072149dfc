/**
 * How the walk's checks (validator.ts) are written out: a value's checks as an `if ... else if`
 * chain or as independent statements, and each on one line when it fits.
 */

/**
 * One check of a value: a test whose failure reports a violation (`report`, a call that is
 * `false` when the walk must stop) or, with `report` null, stops the walk; or plain lines. In a
 * chain, each check runs only when the ones before it passed.
 */
export type Branch = Test | { readonly lines: readonly Line[] };

export interface Test {
  readonly test: string;
  readonly report: string | null;
  /** Statements run after a reported failure, when the walk goes on. */
  readonly after?: readonly string[];
}

/**
 * A line of the walk: code, or a statement with a block (`if (test) { ... }`, `else { ... }`,
 * `for (...) { ... }`), which `layout` prints on one line when it can (as `oneLine`, if given).
 */
export type Line = string | Block;

interface Block {
  readonly head: string;
  readonly block: readonly Line[];
  readonly oneLine?: string;
}

/** Where a one-line statement must end, as Biome's width (biome.jsonc) for the rest of the code. */
const CODE_WIDTH = 120;
/** The indentation of a function body, which the printer adds. */
const FUNCTION_BODY = "  ";

/**
 * Branches as `if (a) ... else if (b) ... else { ... }`: each runs only when the ones before it
 * passed. A lone branch is a statement (`if (a && !report(...)) return false;`).
 */
export function chain(branches: readonly Branch[]): Line[] {
  if (branches.length === 1) return statement(branches[0]!);
  return branches.flatMap((branch, i): Line[] => {
    if ("test" in branch) return [{ head: `${i === 0 ? "if" : "else if"} (${branch.test})`, block: failure(branch) }];
    if (i === 0) return [...branch.lines];
    const [only, ...more] = branch.lines;
    // `else { if (a) { ... } }` reads as `else if (a) { ... }`.
    if (more.length === 0 && typeof only === "object" && only.head.startsWith("if ")) return [elseIf(only)];
    return [{ head: "else", block: branch.lines }];
  });
}

function elseIf(block: Block): Block {
  const { head, oneLine } = block;
  return { ...block, head: `else ${head}`, ...(oneLine === undefined ? {} : { oneLine: `else ${oneLine}` }) };
}

/**
 * A branch as a statement of its own (independent of the ones around it): a failure that only
 * reports is folded into the test, `if (test && !report(...)) return false;`.
 */
export function statement(branch: Branch): Line[] {
  if (!("test" in branch)) return [...branch.lines];
  const block = { head: `if (${branch.test})`, block: failure(branch) };
  if (branch.after !== undefined) return [block];
  const test = branch.report === null ? branch.test : `${parenthesized(branch.test)} && !${branch.report}`;
  return [{ ...block, oneLine: `if (${test}) return false;` }];
}

/** `value != null && test`: a check of an optional value, which a missing value passes. */
export function whenPresent(value: string, branch: Test): Test {
  return { ...branch, test: `${value} != null && ${parenthesized(branch.test)}` };
}

function failure(branch: Test): string[] {
  const stop = branch.report === null ? "return false;" : `if (!${branch.report}) return false;`;
  return [stop, ...(branch.after ?? [])];
}

function parenthesized(test: string): string {
  return test.includes(" || ") ? `(${test})` : test;
}

/**
 * The walk's lines as text at `margin` (the function body is one level deep): a block whose
 * statements are plain goes on its statement's line when that fits (a lone statement without
 * braces), else its statements go one a line; an `else` follows the brace that closes the block
 * before it.
 */
export function layout(lines: readonly Line[], margin = ""): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (typeof line === "string") {
      out.push(margin + line);
      continue;
    }
    const oneLine = inline(line, margin);
    const [first, ...rest] =
      oneLine !== null ? [oneLine] : [`${margin}${line.head} {`, ...layout(line.block, `${margin}  `), `${margin}}`];
    // An `else` goes on the line that closes the block before it, as people write it.
    const joined = `${margin}} ${first!.slice(margin.length)}`;
    if (line.head.startsWith("else") && out.at(-1) === `${margin}}` && fits(joined)) out[out.length - 1] = joined;
    else out.push(first!);
    out.push(...rest);
  }
  return out;
}

function fits(text: string): boolean {
  return FUNCTION_BODY.length + text.length <= CODE_WIDTH;
}

function inline(line: Block, margin: string): string | null {
  if (!line.block.every((statement) => typeof statement === "string")) return null;
  const block = line.block as readonly string[];
  // A lone `if` inside an `if` that an `else` follows would take that `else`: braces keep it.
  const braced = block.length > 1 || block[0]!.startsWith("if ");
  const text = `${margin}${line.oneLine ?? `${line.head} ${braced ? `{ ${block.join(" ")} }` : block[0]}`}`;
  return fits(text) ? text : null;
}
