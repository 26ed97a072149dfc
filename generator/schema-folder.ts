/**
 * Finding YAML schema files: a user's folder, and the schemas shipped with the runtime package
 * (which the generator always knows, so a user's schema can extend `legolas-flux.model@1`).
 */
import { existsSync, realpathSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { FileAccessError, type FileOperation } from "legolas-ts/internal/errors";
import { asFileAccessError } from "legolas-ts/internal/file-errors";
import type { SourceText } from "./generate.js";
import { schemaSource } from "./parse/source-encoding.js";

/**
 * Whether a folder's entry is read as a schema file: a `*.yaml`, and a `*.yml` or either in
 * capitals (`x.YAML`, as some editors save on a disk that ignores case) too, which the file-name
 * rule then refuses ('schema "x" must live in a file named "x.yaml"') rather than pass over in
 * silence, as if the folder did not hold it. What tools leave beside a file is
 * not: the lock Emacs keeps beside a file being edited (`.#x.yaml`, a link to nowhere) and the
 * metadata macOS writes on other disks (`._x.yaml`); no schema name starts with `#` or `_`.
 */
export function isSchemaFileName(name: string): boolean {
  return !TOOL_FILE.test(name) && YAML_FILE.test(name);
}

const TOOL_FILE = /^\.[#_]/;
const YAML_FILE = /\.ya?ml$/i;

/**
 * Every schema file ({@link isSchemaFileName}) directly inside `folder`, sorted by name. One that
 * cannot be read (a folder named `x.yaml`, a dangling link) is a `FileAccessError` naming it.
 */
export async function readSchemaFolder(folder: string): Promise<SourceText[]> {
  const names = (await readdir(folder).catch(failedTo("read", folder))).filter(isSchemaFileName).sort();
  return Promise.all(
    names.map(async (name) => {
      const path = join(folder, name);
      return schemaSource(path, await readFile(path).catch(failedTo("read", path)));
    }),
  );
}

/** A schema file, or `null` when nothing is there (removed since its folder was listed). */
export async function readSchemaFileIfPresent(path: string): Promise<SourceText | null> {
  return readFile(path).then(
    (bytes) => schemaSource(path, bytes),
    (error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      return failedTo("read", path)(error);
    },
  );
}

function failedTo(operation: FileOperation, path: string): (error: unknown) => never {
  return (error) => {
    // A folder named like a schema file is in the listing by its name: "name a file inside it" could not be followed.
    if ((error as NodeJS.ErrnoException).code === "EISDIR")
      throw new FileAccessError(
        path,
        operation,
        "EISDIR",
        "it is a folder named like a schema file; rename it, or move it out",
      );
    throw asFileAccessError(error, path, operation);
  };
}

/**
 * The folder of schemas shipped with the runtime package (`legolas-ts/schemas`), found the way
 * Node finds the package itself: from this module, wherever the generator is installed.
 */
export function shippedSchemaFolder(): string {
  return join(dirname(createRequire(import.meta.url).resolve("legolas-ts/package.json")), "schemas");
}

/** Whether two paths name the same folder. */
export function sameFolder(a: string, b: string): boolean {
  const real = (path: string) => (existsSync(path) ? realpathSync(path) : resolve(path));
  return real(a) === real(b);
}
