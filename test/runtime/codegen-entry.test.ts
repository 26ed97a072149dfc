/**
 * `legolas-ts/codegen` is what generated code imports: the building blocks (codegen-blocks.ts,
 * exactly the runtime's symbol table, each name of the kind the table says: a type-only entry is
 * imported with `import type`) and the shipped schemas, so that a generated schema reaches its
 * parent `legolas-flux.model@1` through the same door. The user entry keeps the helpers out.
 */
import { fileURLToPath } from "node:url";
import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";
import * as codegen from "legolas-ts/codegen";
import * as packageEntry from "legolas-ts";
import * as shipped from "../../runtime/generated/index.js";
import { RUNTIME_SYMBOLS } from "../../runtime/symbols.js";

const BLOCKS_MODULE = fileURLToPath(new URL("../../runtime/codegen-blocks.ts", import.meta.url));

/** The names codegen-blocks.ts re-exports, each with whether it is exported as a type only. */
function blockExports(): Record<string, { typeOnly: boolean }> {
  const file = new Project({ skipAddingFilesFromTsConfig: true }).addSourceFileAtPath(BLOCKS_MODULE);
  const entries = file
    .getExportDeclarations()
    .flatMap((declaration) =>
      declaration
        .getNamedExports()
        .map(
          (specifier) =>
            [specifier.getName(), { typeOnly: declaration.isTypeOnly() || specifier.isTypeOnly() }] as const,
        ),
    );
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

describe("legolas-ts/codegen", () => {
  it("re-exports exactly the symbol table's names as building blocks, type-only entries as types", () => {
    const table = Object.fromEntries(Object.entries(RUNTIME_SYMBOLS).sort(([a], [b]) => a.localeCompare(b)));
    expect(blockExports()).toEqual(table);
  });

  it("holds a value for each value entry of the table and each value of the shipped schemas, and nothing else", () => {
    const values = Object.entries(RUNTIME_SYMBOLS)
      .filter(([, { typeOnly }]) => !typeOnly)
      .map(([name]) => name);
    expect(Object.keys(codegen).sort()).toEqual([...values, ...Object.keys(shipped)].sort());
    expect(codegen.ModelV1SchemaVersion).toBe(packageEntry.ModelV1SchemaVersion);
  });

  it("is apart from the user entry: helpers only generated code calls are not in legolas-ts", () => {
    const userApi = new Set(["isWeights", "ModelV1", "ModelV1SchemaVersion"]);
    const helpers = Object.keys(codegen).filter((name) => !userApi.has(name));
    expect(helpers).toEqual(expect.arrayContaining(["toBigInt", "defineSchemaVersion", "LegolasRow"]));
    expect(helpers.filter((name) => name in packageEntry)).toEqual([]);
    expect("RUNTIME_SYMBOLS" in packageEntry).toBe(false);
    for (const name of userApi) expect(packageEntry).toHaveProperty(name, (codegen as Record<string, unknown>)[name]);
  });
});
