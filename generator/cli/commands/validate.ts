/**
 * `legolas validate <files or globs...>`: every file's columns and every row, one report per
 * file. Exit 0 when every file is a valid Legolas table, 1 when any file has a violation or is not
 * a Legolas table of a registered version (no metadata, a version neither registered nor
 * extending one that is), 2 when any file cannot be read at all (missing, not a regular file, not
 * Arrow, changed while it was read) or on misuse (bad flags, a pattern matching nothing, invalid
 * YAML schemas); the other files are still reported. Misuse is thrown as an `Error`, which `main`
 * prints as `legolas validate: <message>` with exit 2. Every file gets a report, so the summary counts
 * exactly the files that were checked.
 *
 * Files are validated in this process, a few at a time (`--jobs`, default 4), so that one file's
 * reads overlap another's validation; a URL is read with range requests, and `--columns` reads
 * only those columns (and those the row checks read). After the reports, one line per schema
 * version sums up its files and rows. Worker threads were measured and left out: each worker
 * loads the runtime and the schemas again, and on two cores two workers were slower than one
 * process (BENCHMARKS.md, "Figures behind choices in the code").
 */
import type { Command } from "commander";
import { didYouMean, mapConcurrently, shortText } from "legolas-ts/internal/internal";
import {
  findSchemaVersion,
  type IdentifierError,
  registeredSchemaVersions,
  renderViolations,
  type SchemaVersion,
} from "legolas-ts";
import { EXIT } from "../exit-codes.js";
import { FROM_PACKAGE_JSON } from "../project-folders.js";
import { expandFileArguments, unmatchedReason } from "../file-args.js";
import { printable, printableData } from "../terminal-text.js";
import { collectFolder, loadSchemasFor, type SchemaFlags } from "../schema-loader.js";
import { LEGOLAS_TABLE_PROBLEMS, validateFile, type FileReport, type PlacedViolation } from "../table-validation.js";
import { announceSchemas } from "../schema-notices.js";
import { UsageError } from "../errors.js";
import { positiveIntegerValue } from "../option-values.js";
import { checkStdinArgument } from "../stdin-table.js";
import { refuseUrlCredentials } from "../url-credentials.js";
import { counted } from "../wording.js";
import { takesPaths } from "../unknown-flags.js";

interface ValidateFlags extends SchemaFlags {
  json?: boolean;
  as?: string;
  /** Absent when not given: {@link DEFAULT_JOBS}. */
  jobs?: string;
  columns?: string;
  allowAncestor?: boolean;
  quiet?: boolean;
  julia: boolean;
}

/** How many files are validated at once unless `--jobs` says. */
const DEFAULT_JOBS = "4";

/** How many violations of one file the text output shows (`--json` has up to 100). */
const VIOLATIONS_SHOWN = 10;

async function runValidate(args: readonly string[], flags: ValidateFlags): Promise<number> {
  const jobs = positiveIntegerValue("--jobs", flags.jobs ?? DEFAULT_JOBS, "expected a positive integer");
  checkStdinArgument("legolas validate", args);
  refuseUrlCredentials("legolas validate", args);
  const { files, unmatched } = await expandFileArguments(args);
  if (unmatched.length > 0) {
    const reasons = await Promise.all(
      unmatched.map(async (arg) => `${JSON.stringify(arg)}${await unmatchedReason(arg)}`),
    );
    throw new UsageError(`no .arrow file matches ${reasons.join(", ")}`);
  }
  await announceSchemas("legolas validate", await loadSchemasFor(flags));
  let expected: SchemaVersion | undefined;
  if (flags.as !== undefined) {
    expected = asVersion(flags.as);
    if (expected === undefined)
      throw new UsageError(`--as ${flags.as}: no such schema version is registered${notRegistered(flags.as)}`);
  }
  const columns = flags.columns === undefined ? undefined : columnList(flags.columns);
  const reports = await mapConcurrently(files, jobs, (file) =>
    validateFile(file, { expected, columns, julia: flags.julia }),
  );
  // A file checked against an ancestor only passes when the user says so: its own fields and
  // checks were never run, and a CI gate must not go green on them by default.
  const passed = (report: FileReport) =>
    report.status === "ok" || (report.status === "partial" && flags.allowAncestor === true);
  const versions = summaryByVersion(reports);
  if (flags.json)
    console.log(
      JSON.stringify(
        {
          ok: reports.every(passed),
          ...(columns === undefined ? {} : { columns }),
          files: reports,
          schemaVersions: versions,
        },
        null,
        2,
      ),
    );
  else {
    // --quiet: a folder of a thousand valid files prints the files to look at, and the counts.
    const shown = flags.quiet ? reports.filter((report) => !passed(report)) : reports;
    for (const report of shown) console.log(renderReport(printableData(report), flags.allowAncestor === true));
    if (columns !== undefined && reports.some((report) => report.status !== "unreadable"))
      console.log(printable(`only the columns ${columns.join(", ")} (and those row checks read) were validated`));
    console.log(summary(reports));
    for (const line of renderSummaryByVersion(printableData(versions))) console.log(line);
  }
  if (reports.some((r) => r.status === "unreadable" && !LEGOLAS_TABLE_PROBLEMS.has(r.code))) return EXIT.invalid;
  return reports.every(passed) ? EXIT.ok : EXIT.failed;
}

/**
 * One file's report as text. Its strings come from the file: pass it through `printableData` first.
 * `allowAncestor`: --allow-ancestor was passed, so a `partial` file passes and is not told to pass it.
 */
export function renderReport(report: FileReport, allowAncestor = false): string {
  const text = reportText(report, allowAncestor);
  const note = report.status === "unreadable" ? undefined : report.note;
  return note === undefined ? text : `${text}\n  note: ${note}`;
}

function reportText(report: FileReport, allowAncestor: boolean): string {
  switch (report.status) {
    case "ok":
      return `ok       ${report.file}: ${counted(report.rows, "row")} of ${report.schemaVersion}`;
    case "partial":
      return `partial  ${report.file}: ${counted(report.rows, "row")} checked against ancestor ${report.schemaVersion} only: ${allowAncestor ? "passed, as --allow-ancestor asks; to check its own fields and row checks, register" : "register"} ${shortText(report.unregistered)} with --schemas <folder of its YAML>${allowAncestor ? "" : " (or pass --allow-ancestor)"}`;
    case "unfinished":
      return `unfinished ${report.file}: ${counted(report.rows, "row")} of ${report.schemaVersion}, but the stream ends without its end-of-stream marker: its writer never closed it (it was stopped, or is still writing), so rows may be missing; validate it once its writer has closed it`;
    case "unreadable":
      return `error    ${report.file}: ${report.message}`;
    case "invalid": {
      if (report.labelMismatch !== undefined)
        return `invalid  ${report.file}: ${report.labelMismatch}; its rows were not read`;
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
      // Columns a read takes but Julia cannot read (table-validation.ts), reported before the rows.
      const columns = report.violations.filter((v) => v.row === null).length;
      const what =
        columns === 0
          ? `${rows} ${report.schemaVersion}`
          : `${counted(columns, "column violation")} against ${report.schemaVersion}, and ${rows} it`;
      const lines = [`invalid  ${report.file}: ${what} (${counted(report.violationCount, "violation")}):`];
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
    if (violation.row !== row) {
      lines.push(violation.row === null ? "  columns:" : `  row ${violation.row}:`);
      row = violation.row;
    }
    lines.push(`  ${renderViolations([violation])}`);
  }
  return lines;
}

function summary(reports: readonly FileReport[]): string {
  const count = (status: FileReport["status"]) => reports.filter((r) => r.status === status).length;
  const partial = count("partial");
  const unfinished = count("unfinished");
  const parts = [
    `${count("ok")} valid`,
    ...(partial > 0 ? [`${partial} checked against an ancestor only`] : []),
    ...(unfinished > 0 ? [`${unfinished} unfinished`] : []),
    `${count("invalid")} invalid`,
    `${count("unreadable")} unreadable`,
  ];
  return `${counted(reports.length, "file")}: ${parts.join(", ")}`;
}

/** The files read as one schema version, and what was found in them. */
export interface VersionSummary {
  readonly schemaVersion: string;
  readonly files: number;
  readonly valid: number;
  /** Files of an unregistered version whose rows comply with this one, an ancestor (not `valid`). */
  readonly partial: number;
  /** Streams whose rows comply but whose writer never closed them (not `valid`). */
  readonly unfinished: number;
  readonly invalid: number;
  /** Rows read (a file whose columns did not comply has none). */
  readonly rows: number;
  readonly invalidRows: number;
}

/** One summary per schema version the files were read as, in the order first seen. */
export function summaryByVersion(reports: readonly FileReport[]): VersionSummary[] {
  const byVersion = new Map<string, VersionSummary>();
  for (const report of reports) {
    if (report.status === "unreadable") continue;
    const seen = byVersion.get(report.schemaVersion) ?? {
      schemaVersion: report.schemaVersion,
      files: 0,
      valid: 0,
      partial: 0,
      unfinished: 0,
      invalid: 0,
      rows: 0,
      invalidRows: 0,
    };
    byVersion.set(report.schemaVersion, {
      ...seen,
      files: seen.files + 1,
      valid: seen.valid + (report.status === "ok" ? 1 : 0),
      partial: seen.partial + (report.status === "partial" ? 1 : 0),
      unfinished: seen.unfinished + (report.status === "unfinished" ? 1 : 0),
      invalid: seen.invalid + (report.status === "invalid" ? 1 : 0),
      rows: seen.rows + (report.rows ?? 0),
      invalidRows: seen.invalidRows + (report.status === "invalid" ? report.invalidRows : 0),
    });
  }
  return [...byVersion.values()];
}

function renderSummaryByVersion(versions: readonly VersionSummary[]): string[] {
  return versions.map((v) => {
    const verdicts = [
      `${v.valid} valid`,
      ...(v.partial > 0 ? [`${v.partial} checked against it as an ancestor only`] : []),
      ...(v.unfinished > 0 ? [`${v.unfinished} unfinished`] : []),
      `${v.invalid} invalid`,
    ];
    return `  ${v.schemaVersion}: ${counted(v.files, "file")} (${verdicts.join(", ")}), ${counted(v.rows, "row")} read, ${counted(v.invalidRows, "invalid row")}`;
  });
}

/**
 * The registered version `--as` names; a usage error, worded as compat words it, when it is no
 * identifier, listing the registered versions of a schema named without its version.
 */
function asVersion(text: string): SchemaVersion | undefined {
  try {
    return findSchemaVersion(text);
  } catch (error) {
    if ((error as { code?: unknown }).code !== "invalid_identifier") throw error;
    const versions = text.includes("@") ? [] : registeredVersionsOf(text.trim());
    const registered = versions.length > 0 ? `; ${text.trim()} has ${versions.join(", ")}` : "";
    throw new UsageError(
      `--as ${JSON.stringify(text)} is not a schema version identifier such as digits-model@1: ${(error as IdentifierError).reason}${registered}`,
    );
  }
}

/**
 * What to pass for `--as`'s version `text`, which is not registered: the registered versions of its
 * schema (the folder holds the schema, not that version), or the registered one it misspells.
 */
function notRegistered(text: string): string {
  const name = text.slice(0, text.indexOf("@"));
  const versions = registeredVersionsOf(name);
  if (versions.length > 0) return `; ${name} has ${versions.join(", ")}`;
  return `${didYouMean(text, registeredIdentifiers())}; pass --schemas <folder> with its YAML`;
}

/** The registered versions, as `name@version`. */
function registeredIdentifiers(): string[] {
  return registeredSchemaVersions().map((version) => `${version.name}@${version.version}`);
}

/** The registered versions of the schema `name`, as `name@version`. */
function registeredVersionsOf(name: string): string[] {
  return registeredIdentifiers().filter((identifier) => identifier.startsWith(`${name}@`));
}

/** `--columns a,b`: the names, trimmed, each once (as the summary names them); a usage error when none is given. */
function columnList(text: string): string[] {
  const names = text
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  if (names.length === 0)
    throw new UsageError(`--columns ${JSON.stringify(text)}: expected column names, separated by commas`);
  return [...new Set(names)];
}

export function registerValidate(cli: Command): void {
  takesPaths(cli.command("validate"))
    .description("validate the columns and every row of Arrow files against their schema versions")
    .argument(
      "<files...>",
      "Arrow files, http(s) URLs, folders (every *.arrow below), quoted glob patterns (*, ?, **), or - for stdin",
    )
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
    // The default in the description: given to commander, a count would show as the text "4".
    .option("--jobs <n>", `files validated at once (default: ${DEFAULT_JOBS})`)
    .option(
      "--columns <names>",
      "validate only these columns (comma-separated) and the columns the row checks read; the others are not read",
    )
    .option(
      "--no-julia",
      "check only what legolas-ts reads: a file Julia's Legolas.read or LegolasFlux.jl would refuse (a layout, a name, a zone, an empty Weights) is not reported",
    )
    .option("--quiet", "print only the files that did not pass, then the summary (no effect with --json)")
    .option("--json", "print the reports as JSON")
    .action(async (files: string[], flags: ValidateFlags) => {
      process.exitCode = await runValidate(files, flags);
    });
}
