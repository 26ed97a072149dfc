/**
 * The YAML a command works on: the user's schema folder and the schemas shipped with the
 * runtime, which the user's may extend. Every command that reads a schema folder (`generate`,
 * `compat`, `docs`, and the table commands' `--schemas`) checks it here, so a missing folder gets
 * the same message, with what to do, whichever command meets it.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import type { SourceText } from "../generate.js";
import { isSchemaFileName, readSchemaFolder, sameFolder, shippedSchemaFolder } from "../schema-folder.js";
import { UsageError } from "./errors.js";
import { namedFolder, projectFolder } from "./project-folders.js";
import { closestNames } from "legolas-ts/internal/internal";

/** A schema folder that does not exist or is not a folder. */
export class SchemaFolderError extends UsageError {
  override readonly name = "SchemaFolderError";
}

export interface SchemaSources {
  /** The folder's `*.yaml` files, sorted by name. */
  readonly sources: SourceText[];
  /** The shipped schemas; none when `folder` is the shipped folder itself. */
  readonly shipped: SourceText[];
}

/** What to do about a missing schema folder, by the flag that named it. */
const MISSING_FOLDER_ADVICE = {
  "--schemas": "create it with `npx --no-install legolas init`, or pass --schemas <folder of .yaml files>",
  "--old-schemas":
    "pass --old-schemas <folder of the old .yaml files>, or --against <git revision> to compare with a commit",
} as const;

/** The flag a schema folder was given by (or defaulted for). */
export type SchemaFolderFlag = keyof typeof MISSING_FOLDER_ADVICE;

/** Throws {@link SchemaFolderError} unless `folder`, named by `flag`, is a folder. */
export function assertSchemaFolder(folder: string, flag: SchemaFolderFlag = "--schemas"): void {
  namedFolder(flag, folder);
  if (isFolder(folder)) return;
  // A schema file given for its folder (`--schemas schemas/run.yaml`): init cannot be the fix.
  if (existsSync(folder) && isSchemaFileName(basename(folder)))
    throw new SchemaFolderError(
      `${flag} ${folder} is a schema file, not a folder; ${flag} takes the folder of .yaml files that holds it: ${flag} ${dirname(folder)}`,
    );
  // Any other file there: init, which writes into that path, would fail on it too.
  if (existsSync(folder))
    throw new SchemaFolderError(
      `${flag} ${folder} is a file, not a folder (relative to ${process.cwd()}); ${flag} takes the folder of .yaml schema files: move the file away, or name that folder`,
    );
  const project = flag === "--schemas" ? projectAbove(folder) : null;
  // Run from a subfolder of the app (npx finds the command there): init would make a second folder.
  const advice = project === null ? `${nearby(folder, flag)}${MISSING_FOLDER_ADVICE[flag]}` : runThere(project);
  throw new SchemaFolderError(`no schema folder ${folder} (relative to ${process.cwd()}); ${advice}`);
}

/**
 * The folder beside a missing `folder` whose name it misspells and that holds schema files
 * (`--schemas schema` where `schemas/` is), as the flag to pass: `""` when there is none.
 */
function nearby(folder: string, flag: SchemaFolderFlag): string {
  const parent = dirname(folder);
  const holdsSchemas = (name: string) => {
    try {
      return readdirSync(join(parent, name)).some(isSchemaFileName);
    } catch {
      return false; // an unreadable folder is none to name
    }
  };
  let folders: string[];
  try {
    folders = readdirSync(parent, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    return ""; // no parent folder, or one that cannot be listed: nothing beside it to name
  }
  // Only the close names' folders are listed: a parent may hold many.
  const closest = closestNames(basename(folder), folders).find(holdsSchemas);
  return closest === undefined ? "" : `did you mean ${flag} ${join(parent, closest)}, which holds schema files? Else `;
}

/** The project found above the working folder, and that its folders are read from where a command runs. */
export function runThere(project: ProjectAbove): string {
  return (
    `the project is ${project.root} (its package.json; schema folder ${project.schemas}), and its folders are ` +
    `read from the folder a command runs in: run it there (cd ${relative(process.cwd(), project.root)})`
  );
}

/** An app's folder, with a package.json, and its schema folder (relative to it), which exists. */
export interface ProjectAbove {
  readonly root: string;
  readonly schemas: string;
}

function isFolder(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/**
 * When the working folder has no package.json and `folder` is the conventional default, the
 * nearest folder above with a package.json whose schema folder exists: the app, run from below.
 */
export function projectAbove(folder: string): ProjectAbove | null {
  if (folder !== projectFolder("schemas") || existsSync("package.json")) return null;
  for (let dir = dirname(process.cwd()); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      let schemas: string;
      try {
        schemas = projectFolder("schemas", manifest, false);
      } catch {
        return null; // a broken legolas field is that project's own error, reported when run there
      }
      return isFolder(resolve(dir, schemas)) ? { root: dir, schemas } : null;
    }
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Throws {@link SchemaFolderError} when `folder`, named by `flag`, holds no schema file
 * (`sources`, as read from it, or their names): generating from it would remove every module of
 * the output (and `docs` every section of its reference), and checking tables or comparing
 * versions with it would check nothing and pass, so an empty folder is a mistaken `--schemas`, or
 * schema files kept in subfolders, which no command reads (named, when there are any).
 */
export function assertSchemaFiles(
  folder: string,
  sources: readonly (SourceText | string)[],
  flag: SchemaFolderFlag = "--schemas",
): void {
  if (sources.length > 0) return;
  throw new SchemaFolderError(`${noSchemaFileReason(folder, flag)}; nothing was done`);
}

/**
 * Why a schema folder with no schema file is not generated from, naming the schema files of its
 * subfolders: {@link assertSchemaFiles}'s text, and `generate --watch`'s when the folder empties.
 */
export function noSchemaFileReason(folder: string, flag: SchemaFolderFlag = "--schemas"): string {
  const nested = schemaFilesInSubfolders(folder);
  const where =
    nested.length === 0
      ? ""
      : ` (${nested.slice(0, 3).join(", ")}${nested.length > 3 ? ", ..." : ""} ${nested.length === 1 ? "is" : "are"} in a subfolder, which is not read: move ${nested.length === 1 ? "it" : "them"} into ${folder})`;
  return `${flag} ${folder}: the folder holds no .yaml or .yml schema file${where}`;
}

/** The schema files one folder down from `folder` (`schemas/v1/a.yaml`), sorted. */
export function schemaFilesInSubfolders(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== "node_modules" && !entry.name.startsWith("."))
    .flatMap((entry) => {
      const subfolder = join(folder, entry.name);
      try {
        return readdirSync(subfolder)
          .filter(isSchemaFileName)
          .map((name) => join(subfolder, name));
      } catch {
        return []; // an unreadable subfolder holds nothing to name
      }
    })
    .sort();
}

/** The YAML of `folder` (checked with {@link assertSchemaFolder}) and of the shipped schemas. */
export async function readSchemaSources(folder: string, flag: SchemaFolderFlag = "--schemas"): Promise<SchemaSources> {
  assertSchemaFolder(folder, flag);
  return { sources: await readSchemaFolder(folder), shipped: await readShippedSchemas(folder) };
}

/** The shipped schemas, unless `besides` is their own folder (which then holds them already). */
export async function readShippedSchemas(besides?: string): Promise<SourceText[]> {
  const shippedFolder = shippedSchemaFolder();
  return besides !== undefined && sameFolder(besides, shippedFolder) ? [] : readSchemaFolder(shippedFolder);
}
