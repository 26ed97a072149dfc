/**
 * Where a project keeps its schemas and generated code when no flag says: the `legolas` field of
 * the `package.json` in the working folder (`{ "schemas": "...", "out": "..." }`, as Prisma reads
 * its `prisma` field), else `schemas/` and `generated/`. A monorepo whose schemas live in a
 * package folder sets it once, and every command's default follows.
 */
import { existsSync, readFileSync } from "node:fs";
import { UsageError } from "./usage-error.js";

export interface ProjectFolders {
  /** The YAML schema folder: the default of every `--schemas`. */
  readonly schemas: string;
  /** The generated-code folder: the default of `generate --out`. */
  readonly out: string;
}

const CONVENTIONAL: ProjectFolders = { schemas: "schemas", out: "generated" };

/** Help text for a flag whose default this module gives. */
export const FROM_PACKAGE_JSON = (key: keyof ProjectFolders) =>
  `default: "legolas.${key}" of ./package.json, else ${CONVENTIONAL[key]}`;

/** The working folder's defaults, read when a command runs (so that a bad field is a usage error). */
export function projectFolders(path = "package.json"): ProjectFolders {
  if (!existsSync(path)) return CONVENTIONAL;
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    // Not ours to judge: npm reports a broken package.json; without it the conventions hold.
    return CONVENTIONAL;
  }
  const field = (manifest as { legolas?: unknown } | null)?.legolas;
  if (field === undefined) return CONVENTIONAL;
  if (typeof field !== "object" || field === null || Array.isArray(field)) {
    throw new UsageError(
      `package.json: "legolas" must be an object such as { "schemas": "schemas", "out": "generated" }`,
    );
  }
  const folder = (key: keyof ProjectFolders): string => {
    const value = (field as Record<string, unknown>)[key];
    if (value === undefined) return CONVENTIONAL[key];
    if (typeof value !== "string" || value === "") {
      throw new UsageError(`package.json: "legolas.${key}" must be a folder path (a non-empty string)`);
    }
    return value;
  };
  return { schemas: folder("schemas"), out: folder("out") };
}
