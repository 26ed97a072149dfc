// The packages' entries as TypeScript sources, read from the one list that defines them: each
// package.json's `exports`. Vitest, the demo page's Vite config and the browser bundle test alias
// `legolas-ts`, `legolas-ts/tfjs`, ... to these files, so that one copy of the runtime (its
// sources, never runtime/dist) is loaded; test/architecture/entry-lists.test.ts holds the
// tsconfig `paths` (JSON, which cannot import this) to the same list.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const PACKAGES = [
  { name: "legolas-ts", folder: "runtime" },
  { name: "legolas-ts-cli", folder: "generator" },
];

/** `./dist/tfjs/index.js` -> `tfjs/index.ts`: where the built file comes from. */
const sourceOf = (built) => built.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts");

/**
 * Every exported subpath with the source file it is built from, relative to the repository's
 * root: `{ specifier: "legolas-ts/tfjs", source: "runtime/tfjs/index.ts" }`, a `*` standing for any
 * module path. With `browser`, the files of the "browser" export condition where there is one.
 */
export function sourceEntries({ browser = false } = {}) {
  return PACKAGES.flatMap(({ name, folder }) => {
    const { exports } = JSON.parse(readFileSync(`${ROOT}${folder}/package.json`, "utf8"));
    return Object.entries(exports)
      .filter(([, target]) => typeof target === "object")
      .map(([subpath, target]) => ({
        specifier: name + subpath.slice(1),
        source: `${folder}/${sourceOf(((browser && target.browser) || target).default)}`,
      }));
  });
}

const escaped = (text) => text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");

/** The entries as bundler aliases (Vite, Vitest, Rolldown): exact names, `*` matching a module path. */
export function sourceAliases(options) {
  return sourceEntries(options).map(({ specifier, source }) => ({
    find: new RegExp(`^${escaped(specifier).replace("\\*", "(.*)")}$`),
    replacement: `${ROOT}${source.replace("*", "$1")}`,
  }));
}
