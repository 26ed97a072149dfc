/**
 * legolas-ts-cli's version, read from its own package.json: what `legolas --version` prints and
 * generated preambles name, so a release changes one number. The file is found by walking up
 * from this module, which runs from generator/ in the repository and from dist/ once built.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "legolas-ts-cli";

function packageVersion(): string {
  for (let folder = dirname(fileURLToPath(import.meta.url)); ; folder = dirname(folder)) {
    const path = join(folder, "package.json");
    if (existsSync(path)) {
      const { name, version } = JSON.parse(readFileSync(path, "utf8")) as { name?: string; version?: string };
      if (name === PACKAGE_NAME && typeof version === "string") return version;
    }
    if (dirname(folder) === folder)
      throw new Error(`${PACKAGE_NAME}: no package.json of its own above ${import.meta.url}`);
  }
}

export const GENERATOR_VERSION: string = packageVersion();
