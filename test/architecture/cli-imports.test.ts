/**
 * The CLI is a user of the runtime: it reads files through the public reading API, so that a
 * hostile file meets the same checks through `legolas validate` as through `readTableBatches`.
 * It imports the runtime only through its doors: the public entry, `legolas-ts/codegen` (the
 * schema loader links generated code to it, shipped schemas included) and runtime/internal.ts
 * (what the package's own tools need and users do not; internal-tables.ts its half that reads
 * raw tables, apart so that a command reading none loads no apache-arrow).
 */
import { describe, expect, it } from "vitest";
import { importGraph, type ImportGraph } from "./import-graph.js";

const RUNTIME_DOORS = new Set([
  "runtime/index.ts",
  "runtime/codegen.ts",
  "runtime/internal.ts",
  "runtime/internal-tables.ts",
]);

/** Every `importer -> runtime module` edge of `graph` that goes past the runtime's doors. */
function importsPastTheDoors(graph: ImportGraph): string[] {
  return [...graph].flatMap(([importer, targets]) =>
    targets
      .filter((target) => target.startsWith("runtime/") && !RUNTIME_DOORS.has(target))
      .map((target) => `${importer} -> ${target}`),
  );
}

describe("cli/ imports the runtime", () => {
  it("only through its public entry, legolas-ts/codegen and runtime/internal.ts or internal-tables.ts", () => {
    const graph = importGraph(["generator/cli"]);
    // The package specifiers (legolas-ts ...) resolve to runtime files, or this proves nothing.
    expect([...graph.values()].flat()).toContain("runtime/index.ts");
    expect(importsPastTheDoors(graph)).toEqual([]);
  });

  it("a deep import is caught", () => {
    const graph = new Map([
      [
        "generator/cli/table-validation.ts",
        ["runtime/index.ts", "runtime/arrow/file-batch-reader.ts", "generator/cli/registered-versions.ts"],
      ],
      ["generator/cli/schema-loader.ts", ["runtime/codegen.ts", "generator/generate.ts"]],
    ]);
    expect(importsPastTheDoors(graph)).toEqual([
      "generator/cli/table-validation.ts -> runtime/arrow/file-batch-reader.ts",
    ]);
  });
});
