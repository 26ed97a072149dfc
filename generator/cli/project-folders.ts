/**
 * Where a project keeps its schemas and generated code when no flag says: the `legolas` field of
 * the `package.json` in the working folder (`{ "schemas": "...", "out": "..." }`, as Prisma reads
 * its `prisma` field), else `schemas/` and `generated/`. A monorepo whose schemas live in a
 * package folder sets it once, and every command's default follows.
 *
 * A package.json comes with the project, which may be someone else's: its folders must lie
 * inside the project (the package.json's folder, symbolic links followed), so that
 * `npx legolas generate` in a cloned repository cannot write over files elsewhere. A folder
 * outside is a usage error that names the flag to pass: what the command line says is honoured.
 */
import { existsSync, lstatSync, readlinkSync, realpathSync } from "node:fs";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { didYouMean } from "legolas-ts/internal/internal";
import { UsageError } from "./errors.js";
import { parsePackageJson } from "./package-json.js";

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

/**
 * One of the working folder's defaults, read when a command uses it (so that a bad field is a
 * usage error). `path` names another project's package.json (`legolas init <dir>`), whose
 * command has no flag to name a folder outside the project anyway: `withFlag` is then false.
 */
export function projectFolder(key: keyof ProjectFolders, path = "package.json", withFlag = true): string {
  if (!existsSync(path)) return CONVENTIONAL[key];
  const field = (manifestAt(path) as { legolas?: unknown } | null)?.legolas;
  if (field === undefined) return CONVENTIONAL[key];
  if (typeof field !== "object" || field === null || Array.isArray(field)) {
    throw new UsageError(`${path}: "legolas" must be an object such as { "schemas": "schemas", "out": "generated" }`);
  }
  // A misspelt setting (`"output"`, `"schema"`) would leave its folder to the convention in silence.
  const unknown = Object.keys(field).find((name) => !Object.hasOwn(CONVENTIONAL, name));
  if (unknown !== undefined) {
    throw new UsageError(
      `${path}: "legolas.${unknown}" is no setting${didYouMean(unknown, Object.keys(CONVENTIONAL))}; the "legolas" field takes "schemas" and "out"`,
    );
  }
  const value = (field as Record<string, unknown>)[key];
  if (value === undefined) return CONVENTIONAL[key];
  if (typeof value !== "string" || value === "" || value.includes("\0")) {
    throw new UsageError(
      `${path}: "legolas.${key}" must be a folder path (a non-empty string${typeof value === "string" && value !== "" ? " without a NUL character" : ""})`,
    );
  }
  const project = dirname(resolve(path));
  if (!isInside(project, resolve(project, value))) {
    const anyway = withFlag
      ? `pass --${key} ${JSON.stringify(value)} to use that folder anyway`
      : "change the field to a folder inside it";
    throw new UsageError(
      `${path}: "legolas.${key}" is ${JSON.stringify(value)}, outside the project ${realPath(project)}; a package.json may only name folders inside its project (${anyway})`,
    );
  }
  return value;
}

/**
 * The package.json at `path`, refused when it is no JSON (a trailing comma, a merge conflict's
 * markers): its `legolas` field would otherwise go unread, and its folders be left to the
 * convention in silence. `npm run` refuses such a file, but `npx` runs the command beside it.
 */
function manifestAt(path: string): unknown {
  try {
    return parsePackageJson(path);
  } catch (error) {
    const reason =
      error instanceof SyntaxError
        ? `is not JSON (${error.message})`
        : `cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`;
    throw new UsageError(
      `${path} ${reason}, so the folders its "legolas" field may name cannot be read: fix it (npm run refuses it too)`,
    );
  }
}

/**
 * `value` of a folder flag (`--out`, `--schemas`), refused when empty: `--out "$OUT"` with the
 * variable unset would otherwise be the working folder to some steps and an odd path to others.
 */
export function namedFolder(flag: string, value: string): string {
  if (value === "")
    throw new UsageError(`${flag} "" names no folder: give a folder path, or leave ${flag} out for its default`);
  return value;
}

/** Whether `target` is `root` or lies under it, once the symbolic links of both are followed. */
function isInside(root: string, target: string): boolean {
  const path = relative(realPath(root), realPath(target));
  return path === "" || (!isAbsolute(path) && path.split(/[\\/]/)[0] !== "..");
}

/**
 * `path` with every symbolic link on it followed, dangling ones included (a folder still to be
 * created need not exist, but a link to one elsewhere still leads there).
 */
function realPath(path: string, links = 0): string {
  if (existsSync(path)) return realpathSync(path);
  if (links < MAX_LINKS && lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) {
    return realPath(resolve(dirname(path), readlinkSync(path)), links + 1);
  }
  const parent = dirname(path);
  return parent === path ? path : join(realPath(parent, links), basename(path));
}

/** As many links as Linux follows before ELOOP. */
const MAX_LINKS = 40;
