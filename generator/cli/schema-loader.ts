/**
 * Registering the schema versions a user declared in YAML, for commands that read tables
 * (`inspect`, `validate`) but cannot import the user's generated TypeScript.
 *
 * The YAML folder goes through the real generator, in memory, exactly as `legolas generate` would
 * run it (the package's shipped schemas known, not generated). Each generated module is then
 * turned into CommonJS by Sucrase (types stripped, imports made `require` calls, nothing checked
 * and nothing else rewritten: class fields stay class fields, as TypeScript emits them for
 * ES2022) and evaluated with a `require` that links its two kinds of imports to modules already
 * loaded in this process:
 *
 * - `legolas-ts/codegen`: the runtime's codegen namespace, from the runtime this CLI itself uses,
 *   with the shipped schemas (already registered when this module loads);
 * - `./<schema>.js`: the sibling generated module, evaluated on first use.
 *
 * So the row classes and validators are those `generate` would write, they run against the very
 * runtime (and registry) the readers use, and nothing touches the disk: no temporary files, no
 * ES-module cache entries that outlive the run. Evaluating a module calls `defineSchemaVersion`,
 * which registers it; the registry accepts identical redeclarations, so loading a folder twice is
 * harmless, and a folder that declares a registered version differently fails with the registry's
 * `SchemaVersionConflictError`.
 */
import { existsSync, statSync } from "node:fs";
import { DEFAULT_RUNTIME_MODULE, generate, type OutputFile, type SourceText } from "../generate.js";
import { readSchemaFolder, sameFolder, shippedSchemaFolder } from "../schema-folder.js";
import { createRequire } from "node:module";
import * as codegen from "legolas-ts/codegen";
import { formatSchemaVersionName } from "legolas-ts";
import { projectFolder } from "./project-folders.js";
import { assertSchemaFiles, assertSchemaFolder, readShippedSchemas } from "./schema-sources.js";

/** What loading schema folders did, and what it cost. */
export interface LoadedSchemas {
  /** The folders whose YAML files were loaded (the shipped folder is never among them). */
  readonly folders: readonly string[];
  /** `name@version` of every version the folders declare, sorted. */
  readonly declared: readonly string[];
  /** Milliseconds spent generating, transpiling and evaluating. */
  readonly milliseconds: number;
  /** Whether the folder is the project's, taken because no `--schemas` was given. */
  readonly fromProject?: boolean;
}

const loaded = new Map<string, readonly string[]>();

/** The `--schemas` flag of table commands: repeatable; the project's schema folder when absent and present. */
export interface SchemaFlags {
  schemas?: string[];
}

/** Commander's collector for a repeatable `--schemas <dir>`. */
export function collectFolder(folder: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), folder];
}

/**
 * Loads the folders named by `--schemas`, or the project's schema folder (project-folders.ts:
 * `legolas.schemas` of ./package.json, else ./schemas) when the flag is absent and that folder
 * holds YAML. Its row checks run on the files read, so the commands name the folder when no flag
 * did (schema-notices.ts).
 */
export async function loadSchemasFor(flags: SchemaFlags): Promise<LoadedSchemas> {
  if (flags.schemas !== undefined) return loadSchemaFolders(flags.schemas);
  const schemas = projectFolder("schemas");
  const present =
    existsSync(schemas) && statSync(schemas).isDirectory() && (await readSchemaFolder(schemas)).length > 0;
  if (!present) return loadSchemaFolders([]);
  return { ...(await loadSchemaFolders([schemas])), fromProject: true };
}

/**
 * Generates, transpiles and evaluates the schemas of `folders`, registering every version they
 * declare. Throws `SchemaDeclarationError` (with file:line:col) for invalid YAML declarations.
 */
export async function loadSchemaFolders(folders: readonly string[]): Promise<LoadedSchemas> {
  const started = performance.now();
  const shippedFolder = shippedSchemaFolder();
  // A folder named twice (`--schemas schemas --schemas ./schemas`) is read once: twice, each of its
  // files would be refused as declaring its schemas again, over itself.
  const own = folders.filter(
    (folder, index) =>
      !sameFolder(folder, shippedFolder) && !folders.slice(0, index).some((earlier) => sameFolder(earlier, folder)),
  );
  const sources: SourceText[] = [];
  for (const folder of own) {
    assertSchemaFolder(folder);
    const texts = await readSchemaFolder(folder);
    assertSchemaFiles(folder, texts);
    sources.push(...texts);
  }
  if (sources.length === 0) return { folders: own, declared: [], milliseconds: performance.now() - started };
  const key = JSON.stringify(sources);
  let declared = loaded.get(key);
  if (declared === undefined) {
    const files = generate(sources, { outDir: own[0]!, shipped: await readShippedSchemas() });
    declared = evaluateModules(files);
    loaded.set(key, declared);
  }
  return { folders: own, declared, milliseconds: performance.now() - started };
}

/** Transpiles and evaluates generated modules; returns the `name@version`s they registered. */
export function evaluateModules(files: readonly OutputFile[]): string[] {
  const sources = new Map(files.filter((f) => f.path !== "index.ts").map((f) => [f.path, f.content]));
  const modules = new Map<string, { exports: Record<string, unknown> }>();
  const { transform } = sucrase();

  const load = (path: string): Record<string, unknown> => {
    const cached = modules.get(path);
    if (cached !== undefined) return cached.exports; // also breaks import cycles, as CommonJS does
    const content = sources.get(path);
    if (content === undefined) throw new Error(`internal: generated code imports ${path}, which was not generated`);
    const module = { exports: {} as Record<string, unknown> };
    modules.set(path, module);
    const { code } = transform(content, {
      transforms: ["typescript", "imports"],
      disableESTransforms: true,
      filePath: path,
    });
    const require = (specifier: string): unknown => {
      if (specifier === DEFAULT_RUNTIME_MODULE) return codegen;
      const sibling = /^\.\/(.+)\.js$/.exec(specifier);
      if (sibling !== null) return load(`${sibling[1]}.ts`);
      throw new Error(
        `internal: generated module ${path} imports ${JSON.stringify(specifier)}, which the schema loader cannot link`,
      );
    };
    // The code is the generator's own output for the user's YAML, run as `generate` would have it run.
    new Function(
      "exports",
      "require",
      "module",
      `${code}\n//# sourceURL=legolas-schemas/${path.replace(/\.ts$/, ".js")}`,
    )(module.exports, require, module);
    return module.exports;
  };

  for (const path of sources.keys()) load(path);
  return [...modules.values()]
    .flatMap((module) => Object.values(module.exports).filter(isSchemaVersion))
    .map(formatSchemaVersionName)
    .sort();
}

/**
 * Sucrase, loaded on first use: only a folder of schemas needs it. It replaced the TypeScript
 * compiler bundled in ts-morph, whose 9 MB took most of `validate --schemas`' start-up to load
 * (BENCHMARKS.md, "`--schemas` without the TypeScript compiler").
 */
function sucrase(): typeof import("sucrase") {
  return createRequire(import.meta.url)("sucrase") as typeof import("sucrase");
}

function isSchemaVersion(value: unknown): value is codegen.SchemaVersion {
  const candidate = value as Partial<codegen.SchemaVersion> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    typeof candidate.identifier === "string" &&
    typeof candidate.rowClass === "function"
  );
}
