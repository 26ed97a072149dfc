/**
 * `legolas compat`: are two schema versions compatible (every table valid under one valid under
 * the other), and does a change need a new version? A thin shell over generator/compat.
 */
import type { Command } from "commander";
import { readSchemaFolder, sameFolder, shippedSchemaFolder } from "../../schema-folder.js";
import {
  catalogOf,
  compareConsecutive,
  compareInPlace,
  compareVersions,
  COMPAT_MODES,
  jsonReport,
  passes,
  renderComparison,
  type Catalog,
  type CompatMode,
  type Comparison,
} from "../../compat/index.js";
import { IdentifierError, parseIdentifier } from "legolas-ts/runtime";
import { EXIT } from "../exit-codes.js";
import { printable, printableLines } from "../terminal-text.js";
import { FROM_PACKAGE_JSON, projectFolder } from "../project-folders.js";
import { UsageError } from "../usage-error.js";

interface CompatFlags {
  mode?: string;
  schemas: string;
  oldSchemas?: string;
  json?: boolean;
  strict?: boolean;
}

async function loadCatalog(folder: string): Promise<Catalog> {
  const shippedFolder = shippedSchemaFolder();
  const shipped = sameFolder(folder, shippedFolder) ? [] : await readSchemaFolder(shippedFolder);
  return catalogOf(await readSchemaFolder(folder), shipped);
}

/** `name@N` (or a fully qualified identifier naming it) in `catalog`. */
function lookup(argument: string, catalog: Catalog, folder: string) {
  let links;
  try {
    links = parseIdentifier(argument);
  } catch (error) {
    if (error instanceof IdentifierError)
      throw new UsageError(
        `${JSON.stringify(argument)} is not a schema version identifier such as digits-model@1: ${error.reason}`,
      );
    throw error;
  }
  const key = `${links[0]!.name}@${links[0]!.version}`;
  const version = catalog.version(key);
  if (version === undefined) {
    const known = catalog.versionsOf(links[0]!.name).map((v) => `${v.name}@${v.version}`);
    throw new UsageError(
      `${key} is not declared in ${folder}${known.length > 0 ? ` (it declares ${known.join(", ")})` : ""}`,
    );
  }
  if (links.length > 1 && version.identifier !== argument)
    throw new UsageError(`${argument} is declared in ${folder} as ${version.identifier}`);
  return version;
}

async function runCompat(args: readonly string[], flags: CompatFlags): Promise<number> {
  if (flags.mode !== undefined && !COMPAT_MODES.includes(flags.mode as CompatMode)) {
    throw new UsageError(`--mode must be one of ${COMPAT_MODES.join(", ")}, not ${JSON.stringify(flags.mode)}`);
  }
  const neu = await loadCatalog(flags.schemas);
  const oldFolder = flags.oldSchemas ?? flags.schemas;
  const old = flags.oldSchemas === undefined ? neu : await loadCatalog(flags.oldSchemas);
  const options = { strict: flags.strict === true };
  let comparisons: Comparison[];
  let removed: string[] = [];
  if (args.length === 2) {
    comparisons = [
      compareVersions(
        lookup(args[0]!, old, oldFolder),
        lookup(args[1]!, neu, flags.schemas),
        { old, new: neu },
        options,
      ),
    ];
  } else if (args.length === 1 && args[0]!.includes("@")) {
    if (flags.oldSchemas === undefined)
      throw new UsageError(
        `give two versions (compat ${args[0]} <new>), or --old-schemas to compare ${args[0]} with itself in another folder`,
      );
    comparisons = [
      compareVersions(
        lookup(args[0]!, old, oldFolder),
        lookup(args[0]!, neu, flags.schemas),
        { old, new: neu },
        options,
      ),
    ];
  } else if (args.length === 1) {
    const name = args[0]!;
    if (old.versionsOf(name).length === 0 && neu.versionsOf(name).length === 0)
      throw new UsageError(`schema ${JSON.stringify(name)} is not declared in ${flags.schemas}`);
    if (flags.oldSchemas === undefined) comparisons = compareConsecutive(name, neu, options);
    else ({ comparisons, removed } = compareInPlace(old, neu, name, options));
  } else {
    if (flags.oldSchemas === undefined)
      throw new UsageError(
        "give <old> <new> versions, a schema name, or --old-schemas <dir> to check every version for changes in place",
      );
    ({ comparisons, removed } = compareInPlace(old, neu, undefined, options));
  }
  const inPlace = comparisons.length > 0 && comparisons.every((c) => c.inPlace);
  // Changed in place, the question is "you break it, you bump it": both directions must hold.
  const mode = (flags.mode ??
    (inPlace || (comparisons.length === 0 && removed.length > 0) ? "full" : "backward")) as CompatMode;
  const ok = comparisons.every((c) => passes(c, mode)) && removed.length === 0;
  if (flags.json) {
    console.log(JSON.stringify(jsonReport(comparisons, mode, removed, options), null, 2));
  } else {
    for (const comparison of comparisons) console.log(printableLines(renderComparison(comparison, mode, options)));
    for (const key of removed)
      console.log(
        printable(
          `${key}: declared in ${oldFolder} but no longer in ${flags.schemas}; its tables lose their schema (keep old versions declared)`,
        ),
      );
    if (comparisons.length === 0 && removed.length === 0)
      console.log("nothing to compare (a schema with one version?)");
  }
  return ok ? EXIT.ok : EXIT.failed;
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
      "backward (old tables stay valid), forward (new tables are valid under the old version) or full; default backward, full when comparing a version with itself across folders",
    )
    .option("--schemas <dir>", `folder of <schema name>.yaml files, the new side (${FROM_PACKAGE_JSON("schemas")})`)
    .option(
      "--old-schemas <dir>",
      "folder the old side is read from (e.g. a checkout of the previous commit); default --schemas",
    )
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
