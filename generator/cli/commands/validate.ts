/**
 * `legolas validate <files or globs...>`: every file's columns and every row, one report per
 * file. Exit 0 when every file is a valid Legolas table, 1 when any file has a violation or is not
 * a Legolas table of a registered version (no metadata, a version neither registered nor
 * extending one that is), 2 when any file cannot be read at all (missing, not a regular file, not
 * Arrow, changed while it was read) or on misuse (bad flags, a pattern matching nothing, invalid
 * YAML schemas); the other files are still reported. Misuse is thrown as an `Error`, which `main`
 * prints as `legolas: <message>` with exit 2. Every file gets a report, so the summary counts
 * exactly the files that were checked.
 *
 * Files are validated in this process, a few at a time (`--jobs`, default 4), so that one file's
 * reads overlap another's validation. Worker threads were measured and left out: each worker
 * loads the runtime and the schemas again, and on two cores two workers were slower than one
 * process (BENCHMARKS.md, "Figures behind choices in the code").
 */
import type { Command } from "commander";
import { findSchemaVersion, renderViolations, type SchemaVersion } from "legolas-ts";
import { EXIT } from "../exit-codes.js";
import { FROM_PACKAGE_JSON } from "../project-folders.js";
import { expandFileArguments } from "../file-args.js";
import { printableData } from "../terminal-text.js";
import { collectFolder, loadSchemasFor, type SchemaFlags } from "../schema-loader.js";
import { LEGOLAS_TABLE_PROBLEMS, validateFile, type FileReport, type PlacedViolation } from "../table-validation.js";
import { announceSchemas } from "../schema-notices.js";
import { UsageError } from "../usage-error.js";
import { counted } from "../wording.js";

interface ValidateFlags extends SchemaFlags {
  json?: boolean;
  as?: string;
  jobs: string;
  allowAncestor?: boolean;
}

/** How many violations of one file the text output shows (`--json` has up to 100). */
const VIOLATIONS_SHOWN = 10;

async function runValidate(args: readonly string[], flags: ValidateFlags): Promise<number> {
  const jobs = Number(flags.jobs);
  if (!Number.isSafeInteger(jobs) || jobs < 1)
    throw new UsageError(`--jobs ${flags.jobs}: expected a positive integer`);
  const { files, unmatched } = expandFileArguments(args);
  if (unmatched.length > 0)
    throw new UsageError(`no .arrow file matches ${unmatched.map((p) => JSON.stringify(p)).join(", ")}`);
  await announceSchemas("legolas validate", await loadSchemasFor(flags));
  let expected: SchemaVersion | undefined;
  if (flags.as !== undefined) {
    expected = findSchemaVersion(flags.as);
    if (expected === undefined)
      throw new UsageError(
        `--as ${flags.as}: no such schema version is registered; pass --schemas <folder> with its YAML`,
      );
  }
  const reports = await mapConcurrently(files, jobs, (file) => validateFile(file, expected));
  // A file checked against an ancestor only passes when the user says so: its own fields and
  // checks were never run, and a CI gate must not go green on them by default.
  const passed = (report: FileReport) =>
    report.status === "ok" || (report.status === "partial" && flags.allowAncestor === true);
  if (flags.json) console.log(JSON.stringify({ ok: reports.every(passed), files: reports }, null, 2));
  else {
    for (const report of reports) console.log(renderReport(printableData(report)));
    console.log(summary(reports));
  }
  if (reports.some((r) => r.status === "unreadable" && !LEGOLAS_TABLE_PROBLEMS.has(r.code))) return EXIT.invalid;
  return reports.every(passed) ? EXIT.ok : EXIT.failed;
}

/**
 * `work` over `items` with at most `limit` in flight, results in input order. Files are read
 * asynchronously, so a few in flight overlap one file's reads with another's validation.
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** One file's report as text. Its strings come from the file: pass it through `printableData` first. */
export function renderReport(report: FileReport): string {
  const text = reportText(report);
  return report.status === "invalid" && report.note !== undefined ? `${text}\n  note: ${report.note}` : text;
}

function reportText(report: FileReport): string {
  switch (report.status) {
    case "ok":
      return `ok       ${report.file}: ${counted(report.rows, "row")} of ${report.schemaVersion}`;
    case "partial":
      return `partial  ${report.file}: ${counted(report.rows, "row")} checked against ancestor ${report.schemaVersion} only: register ${report.unregistered} with --schemas <folder of its YAML> (or pass --allow-ancestor)`;
    case "unreadable":
      return `error    ${report.file}: ${report.message}`;
    case "invalid": {
      if (report.rows === null) {
        const count = report.violationCount === 1 ? "1 column violation" : `${report.violationCount} column violations`;
        const hint = report.hint === undefined ? [] : [`  ${report.hint}`];
        return [
          `invalid  ${report.file}: ${count} against ${report.schemaVersion}; its rows were not read:`,
          renderViolations(report.violations),
          ...hint,
        ].join("\n");
      }
      const rows = `${report.invalidRows} of ${counted(report.rows, "row")} ${report.invalidRows === 1 ? "violates" : "violate"}`;
      const lines = [
        `invalid  ${report.file}: ${rows} ${report.schemaVersion} (${counted(report.violationCount, "violation")}):`,
      ];
      lines.push(...byRow(report.violations.slice(0, VIOLATIONS_SHOWN)));
      const hidden = report.violationCount - Math.min(VIOLATIONS_SHOWN, report.violations.length);
      if (hidden > 0)
        lines.push(
          `  ... and ${hidden} more${report.violationCount > report.violations.length ? "" : " (--json lists them)"}`,
        );
      return lines.join("\n");
    }
  }
}

function byRow(violations: readonly PlacedViolation[]): string[] {
  const lines: string[] = [];
  let row: number | null | undefined;
  for (const violation of violations) {
    if (violation.row !== row) lines.push(`  row ${violation.row}:`), (row = violation.row);
    lines.push(`  ${renderViolations([violation])}`);
  }
  return lines;
}

function summary(reports: readonly FileReport[]): string {
  const count = (status: FileReport["status"]) => reports.filter((r) => r.status === status).length;
  const partial = count("partial");
  const parts = [
    `${count("ok")} valid`,
    ...(partial > 0 ? [`${partial} checked against an ancestor only`] : []),
    `${count("invalid")} invalid`,
    `${count("unreadable")} unreadable`,
  ];
  return `${counted(reports.length, "file")}: ${parts.join(", ")}`;
}

export function registerValidate(cli: Command): void {
  cli
    .command("validate")
    .description("validate the columns and every row of Arrow files against their schema versions")
    .argument("<files...>", "Arrow files, folders (every *.arrow below) or quoted glob patterns (*, ?, **)")
    .option(
      "--schemas <dir>",
      `folder of YAML schemas to register, whose row checks run (repeatable; ${FROM_PACKAGE_JSON("schemas")}, when it holds YAML)`,
      collectFolder,
    )
    .option("--as <name@version>", "validate every file as this registered schema version (or one that extends it)")
    .option(
      "--allow-ancestor",
      "pass a file whose own version is not registered when it complies with a version it extends (by default such a file is `partial`, exit 1)",
    )
    .option("--jobs <n>", "files validated at once", "4")
    .option("--json", "print the reports as JSON")
    .action(async (files: string[], flags: ValidateFlags) => {
      process.exitCode = await runValidate(files, flags);
    });
}
