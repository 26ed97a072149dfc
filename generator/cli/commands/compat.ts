/**
 * `legolas compat`: are two schema versions compatible (every table valid under one valid under
 * the other), and does a change need a new version? A thin shell over generator/compat. Exit 0
 * when every comparison passes the gate (`--mode`, by default `bump`: compatible, or a breaking
 * change under a new version number), 1 when one does not (by default: a version changed in
 * place in a breaking way, or removed), 2 on bad usage or declaration errors. The old side is
 * the same folder, another folder (`--old-schemas`) or the folder at a git revision (`--against`).
 */
import { existsSync } from "node:fs";
import { join, posix } from "node:path";
import type { Command } from "commander";
import { type DeclarationDiagnostic, formatDiagnostic, type SchemaDeclarationError } from "../../errors.js";
import type { SourceText } from "../../generate.js";
import {
  catalogOf,
  compareConsecutive,
  compareInPlace,
  compareVersions,
  COMPAT_GATES,
  jsonReport,
  passes,
  renderComparison,
  type Catalog,
  type CompareOptions,
  type CompatGate,
  type Comparison,
  type InPlaceResult,
} from "../../compat/index.js";
import { IdentifierError, parseIdentifier, formatSchemaVersionName } from "legolas-ts";
import { EXIT } from "../exit-codes.js";
import { printable, printableLines } from "../terminal-text.js";
import { FROM_PACKAGE_JSON, projectFolder } from "../project-folders.js";
import { readSchemaFolderAt } from "../git.js";
import { assertSchemaFiles, readSchemaSources, readShippedSchemas, type SchemaFolderFlag } from "../schema-sources.js";
import { UsageError } from "../errors.js";

interface CompatFlags {
  mode: string;
  schemas: string;
  oldSchemas?: string;
  against?: string;
  json?: boolean;
  strict?: boolean;
}

async function loadCatalog(folder: string, flag: SchemaFolderFlag = "--schemas"): Promise<Catalog> {
  const { sources, shipped } = await readSchemaSources(folder, flag);
  // As generate refuses it: a mistyped folder, or schemas kept in subfolders, would compare nothing and pass.
  assertSchemaFiles(folder, sources, flag);
  return catalogOf(sources, shipped);
}

/** The links of `argument`, a schema version identifier given on the command line. */
function identifierLinks(argument: string) {
  try {
    return parseIdentifier(argument);
  } catch (error) {
    if (error instanceof IdentifierError)
      throw new UsageError(
        `${JSON.stringify(argument)} is not a schema version identifier such as digits-model@1: ${error.reason}`,
      );
    throw error;
  }
}

/** `name@N` (or a fully qualified identifier naming it) in `catalog`. */
function lookup(argument: string, catalog: Catalog, folder: string) {
  const links = identifierLinks(argument);
  const key = formatSchemaVersionName(links[0]!);
  const version = catalog.version(key);
  if (version === undefined) {
    const known = catalog.versionsOf(links[0]!.name).map((v) => formatSchemaVersionName(v));
    throw new UsageError(
      `${key} is not declared in ${folder}${known.length > 0 ? ` (it declares ${known.join(", ")})` : ""}`,
    );
  }
  if (links.length > 1 && version.identifier !== argument)
    throw new UsageError(`${argument} is declared in ${folder} as ${version.identifier}`);
  return version;
}

/** ` (it declares a, b)`: the schema names the folder's files declare, for a file path or a prefix given instead of one. */
function declaredSchemas(catalog: Catalog): string {
  const names = catalog.files.filter((file) => !file.external).map((file) => file.schema);
  return names.length > 0 ? ` (it declares ${names.join(", ")})` : "";
}

/** The old side: `--old-schemas`, `--against` or (neither) the new side itself; with the name it goes by in messages. */
async function oldSide(
  flags: CompatFlags,
  neu: Catalog,
): Promise<{ old: Catalog; oldFolder: string; across: boolean; leftOut: DeletedUnreadable[] }> {
  if (flags.oldSchemas !== undefined && flags.against !== undefined)
    throw new UsageError("--old-schemas and --against both name the old side: give one");
  if (flags.oldSchemas !== undefined)
    return {
      old: await loadCatalog(flags.oldSchemas, "--old-schemas"),
      oldFolder: flags.oldSchemas,
      across: true,
      leftOut: [],
    };
  if (flags.against !== undefined) {
    const sources = readSchemaFolderAt(flags.against, flags.schemas);
    const { old, leftOut } = catalogAtRevision(sources, await readShippedSchemas(flags.schemas), flags.schemas);
    return { old, oldFolder: `${flags.against}:${flags.schemas}`, across: true, leftOut };
  }
  return { old: neu, oldFolder: flags.schemas, across: false, leftOut: [] };
}

/** A schema file of the revision left out of the comparison: it does not load there, and the working tree deleted it. */
interface DeletedUnreadable {
  /** As `<revision>:<path>`. */
  readonly file: string;
  /** Its declaration errors at the revision, as `generate` prints them. */
  readonly errors: readonly string[];
}

/**
 * The old side at a revision. A file that does not load there cannot be compared; if the working
 * tree deleted it, there is nothing on the new side to compare it with either, and nothing at the
 * revision could use its versions (generate refused the whole folder there): it is left out, to
 * be said, and the rest compared. Errors in a file still present end the run, as they did.
 */
function catalogAtRevision(
  sources: readonly SourceText[],
  shipped: readonly SourceText[],
  schemas: string,
): { old: Catalog; leftOut: DeletedUnreadable[] } {
  try {
    return { old: catalogOf(sources, shipped), leftOut: [] };
  } catch (error) {
    if ((error as Error).name !== "SchemaDeclarationError") throw error;
    const byFile = new Map<string, DeclarationDiagnostic[]>();
    for (const diagnostic of (error as SchemaDeclarationError).diagnostics)
      byFile.set(diagnostic.file, [...(byFile.get(diagnostic.file) ?? []), diagnostic]);
    const deleted = (file: string) =>
      sources.some((source) => source.path === file) && !existsSync(join(schemas, posix.basename(file)));
    if (![...byFile.keys()].every(deleted)) throw error;
    return {
      old: catalogOf(
        sources.filter((source) => !byFile.has(source.path)),
        shipped,
      ),
      leftOut: [...byFile].map(([file, diagnostics]) => ({ file, errors: diagnostics.map(formatDiagnostic) })),
    };
  }
}

/** The line that says a file was left out (see {@link catalogAtRevision}), with its first error. */
function leftOutLine({ file, errors }: DeletedUnreadable, revision: string, schemas: string): string {
  const first = errors[0]!.slice(file.length + 1);
  const which = errors.length === 1 ? first : `${errors.length} declaration errors, the first ${first}`;
  return `${file}: not compared: deleted from ${schemas}, and its versions cannot be read at ${revision} (${which})`;
}

/**
 * `name@N` against itself on the old side, as `compareInPlace` compares each version: a version
 * the new side no longer declares is removed, one only the new side declares needs no check.
 */
function compareOneInPlace(
  argument: string,
  sides: { readonly old: Catalog; readonly oldFolder: string; readonly neu: Catalog; readonly newFolder: string },
  options: CompareOptions,
): InPlaceResult {
  const { old, oldFolder, neu, newFolder } = sides;
  const key = formatSchemaVersionName(identifierLinks(argument)[0]!);
  if (neu.version(key) === undefined && old.version(key) !== undefined) {
    lookup(argument, old, oldFolder); // refuses a qualified identifier whose chain the old side does not declare
    return { comparisons: [], removed: [key], added: [] };
  }
  const after = lookup(argument, neu, newFolder);
  if (old.version(key) === undefined) return { comparisons: [], removed: [], added: [key] };
  return {
    comparisons: [compareVersions(lookup(argument, old, oldFolder), after, { old, new: neu }, options)],
    removed: [],
    added: [],
  };
}

async function runCompat(args: readonly string[], flags: CompatFlags): Promise<number> {
  if (!COMPAT_GATES.includes(flags.mode as CompatGate)) {
    throw new UsageError(`--mode must be one of ${COMPAT_GATES.join(", ")}, not ${JSON.stringify(flags.mode)}`);
  }
  const gate = flags.mode as CompatGate;
  const neu = await loadCatalog(flags.schemas);
  const { old, oldFolder, across, leftOut } = await oldSide(flags, neu);
  const options = { strict: flags.strict === true };
  let comparisons: Comparison[];
  let removed: string[] = [];
  let added: string[] = [];
  if (args.length === 2) {
    const [before, after] = [lookup(args[0]!, old, oldFolder), lookup(args[1]!, neu, flags.schemas)];
    if (before.name !== after.name)
      throw new UsageError(
        `${args[0]} and ${args[1]} are versions of two schemas (${before.name}, ${after.name}): compat compares two versions of one schema, to say whether the change between them needed a new version number`,
      );
    comparisons = [compareVersions(before, after, { old, new: neu }, options)];
  } else if (args.length === 1 && args[0]!.includes("@")) {
    if (!across)
      throw new UsageError(
        `give two versions (compat ${args[0]} <new>), or --against <git revision> or --old-schemas <dir> to compare ${args[0]} with itself there`,
      );
    ({ comparisons, removed, added } = compareOneInPlace(
      args[0]!,
      { old, oldFolder, neu, newFolder: flags.schemas },
      options,
    ));
  } else if (args.length === 1) {
    const name = args[0]!;
    if (old.versionsOf(name).length === 0 && neu.versionsOf(name).length === 0)
      throw new UsageError(`schema ${JSON.stringify(name)} is not declared in ${flags.schemas}${declaredSchemas(neu)}`);
    if (!across) comparisons = compareConsecutive(name, neu, options);
    else ({ comparisons, removed, added } = compareInPlace(old, neu, name, options));
  } else {
    if (!across)
      throw new UsageError(
        "give <old> <new> versions, a schema name, or --against <git revision> (or --old-schemas <dir>) to check every version for changes in place",
      );
    ({ comparisons, removed, added } = compareInPlace(old, neu, undefined, options));
  }
  const ok = comparisons.every((c) => passes(c, gate)) && removed.length === 0;
  if (flags.json) {
    const report = jsonReport(comparisons, gate, removed, options, added) as object;
    console.log(JSON.stringify({ ...report, ...(leftOut.length > 0 ? { deletedUnreadable: leftOut } : {}) }, null, 2));
  } else {
    for (const file of leftOut) console.log(printable(leftOutLine(file, flags.against!, flags.schemas)));
    for (const comparison of comparisons) console.log(printableLines(renderComparison(comparison, gate, options)));
    for (const key of removed)
      console.log(
        printable(
          `${key}: declared in ${oldFolder} but no longer in ${flags.schemas}; its tables lose their schema (keep old versions declared)`,
        ),
      );
    for (const key of added) console.log(printable(addedVersion(key, neu, oldFolder)));
    if (comparisons.length === 0 && removed.length === 0 && added.length === 0)
      console.log(
        printable(
          across
            ? `nothing to compare: ${oldFolder} declares none of these versions (a new version needs no check)`
            : onlyVersion(args[0]!, neu),
        ),
      );
  }
  return ok ? EXIT.ok : EXIT.failed;
}

/** Why `compat <schema>` compared nothing: the schema declares one version, and says which. */
function onlyVersion(name: string, neu: Catalog): string {
  const versions = neu.versionsOf(name).map((version) => formatSchemaVersionName(version));
  return `nothing to compare: ${name} declares one version, ${versions.join(", ")}; compat ${name} compares each version with the next once there are two`;
}

/**
 * What a version new since the old side is checked by: nothing in place, so the line says which
 * comparison holds its bump (the version before it, as `compat <schema>` compares them), lest a
 * run that names only the old versions look as if it had left it out.
 */
function addedVersion(key: string, neu: Catalog, oldFolder: string): string {
  const name = key.slice(0, key.lastIndexOf("@"));
  const versions = neu.versionsOf(name).map((version) => formatSchemaVersionName(version));
  const before = versions[versions.indexOf(key) - 1];
  return before === undefined
    ? `${key}: new since ${oldFolder}, the first version of ${name}: nothing to compare it with`
    : `${key}: new since ${oldFolder}, so not compared in place; compat ${name} compares it with ${before}, to check its bump`;
}

export function registerCompat(cli: Command): void {
  cli
    .command("compat")
    .description(
      "check that schema versions are compatible (every table valid under one is valid under the other) and whether a change needs a new version",
    )
    .argument(
      "[old]",
      "the old version, e.g. digits-model@1; alone: a schema name (every consecutive pair of its versions)",
    )
    .argument("[new]", "the new version, e.g. digits-model@2")
    .option(
      "--mode <mode>",
      'what must hold: bump (a breaking change only under a new version number: Legolas.jl\'s "you break it, you bump it"), backward (old tables stay valid), forward (new tables are valid under the old version) or full',
      "bump",
    )
    .option("--schemas <dir>", `folder of <schema name>.yaml files, the new side (${FROM_PACKAGE_JSON("schemas")})`)
    .option(
      "--against <git revision>",
      "compare with the --schemas folder as it is at this git revision (a branch, tag or commit: main, HEAD~1), read from git without a checkout",
    )
    .option("--old-schemas <dir>", "folder the old side is read from; default --schemas")
    .option(
      "--strict",
      "count verdicts that assume no table carries an undeclared column of a field's name as violations",
    )
    .option("--json", "print the comparison as JSON")
    .action(
      async (
        oldArg: string | undefined,
        newArg: string | undefined,
        given: Omit<CompatFlags, "schemas"> & Partial<CompatFlags>,
      ) => {
        const args = [oldArg, newArg].filter((a): a is string => a !== undefined);
        process.exitCode = await runCompat(args, { ...given, schemas: given.schemas ?? projectFolder("schemas") });
      },
    );
}
