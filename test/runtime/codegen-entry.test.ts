/**
 * `legolas-ts/codegen` is what generated code imports: exactly the runtime's symbol table, each
 * name of the kind the table says (a type-only entry is imported with `import type`). The user
 * entries keep such helpers out.
 */
import { fileURLToPath } from "node:url";
import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";
import * as codegen from "legolas-ts/codegen";
import * as packageEntry from "legolas-ts";
import * as runtime from "legolas-ts/runtime";
import { RUNTIME_SYMBOLS } from "../../runtime/symbols.js";

const CODEGEN_MODULE = fileURLToPath(new URL("../../runtime/codegen.ts", import.meta.url));

/** The names codegen.ts re-exports, each with whether it is exported as a type only. */
function codegenExports(): Record<string, { typeOnly: boolean }> {
  const file = new Project({ skipAddingFilesFromTsConfig: true }).addSourceFileAtPath(CODEGEN_MODULE);
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
  it("re-exports exactly the symbol table's names, type-only entries as types", () => {
    const table = Object.fromEntries(Object.entries(RUNTIME_SYMBOLS).sort(([a], [b]) => a.localeCompare(b)));
    expect(codegenExports()).toEqual(table);
  });

  it("holds a value for each value entry at run time", () => {
    const values = Object.entries(RUNTIME_SYMBOLS)
      .filter(([, { typeOnly }]) => !typeOnly)
      .map(([name]) => name);
    expect(Object.keys(codegen).sort()).toEqual(values.sort());
  });

  it("is apart from the user entries: helpers only generated code calls are not in legolas-ts or legolas-ts/runtime", () => {
    const userApi = new Set(["defineSchemaVersion", "isWeights"]);
    const helpers = Object.keys(codegen).filter((name) => !userApi.has(name));
    expect(helpers).toContain("toBigInt");
    expect(helpers.filter((name) => name in runtime || name in packageEntry)).toEqual([]);
    expect("RUNTIME_SYMBOLS" in runtime || "RUNTIME_SYMBOLS" in packageEntry).toBe(false);
    for (const name of userApi) expect(runtime).toHaveProperty(name, (codegen as Record<string, unknown>)[name]);
  });
});
