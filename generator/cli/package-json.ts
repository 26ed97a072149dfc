/** Reading a package.json as npm and Node read it. */
import { readFileSync } from "node:fs";

/**
 * The value of the package.json at `path`, or `null` when it cannot be read or is not JSON (npm
 * reports a broken package.json; it is not ours to judge). A byte order mark before the JSON, as
 * Notepad and Visual Studio save one, is skipped, as npm and Node skip it: `JSON.parse` alone
 * would refuse the whole file, and its `legolas` folders and `"type"` would go unread.
 */
export function readPackageJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, ""));
  } catch {
    return null;
  }
}
