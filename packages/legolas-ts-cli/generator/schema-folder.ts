/**
 * Finding YAML schema files: a user's folder, and the schemas shipped inside this package
 * (which the generator always knows, so a user's schema can extend `legolas-flux.model@1`).
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { SourceText } from "./generate.js";

/** Every `*.yaml` file directly inside `folder`, sorted by name. */
export async function readSchemaFolder(folder: string): Promise<SourceText[]> {
  const names = (await readdir(folder)).filter((name) => name.endsWith(".yaml")).sort();
  return Promise.all(names.map(async (name) => ({ path: join(folder, name), text: await readFile(join(folder, name), "utf8") })));
}

/** The folder of schemas shipped with this package. */
export function shippedSchemaFolder(): string {
  let folder = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(folder, "package.json")) || !isThisPackage(join(folder, "package.json"))) {
    const up = dirname(folder);
    if (up === folder) throw new Error("internal: cannot find the legolas-ts package folder");
    folder = up;
  }
  return join(folder, "schemas");
}

function isThisPackage(packageJson: string): boolean {
  return (JSON.parse(readFileSync(packageJson, "utf8")) as { name?: string }).name === "legolas-ts";
}

/** Whether two paths name the same folder. */
export function sameFolder(a: string, b: string): boolean {
  const real = (path: string) => (existsSync(path) ? realpathSync(path) : resolve(path));
  return real(a) === real(b);
}
