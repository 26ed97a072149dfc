/** Reading a package.json as npm and Node read it. */
import { readFileSync } from "node:fs";

/**
 * The value of the package.json at `path`. A byte order mark before the JSON, as Notepad and
 * Visual Studio save one, is skipped, as npm and Node skip it: `JSON.parse` alone would refuse
 * the whole file, and its `legolas` folders and `"type"` would go unread. Throws what reading or
 * `JSON.parse` throws.
 */
export function parsePackageJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
}

/**
 * {@link parsePackageJson}'s value, or `null` when it cannot be read or is not JSON: for what only
 * a warning depends on, which npm's and Node's own report of a broken package.json outweighs.
 */
export function readPackageJson(path: string): unknown {
  try {
    return parsePackageJson(path);
  } catch {
    return null;
  }
}
