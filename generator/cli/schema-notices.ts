/**
 * What `validate` and `inspect` say on stderr about the schemas they checked with:
 *
 * - which folder they registered when no `--schemas` named one (the project's: its row checks
 *   run on the files read, so the choice is never silent);
 * - a warning when the project's generated folder no longer matches its YAML. The CLI checks
 *   tables with the row classes of the YAML, the app runs those of its generated folder; after
 *   a YAML edit without `generate` the two disagree, and without a word the CLI would pass tables
 *   the app refuses (or the reverse). The comparison is `generate --check`'s.
 */
import { existsSync, statSync } from "node:fs";
import { DEFAULT_RUNTIME_MODULE, generate } from "../generate.js";
import { forTarget } from "../javascript-target.js";
import { sameFolder } from "../schema-folder.js";
import { compareOutput, outputTargetIn, runtimeModuleIn } from "../write/output-folder.js";
import { projectFolder } from "./project-folders.js";
import type { LoadedSchemas } from "./schema-loader.js";
import { projectAbove, readSchemaSources, runThere } from "./schema-sources.js";
import { printable } from "./terminal-text.js";
import { legolasCommand } from "./wording.js";
import { UsageError } from "./errors.js";

/** Prints the notices about `loaded` on stderr, after `command` (`legolas validate`). */
export async function announceSchemas(command: string, loaded: LoadedSchemas): Promise<void> {
  const notices = [projectSchemasNotice(loaded), projectAboveNotice(loaded), await staleOutputWarning(loaded)];
  for (const notice of notices) if (notice !== null) console.error(printable(`${command}: ${notice}`));
}

/** Which folder's schemas were registered without `--schemas`, or `null` when a flag named them. */
export function projectSchemasNotice(loaded: LoadedSchemas): string | null {
  if (loaded.fromProject !== true) return null;
  return `using the schemas in ${loaded.folders.join(", ")} (the project's folder; --schemas <dir> names others)`;
}

/**
 * When no schema folder was registered and the command runs below an app whose schema folder
 * exists (npx finds the command there), that the app's schemas were not read: its tables would be
 * told only that their versions are not registered, and their row checks would not run.
 */
export function projectAboveNotice(loaded: LoadedSchemas): string | null {
  if (loaded.folders.length > 0) return null;
  const project = projectAbove(projectFolder("schemas"));
  return project === null ? null : `no schemas were registered: ${runThere(project)}, or pass --schemas <dir>`;
}

/**
 * A warning when `loaded` holds the project's schema folder and its output folder (`legolas.out`
 * of ./package.json, else ./generated) exists but is stale; `null` otherwise. The target (`ts` or
 * `js`) and the `--runtime` are those the folder was generated with: the warning is about the YAML.
 */
export async function staleOutputWarning(loaded: LoadedSchemas): Promise<string | null> {
  const schemas = projectFolder("schemas");
  if (!loaded.folders.some((folder) => sameFolder(folder, schemas))) return null;
  const out = projectOutFolder();
  if (out === null) return null;
  if (!existsSync(out) || !statSync(out).isDirectory()) return null;
  const { sources, shipped } = await readSchemaSources(schemas);
  const target = await outputTargetIn(out);
  const runtime = await runtimeModuleIn(out);
  const files = forTarget(generate(sources, { outDir: out, shipped, runtimeModule: runtime ?? undefined }), target);
  const stale = await compareOutput(out, files);
  if (stale.length === 0) return null;
  const listed = stale.map((file) => `${file.status} ${file.path}`).join(", ");
  const flags = [
    ...(runtime !== null && runtime !== DEFAULT_RUNTIME_MODULE ? ["--runtime", runtime] : []),
    ...(target === "js" ? ["--target", "js"] : []),
  ];
  return (
    `warning: ${out} is stale against ${schemas} (${listed}): your app's generated code is not what this run checked with; ` +
    `run \`${legolasCommand("generate", ...flags)}\``
  );
}

/**
 * The project's output folder, or `null` when its package.json names one outside the project:
 * `generate` refuses that field and says why; a warning here would only repeat it.
 */
function projectOutFolder(): string | null {
  try {
    return projectFolder("out");
  } catch (error) {
    if (error instanceof UsageError) return null;
    throw error;
  }
}
