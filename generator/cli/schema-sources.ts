/**
 * The YAML a command works on: the user's schema folder and the schemas shipped with the
 * runtime, which the user's may extend. Every command that reads a schema folder (`generate`,
 * `compat`, `docs`, and the table commands' `--schemas`) checks it here, so a missing folder gets
 * the same message, with what to do, whichever command meets it.
 */
import { existsSync, statSync } from "node:fs";
import type { SourceText } from "../generate.js";
import { readSchemaFolder, sameFolder, shippedSchemaFolder } from "../schema-folder.js";
import { UsageError } from "./errors.js";

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
  if (existsSync(folder) && statSync(folder).isDirectory()) return;
  throw new SchemaFolderError(
    `no schema folder ${folder} (relative to ${process.cwd()}); ${MISSING_FOLDER_ADVICE[flag]}`,
  );
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
