/**
 * The runtime package's doors, by audience (ARCHITECTURE.md, "Packages"): `legolas-ts` for apps
 * (tables, rows, model rows' fields, Weights, the shipped schema), `legolas-ts/tfjs` for the
 * TensorFlow.js bridge, `legolas-ts/codegen` for generated code. These tests hold what each door
 * promises in the sources:
 *
 * - the app entry and the codegen entry never load TensorFlow.js: an app that reads tables, or
 *   model rows' scalar fields, runs without it installed;
 * - every entry lists its names (no `export *` of an implementation module), so that a name
 *   becomes public only on purpose (the API report shows which);
 * - no generator-only name (what the generator and CLI take through `legolas-ts/internal/*`, what
 *   only generated code calls) is in a user entry;
 * - docs/browser.md names as staying in Node exactly the calls the browser entries lack.
 */
import { readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";
import { Node, Project } from "ts-morph";
import { describe, expect, it } from "vitest";
import { RUNTIME_SYMBOLS } from "../../runtime/symbols.js";
import { importGraph, importSpecifiers, REPOSITORY_ROOT } from "./import-graph.js";

const APP_ENTRIES = ["runtime/index.ts", "runtime/core.ts"];
const TFJS_ENTRIES = ["runtime/tfjs/index.ts", "runtime/tfjs/core.ts"];
const CODEGEN_ENTRY = "runtime/codegen.ts";
/** Modules that only list names: the entries, and the building blocks that codegen.ts re-exports. */
const NAME_LISTS = new Set([...APP_ENTRIES, ...TFJS_ENTRIES, CODEGEN_ENTRY, "runtime/codegen-blocks.ts"]);

/** The source file of each subpath of runtime/package.json "exports" (the `./internal/*` pattern aside). */
function exportedEntries(): string[] {
  const { exports } = JSON.parse(readFileSync(join(REPOSITORY_ROOT, "runtime/package.json"), "utf8")) as {
    exports: Record<string, unknown>;
  };
  const files = new Set<string>();
  const visit = (target: unknown): void => {
    if (typeof target === "string") {
      if (target.endsWith(".js")) files.add(normalize(join("runtime", target.replace(/^\.\/dist\//, "./"))));
      return;
    }
    for (const nested of Object.values(target as Record<string, unknown>)) visit(nested);
  };
  for (const [subpath, target] of Object.entries(exports)) if (!subpath.includes("*")) visit(target);
  return [...files].map((file) => file.replace(/\.js$/, ".ts")).sort();
}

/** Every runtime module reachable from `entries` through static imports, type-only ones included. */
const runtimeGraph = importGraph(["runtime"]);

function reachable(entries: readonly string[]): Set<string> {
  const graph = runtimeGraph;
  const seen = new Set<string>();
  const visit = (module: string): void => {
    if (seen.has(module)) return;
    seen.add(module);
    for (const target of graph.get(module) ?? []) visit(target);
  };
  for (const entry of entries) visit(entry);
  return seen;
}

/** The modules among `modules` that import `@tensorflow/*`, with the specifier. */
function tfjsImporters(modules: ReadonlySet<string>): string[] {
  const specifiers = importSpecifiers(["runtime"]);
  return [...modules].flatMap((module) =>
    (specifiers.get(module) ?? []).filter((s) => s.startsWith("@tensorflow/")).map((s) => `${module}: ${s}`),
  );
}

describe("which entries load TensorFlow.js", () => {
  it("package.json exports exactly the app entry, the tfjs bridge and the codegen entry", () => {
    expect(exportedEntries()).toEqual([...APP_ENTRIES, ...TFJS_ENTRIES, CODEGEN_ENTRY].sort());
  });

  it("no module reachable from legolas-ts (Node or browser) or legolas-ts/codegen imports @tensorflow/tfjs", () => {
    const modules = reachable([...APP_ENTRIES, CODEGEN_ENTRY]);
    expect(modules).toContain("runtime/model-rows.ts");
    expect(modules).toContain("runtime/generated/legolas-flux.model.ts");
    expect(tfjsImporters(modules)).toEqual([]);
  });

  it("the check can fail: legolas-ts/tfjs reaches modules that import it", () => {
    expect(tfjsImporters(reachable(TFJS_ENTRIES))).toContain("runtime/tfjs/fetch-weights.ts: @tensorflow/tfjs");
  });
});

const project = new Project({ skipAddingFilesFromTsConfig: true });
const sourceFile = (module: string) => project.addSourceFileAtPath(join(REPOSITORY_ROOT, module));

describe("entries export by name", () => {
  it("each name list holds only re-exports, and `export *` only of another name list", () => {
    const problems = [...NAME_LISTS].flatMap((module) =>
      sourceFile(module)
        .getStatements()
        .flatMap((statement) => {
          if (!Node.isExportDeclaration(statement))
            return [`${module}: ${statement.getKindName()} (a name list declares nothing)`];
          if (statement.hasNamedExports() || statement.getNamespaceExport() !== undefined) return [];
          const target = normalize(join(dirname(module), statement.getModuleSpecifierValue()!)).replace(/\.js$/, ".ts");
          return NAME_LISTS.has(target) ? [] : [`${module}: export * from ${target}`];
        }),
    );
    expect(problems).toEqual([]);
  });
});

/**
 * Every name a name list exports, types included, read from its declarations: its named
 * re-exports and those of the lists it re-exports whole (the test above holds entries to that form).
 */
function listedNames(module: string): string[] {
  return sourceFile(module)
    .getExportDeclarations()
    .flatMap((declaration) =>
      declaration.hasNamedExports()
        ? declaration.getNamedExports().map((specifier) => specifier.getAliasNode()?.getText() ?? specifier.getName())
        : listedNames(normalize(join(dirname(module), declaration.getModuleSpecifierValue()!)).replace(/\.js$/, ".ts")),
    );
}

/** Every name the user entries export. */
const userNames = (): Set<string> => new Set([...APP_ENTRIES, ...TFJS_ENTRIES].flatMap(listedNames));

/** What the generator and CLI import through `legolas-ts/internal/*`, by name. */
function internalImports(): Set<string> {
  const project = new Project({ skipAddingFilesFromTsConfig: true });
  project.addSourceFilesAtPaths([`${REPOSITORY_ROOT}/generator/**/*.ts`, `!${REPOSITORY_ROOT}/generator/**/dist/**`]);
  return new Set(
    project
      .getSourceFiles()
      .flatMap((file) => file.getImportDeclarations())
      .filter((declaration) => declaration.getModuleSpecifierValue().startsWith("legolas-ts/internal/"))
      .flatMap((declaration) => declaration.getNamedImports().map((specifier) => specifier.getName())),
  );
}

/** Names the generator reaches through the internal door that users also get, on purpose. */
const SHARED_WITH_USERS: Readonly<Record<string, string>> = {
  propertyKey: "a row's property for a field name (`toString` -> `toString$`)",
  parseIdentifier: "what legolas_schema_qualified says",
  formatIdentifier: "the canonical form of an identifier, which legolas_schema_qualified is written in",
  IdentifierError: "what parseIdentifier throws",
  formatSchemaVersionName: "a schema version's name@version, as its errors write it",
  LegolasError: "the base of every error legolas-ts throws",
  FileAccessError: "what a file the runtime cannot read or write throws",
  FileOperation: "part of FileAccessError",
  Constraints: "part of SchemaVersion.fields",
  FieldType: "part of SchemaVersion.fields",
};

describe("the user entries keep generator-only names out", () => {
  it("no name that only the generator, the CLI or generated code uses", () => {
    const exported = userNames();
    // Building blocks that are also what users call or name: X.parse's result, what X.is narrows
    // to, the JSON form's types.
    const userCalls = new Set([
      "RowValidationError",
      "isWeights",
      "Weights",
      "WeightsInput",
      "Violation",
      "SchemaVersion",
      "ParseResult",
      "Complying",
      "JsonFloat",
      "WeightsJson",
    ]);
    const codegenOnly = Object.keys(RUNTIME_SYMBOLS).filter((name) => !userCalls.has(name));
    const generatorOnly = [...internalImports()].filter((name) => !(name in SHARED_WITH_USERS));
    const named = ["JULIA_KEYWORDS", "MAX_COLUMN_OFFSET", "isTemporaryFileName", "RUNTIME_SYMBOLS", "replaceFile"];
    expect(generatorOnly).toEqual(expect.arrayContaining(["fieldNameProblem", "formatFieldType", "DeclaredFieldType"]));
    expect(
      [...new Set([...codegenOnly, ...generatorOnly, ...named])].filter((name) => exported.has(name)).sort(),
    ).toEqual([]);
  });

  it("the names shared with users on purpose are exported", () => {
    const exported = userNames();
    expect(Object.keys(SHARED_WITH_USERS).filter((name) => !exported.has(name))).toEqual([]);
  });
});

describe("docs/browser.md", () => {
  it("names as staying in Node exactly the calls the Node entries have and the browser entries lack", async () => {
    const [node, browser, nodeTfjs, browserTfjs] = await Promise.all([
      import("../../runtime/index.js"),
      import("../../runtime/core.js"),
      import("../../runtime/tfjs/index.js"),
      import("../../runtime/tfjs/core.js"),
    ]);
    const nodeOnly = [
      ...Object.keys(node).filter((name) => !(name in browser)),
      ...Object.keys(nodeTfjs).filter((name) => !(name in browserTfjs)),
    ];
    const page = readFileSync(join(REPOSITORY_ROOT, "docs/browser.md"), "utf8").replaceAll(/\s+/g, " ");
    const stated = /What needs a file system stays in Node: ([^.]*)\./.exec(page)?.[1] ?? "";
    expect([...stated.matchAll(/`(\w+)`/g)].map(([, name]) => name).sort()).toEqual(nodeOnly.sort());
  });
});
