/**
 * The two packages by audience (ARCHITECTURE.md, "Packages"): `legolas-ts`, the runtime apps and
 * generated code import, and `legolas-ts-cli`, the generator and `legolas` command. The
 * boundaries hold in the sources: no relative import crosses a package, the runtime never reaches
 * the generator or its compiler-sized dependencies, every bare import is a declared dependency,
 * and code built outside the packages (examples, benchmarks, tools) reaches them by package name,
 * so that it runs against the one built copy in node_modules.
 */
import { readFileSync, realpathSync } from "node:fs";
import { builtinModules } from "node:module";
import { dirname, join, normalize } from "node:path";
import { describe, expect, test } from "vitest";
import { shippedSchemaFolder } from "../../generator/schema-folder.js";
import { importSpecifiers, REPOSITORY_ROOT } from "./import-graph.js";

interface Manifest {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const RUNTIME = "runtime";
const CLI = "generator";
const manifest = (folder: string): Manifest =>
  JSON.parse(readFileSync(join(REPOSITORY_ROOT, folder, "package.json"), "utf8")) as Manifest;
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** `apache-arrow/x` -> `apache-arrow`, `@scope/name/x` -> `@scope/name`. */
const packageName = (specifier: string): string =>
  specifier
    .split("/")
    .slice(0, specifier.startsWith("@") ? 2 : 1)
    .join("/");

/** Every `file: specifier` of `folders` for which `bad` holds. */
function offending(folders: readonly string[], bad: (file: string, specifier: string) => boolean): string[] {
  return [...importSpecifiers(folders)].flatMap(([file, specifiers]) =>
    specifiers.filter((specifier) => bad(file, specifier)).map((specifier) => `${file}: ${specifier}`),
  );
}

describe.each([RUNTIME, CLI])("%s", (folder) => {
  const own = manifest(folder);
  const declared = new Set([
    own.name,
    ...Object.keys(own.dependencies ?? {}),
    ...Object.keys(own.peerDependencies ?? {}),
  ]);

  test("no relative import leaves the package", () => {
    expect(
      offending(
        [folder],
        (file, specifier) =>
          specifier.startsWith(".") && !normalize(join(dirname(file), specifier)).startsWith(`${folder}/`),
      ),
    ).toEqual([]);
  });

  test("every bare import is one of its dependencies (or a Node built-in)", () => {
    expect(
      offending(
        [folder],
        (_, specifier) =>
          !specifier.startsWith(".") && !BUILTINS.has(specifier) && !declared.has(packageName(specifier)),
      ),
    ).toEqual([]);
  });
});

test("the runtime needs no compiler: no generator, ts-morph, TypeScript, yaml, commander or diff in its code or dependencies", () => {
  const compilerSide = new Set(["legolas-ts-cli", "ts-morph", "typescript", "yaml", "commander", "diff"]);
  expect(offending([RUNTIME], (_, specifier) => compilerSide.has(packageName(specifier)))).toEqual([]);
  expect(Object.keys(manifest(RUNTIME).dependencies ?? {}).filter((name) => compilerSide.has(name))).toEqual([]);
});

test("the CLI depends on the runtime of exactly its own version, and reaches it only through its exports", () => {
  const cli = manifest(CLI);
  expect(cli.dependencies?.["legolas-ts"]).toBe(manifest(RUNTIME).version);
  expect(cli.version).toBe(manifest(RUNTIME).version);
  const exported = /^legolas-ts(\/(codegen|internal\/.+))?$/;
  expect(
    offending([CLI], (_, specifier) => packageName(specifier) === "legolas-ts" && !exported.test(specifier)),
  ).toEqual([]);
});

test("examples, benchmarks and tools import the packages by name, never by a path into their sources", () => {
  expect(
    offending(
      ["examples", "bench", "tools"],
      (file, specifier) =>
        specifier.startsWith(".") && /^(runtime|generator)\//.test(normalize(join(dirname(file), specifier))),
    ),
  ).toEqual([]);
});

test("the generator finds the shipped schemas through the runtime package's resolution (node_modules/legolas-ts), not a path of its own", () => {
  expect(realpathSync(shippedSchemaFolder())).toBe(join(REPOSITORY_ROOT, RUNTIME, "schemas"));
});
