/**
 * `legolas inspect <file.arrow>`: what an Arrow file holds, as Legolas sees it. Exit 0 when the
 * file was inspected and no column violation was found (or its version is not registered), 1 with
 * column violations, 2 when the file is not a readable Arrow file or the command was misused.
 */
import type { Command } from "commander";
import { renderViolations, WEIGHTS_LAYOUT_KEY } from "legolas-ts";
import { isHttpUrl, isPattern, shortText, shownSource } from "legolas-ts/internal/internal";
import { EXIT } from "../exit-codes.js";
import { FROM_PACKAGE_JSON } from "../project-folders.js";
import { collectFolder, loadSchemasFor, type SchemaFlags } from "../schema-loader.js";
import { announceSchemas } from "../schema-notices.js";
import { printable, printableData } from "../terminal-text.js";
import { tableFacts, type ColumnFacts, type TableFacts, type WeightsColumnFacts } from "../table-facts.js";
import { cellText, headJson, withEscapedQuotes } from "../table-head.js";
import { unreadableMessage } from "../table-validation.js";
import { positiveIntegerValue } from "../option-values.js";
import { checkStdinArgument } from "../stdin-table.js";
import { refuseUrlCredentials } from "../url-credentials.js";
import { counted, legolasCommand, pathArgument } from "../wording.js";
import { takesPaths } from "../unknown-flags.js";

interface InspectFlags extends SchemaFlags {
  json?: boolean;
  head?: string;
}

const UNFINISHED_STREAM =
  "unfinished: it ends without its end-of-stream marker, so its writer never closed it (it was stopped, or is still writing) and rows may be missing";

/** How many rows of a Weights column the text output shows (`--json` has them all). */
const WEIGHTS_ROWS_SHOWN = 3;

async function runInspect(file: string, flags: InspectFlags): Promise<number> {
  const head =
    flags.head === undefined
      ? undefined
      : positiveIntegerValue("--head", flags.head, "expected a positive number of rows");
  checkStdinArgument("legolas inspect", [file]);
  refuseUrlCredentials("legolas inspect", [file]);
  await announceSchemas("legolas inspect", await loadSchemasFor(flags));
  let facts: TableFacts;
  try {
    facts = await tableFacts(file, head);
  } catch (error) {
    const { message } = error as Error;
    const code = (error as { code?: string }).code ?? "unreadable";
    const shown = shownSource(file);
    console.error(printable(`${shown}: ${unreadableReason(file, error)}`));
    // As every command that could not run says it (main.ts): a script that reads `.ok` reads false.
    if (flags.json) console.log(JSON.stringify({ ok: false, file: shown, error: { code, message } }, null, 2));
    return EXIT.invalid;
  }
  const ok = facts.check.violations.length === 0;
  // `ok` first, as validate and compat print it, and as the exit code says: false with column violations.
  if (flags.json) console.log(JSON.stringify({ ok, ...facts }, headJson, 2));
  else {
    const head = facts.head === undefined ? {} : { head: withEscapedQuotes(facts.head) };
    console.log(renderFacts(printableData({ ...facts, ...head })));
  }
  return ok ? EXIT.ok : EXIT.failed;
}

/**
 * Why `file` could not be inspected. The runtime's advice for a pattern, and for a folder, names
 * readTableBatches, which reads many tables; here the command that reads many is validate.
 */
function unreadableReason(file: string, error: unknown): string {
  const { code, systemCode } = error as { code?: string; systemCode?: string | null };
  const local = code === "file_access_failed" && !isHttpUrl(file);
  if (local && systemCode === "ENOENT" && isPattern(file))
    return "cannot read it (ENOENT): no such file or folder; inspect reads one file, and this name holds a wildcard (* or ?): legolas validate takes patterns";
  if (local && systemCode === "EISDIR")
    return `cannot read it (EISDIR): it is a folder; inspect reads one table: name a file in it, or run \`${legolasCommand("validate", pathArgument(file))}\` to check every .arrow file below it`;
  return unreadableMessage(error, (error as Error).message);
}

/**
 * The text report: a header of key facts, the columns, the check, the weights. Its strings come
 * from the file: pass the facts through `printableData` first, the head's rows through
 * `withEscapedQuotes` before it.
 */
export function renderFacts(facts: TableFacts): string {
  const lines: string[] = [];
  const provider =
    facts.provider.name === null
      ? "none"
      : `${facts.provider.name}${facts.provider.version === null ? "" : ` ${facts.provider.version}`}`;
  const header: [string, string][] = [
    ["file", `${facts.file} (${facts.bytes} bytes, Arrow IPC ${facts.format})`],
    ["codec", facts.compression.length === 0 ? "none (uncompressed)" : facts.compression.join(", ")],
    ["schema", facts.identifier === null ? "none (no legolas_schema_qualified metadata)" : shortText(facts.identifier)],
    ...(facts.chain.length > 1 ? [["chain", shortText(facts.chain.join(" > "))] as [string, string]] : []),
    ["provider", provider],
    ...(facts.weights.length > 0 ? [["layout", weightsLayoutText(facts)] as [string, string]] : []),
    ["rows", `${facts.rows} (${facts.batches} record batch${facts.batches === 1 ? "" : "es"})`],
    // As validate's `unfinished`: the rows counted may not be all the stream was meant to hold.
    ...(facts.streamFinished === false ? [["stream", UNFINISHED_STREAM] as [string, string]] : []),
  ];
  for (const [key, value] of header) lines.push(`${key.padEnd(9)}${value}`);
  const others = Object.entries(facts.metadata).filter(([key]) => !key.startsWith("legolas_"));
  for (const [key, value] of others) lines.push(`${"metadata".padEnd(9)}${key} = ${JSON.stringify(value)}`);

  lines.push("", `columns (${facts.columns.length})`);
  const rows = facts.columns.flatMap((column) => flattenColumn(column, ""));
  // Appended line by line, never push(...lines): a file may have 100k columns, a row 100k weight arrays.
  append(
    lines,
    table(
      ["name", "Arrow type", "nullable", "extension"],
      rows.map((c) => [c.path, c.type, c.nullable ? "yes" : "no", c.extension ?? ""]),
    ),
  );

  lines.push("");
  append(lines, renderCheck(facts));
  if (facts.head !== undefined) {
    lines.push("");
    append(lines, renderHead(facts));
  }
  for (const column of facts.weights) {
    lines.push("");
    append(lines, renderWeights(column));
  }
  return lines.join("\n");
}

/**
 * Whose layout the weights are in: the same numbers mean different things to tfjs and Flux, and
 * LegolasFlux.jl's `load_weights!` does not read the key (docs/flux.md), so a Julia user checks it here.
 * A table whose rows hold no weights has none to be in: a layout named for it would be a guess.
 */
function weightsLayoutText({ weightsLayout, metadata, rows }: TableFacts): string {
  const stated = metadata[WEIGHTS_LAYOUT_KEY];
  const key = stated === undefined ? undefined : `${WEIGHTS_LAYOUT_KEY} = ${JSON.stringify(stated)}`;
  if (weightsLayout === null) {
    const why =
      rows === 0 ? "the table has no rows" : `${rows === 1 ? "its row's" : `all ${rows} rows'`} weights are missing`;
    return `none: ${why}${key === undefined ? "" : ` (${key})`}`;
  }
  if (key === undefined) return `${weightsLayout} (no ${WEIGHTS_LAYOUT_KEY}: LegolasFlux.jl's)`;
  return typeof weightsLayout === "string"
    ? `${weightsLayout} (${key})`
    : `unknown to this version (${key}): its weights neither load nor convert`;
}

function flattenColumn(
  column: ColumnFacts,
  prefix: string,
): { path: string; type: string; nullable: boolean; extension: string | null }[] {
  const path = `${prefix}${column.name}`;
  const self = { path, type: column.type, nullable: column.nullable, extension: column.extension };
  // A Weights column's layout is always the same; its arrays are listed below instead.
  if (column.children === undefined || column.extension?.includes("LegolasFlux") === true) return [self];
  return [self, ...column.children.flatMap((child) => flattenColumn(child, `${path}.`))];
}

function renderCheck(facts: TableFacts): string[] {
  const { check } = facts;
  const lines: string[] = [];
  if (check.checkedAgainst === null) {
    lines.push(`check    not checked: ${check.note}`);
    return lines;
  }
  const against = `${check.checkedAgainst} (registered as ${check.registeredIdentifier})`;
  if (check.violations.length === 0) lines.push(`check    the columns comply with ${against}`);
  else {
    const count = check.violations.length === 1 ? "1 column violation" : `${check.violations.length} column violations`;
    lines.push(`check    ${count} against ${against}:`, renderViolations(check.violations));
  }
  if (check.note !== null) lines.push(`note     ${check.note}`);
  return lines;
}

/** The rows of `--head`, one line each under the column names. */
function renderHead(facts: TableFacts): string[] {
  const rows = facts.head ?? [];
  const names = facts.columns.map((column) => column.name);
  const cells = rows.map((row, index) => [String(index), ...names.map((name) => cellText(row[name] ?? null))]);
  return [`head     ${rows.length} of ${counted(facts.rows, "row")}`, ...table(["#", ...names], cells, [true])];
}

function renderWeights(column: WeightsColumnFacts): string[] {
  if (column.problem !== undefined) return [`weights  column ${column.column}: ${column.problem}`];
  const lines: string[] = [];
  for (const row of column.rows.slice(0, WEIGHTS_ROWS_SHOWN)) {
    const where = `weights  column ${column.column}, row ${row.row}`;
    if (row.arrays === null) {
      lines.push(`${where}: missing`);
      continue;
    }
    lines.push(`${where}: ${row.arrays.length} arrays, ${row.elements} elements`);
    const cells = row.arrays.map((a) => [
      String(a.index),
      `[${a.shape.join(", ")}]`,
      `[${a.size.join(", ")}]`,
      String(a.elements),
      a.problem ?? "",
    ]);
    const problems = cells.some((cell) => cell[4] !== "");
    const head = ["#", "shape (row-major)", "size (Julia)", "elements", ...(problems ? ["problem"] : [])];
    append(
      lines,
      table(
        head,
        cells.map((cell) => cell.slice(0, head.length)),
        [true, false, false, true],
      ),
    );
  }
  const hidden = column.rows.length - WEIGHTS_ROWS_SHOWN;
  if (hidden > 0)
    lines.push(`weights  column ${column.column}: ${counted(hidden, "more row")} (--json lists them all)`);
  return lines;
}

function append(lines: string[], more: readonly string[]): void {
  for (const line of more) lines.push(line);
}

/** A text table, two spaces in, columns padded to their widest cell. */
function table(head: string[], rows: string[][], rightAligned: boolean[] = []): string[] {
  const widths = head.map((title, k) => rows.reduce((widest, row) => Math.max(widest, row[k]!.length), title.length));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, k) => (rightAligned[k] ? cell.padStart(widths[k]!) : cell.padEnd(widths[k]!))).join("  ")}`.trimEnd();
  return [line(head), ...rows.map(line)];
}

export function registerInspect(cli: Command): void {
  takesPaths(cli.command("inspect"))
    .description("show an Arrow file's schema identifier, columns, rows, column violations and weight shapes")
    .argument(
      "<file>",
      "an Arrow IPC file (or stream), or an http(s) URL, read with range requests (- reads one piped in on stdin)",
    )
    .option(
      "--schemas <dir>",
      `folder of YAML schemas to register (repeatable; ${FROM_PACKAGE_JSON("schemas")}, when it holds YAML)`,
      collectFolder,
    )
    .option("--head <n>", "show the first n rows (long lists cut after 20 items)")
    .option("--json", "print the facts as JSON")
    .action(async (file: string, flags: InspectFlags) => {
      process.exitCode = await runInspect(file, flags);
    });
}
