/** `legolas generate`: YAML schemas to TypeScript (or JavaScript), or `--check` that the output is up to date. */
import { join } from "node:path";
import type { Command } from "commander";
import type { SchemaDeclarationError } from "../../errors.js";
import { DEFAULT_RUNTIME_MODULE, generate } from "../../generate.js";
import { forTarget, OUTPUT_TARGETS, type OutputTarget } from "../../javascript-target.js";
import {
  compareOutput,
  outputTargetIn,
  refuseToReplaceOthersFiles,
  runtimeModuleIn,
  writeOutput,
} from "../../write/output-folder.js";
import { EXIT } from "../exit-codes.js";
import { esModuleScopeWarning } from "../module-scope.js";
import { patchRoot } from "../patch-root.js";
import { FROM_PACKAGE_JSON, namedFolder, projectFolder } from "../project-folders.js";
import { assertSchemaFiles, readSchemaSources, schemaFilesInSubfolders } from "../schema-sources.js";
import { printable, printableLines } from "../terminal-text.js";
import { UsageError } from "../errors.js";
import { watchSchemas } from "../watch.js";
import {
  counted,
  declarationErrorsSummary,
  describeChanges,
  legolasCommand,
  pathArgument,
  waitingForOutput,
} from "../wording.js";

interface GenerateFlags {
  schemas: string;
  out: string;
  runtime?: string;
  target?: string;
  check?: boolean;
  watch?: boolean;
}

/** The flags with `--runtime` decided: given, else the output folder's, else the default. */
type ResolvedFlags = GenerateFlags & { runtime: string };

async function runGenerate(flags: ResolvedFlags, target: OutputTarget): Promise<number> {
  const { sources, shipped } = await readSchemaSources(flags.schemas);
  assertSchemaFiles(flags.schemas, sources);
  warnOfSubfolders(flags.schemas);
  let files;
  try {
    files = forTarget(generate(sources, { outDir: flags.out, runtimeModule: flags.runtime, shipped }), target);
  } catch (error) {
    if ((error as Error).name !== "SchemaDeclarationError") throw error;
    const { message, diagnostics } = error as SchemaDeclarationError;
    console.error(printableLines(message));
    console.error(printableLines(declarationErrorsSummary(diagnostics, flags.out)));
    return EXIT.invalid;
  }
  if (flags.check) {
    const stale = await compareOutput(flags.out, files);
    // As generate itself would: a patch that overwrites the user's own file is no fix.
    refuseToReplaceOthersFiles(flags.out, stale);
    if (stale.length === 0) {
      console.log(printable(`${flags.out}: up to date (${counted(files.length, "file")})`));
      return EXIT.ok;
    }
    const again = legolasCommand(
      ...["generate", "--schemas", pathArgument(flags.schemas), "--out", pathArgument(flags.out)],
      ...runtimeFlag(flags.runtime),
      ...(target === "js" ? ["--target", "js"] : []),
    );
    const patch = patchRoot(flags.out);
    console.error(
      printable(`${flags.out} is stale; run \`${again}\`, or apply the patch on stdout with \`${patch.apply}\`:`),
    );
    // As --out was given: an absolute folder stays absolute rather than climbing out of this one.
    for (const file of stale) console.error(printable(`  ${file.status}: ${join(flags.out, file.path)}`));
    // The diff package is loaded only here: an up-to-date output, the usual answer, needs no patch.
    const { gitPatch } = await import("../../write/patch.js");
    console.log(gitPatch(stale, patch.folder));
    return EXIT.failed;
  }
  const changes = await writeOutput(flags.out, files, {
    onWait: (holder) => console.error(printable(waitingForOutput(flags.out, holder))),
  });
  console.log(printable(`${flags.out}: ${describeChanges(changes)} (${counted(sources.length, "schema file")})`));
  warnUnlessEsModules(flags.out, target);
  return EXIT.ok;
}

/** `--target js` output that Node would not load as ES modules where it is: said on stderr (it is written all the same). */
function warnUnlessEsModules(out: string, target: OutputTarget): void {
  const warning = target === "js" ? esModuleScopeWarning(out) : null;
  if (warning !== null) console.error(printable(warning));
}

/** Schema files in subfolders of the schema folder, which generate does not read: said on stderr, so none is passed over in silence. */
function warnOfSubfolders(schemas: string): void {
  for (const path of schemaFilesInSubfolders(schemas))
    console.error(
      printable(`warning: ${path} is in a subfolder of ${schemas}, which is not read: move it into ${schemas}`),
    );
}

/** `--runtime` as the command that regenerates the output must pass it: the same imports, the same files. */
function runtimeFlag(runtime: string): string[] {
  return runtime === DEFAULT_RUNTIME_MODULE ? [] : ["--runtime", runtime];
}

/** `--watch`: regenerates on every change until Ctrl-C (SIGINT), then exits 0; exits 2 when watching cannot go on. */
async function runWatch(flags: ResolvedFlags, target: OutputTarget): Promise<number> {
  if (flags.check) throw new UsageError("--watch and --check do not go together");
  warnUnlessEsModules(flags.out, target);
  const watcher = watchSchemas({ schemas: flags.schemas, out: flags.out, runtime: flags.runtime, target });
  let onInterrupt = () => {};
  const interrupted = new Promise<void>((resolve) => (onInterrupt = resolve));
  process.once("SIGINT", onInterrupt);
  try {
    await watcher.ready;
    return await Promise.race([interrupted.then(() => EXIT.ok), watcher.lost.then(() => EXIT.invalid)]);
  } finally {
    process.removeListener("SIGINT", onInterrupt);
    await watcher.stop();
  }
}

export function registerGenerate(cli: Command): void {
  cli
    .command("generate")
    .description("generate TypeScript row classes, validators and Arrow mappings from YAML schemas")
    .option("--schemas <dir>", `folder of <schema name>.yaml files (${FROM_PACKAGE_JSON("schemas")})`)
    .option("--out <dir>", `folder for the generated files (${FROM_PACKAGE_JSON("out")})`)
    .option(
      "--runtime <specifier>",
      `module generated code imports the runtime from, which must export what ${DEFAULT_RUNTIME_MODULE} does (default: the output folder's, else ${DEFAULT_RUNTIME_MODULE})`,
    )
    .option(
      "--target <ts|js>",
      "ts: TypeScript modules; js: JavaScript ES modules with .d.ts declarations, for projects without a TypeScript build (default: the output folder's, else ts)",
    )
    .option(
      "--check",
      "write nothing; exit 1, list the stale files and print a patch (git apply) when the output is stale",
    )
    .option("--watch", "regenerate whenever a YAML file changes; report errors and keep watching until Ctrl-C")
    .action(async (given: Omit<GenerateFlags, "schemas" | "out"> & Partial<GenerateFlags>) => {
      const flags = {
        ...given,
        schemas: given.schemas ?? projectFolder("schemas"),
        out: namedFolder("--out", given.out ?? projectFolder("out")),
      };
      if (flags.target !== undefined && !OUTPUT_TARGETS.includes(flags.target as OutputTarget))
        throw new UsageError(
          `--target must be one of ${OUTPUT_TARGETS.join(", ")}, not ${JSON.stringify(flags.target)}`,
        );
      // An empty specifier (`--runtime "$RUNTIME"` with the variable unset) would import from "" in every module.
      if (flags.runtime !== undefined && (flags.runtime.trim() !== flags.runtime || flags.runtime === ""))
        throw new UsageError(
          `--runtime ${JSON.stringify(flags.runtime)} names no module: give the module generated code imports the runtime from (${DEFAULT_RUNTIME_MODULE} when left out), without spaces around it`,
        );
      // Left out, both are the output folder's: a plain generate after a YAML edit keeps the imports
      // and the files' kind an app was generated with, as --check compares with them.
      const target = (flags.target as OutputTarget | undefined) ?? (await outputTargetIn(flags.out));
      const runtime = flags.runtime ?? (await runtimeModuleIn(flags.out)) ?? DEFAULT_RUNTIME_MODULE;
      const resolved = { ...flags, runtime };
      process.exitCode = await (flags.watch ? runWatch(resolved, target) : runGenerate(resolved, target));
    });
}
