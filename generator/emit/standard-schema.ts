/**
 * The row class's non-throwing doors: `static parse(input)` (converts, validates, returns the row
 * or the violations, like zod's `safeParse`) and `static "~standard"` (Standard Schema v1, so
 * the class itself is a validator for tRPC, Hono, TanStack Form, ...). Both are one call into
 * the runtime (runtime/parse-row.ts, runtime/standard-schema.ts).
 */
import type { MethodStructure, PropertyStructure } from "./structures.js";
import type { ResolvedVersion } from "../resolve/ir.js";
import type { GeneratedFile } from "./generated-file.js";

export function standardSchemaProperty(version: ResolvedVersion, file: GeneratedFile): PropertyStructure {
  const { rowClass, input } = version.names;
  return {
    name: JSON.stringify("~standard"),
    isStatic: true,
    isReadonly: true,
    docs: ["Standard Schema v1: `validate` converts and checks a value and returns the row or issues with paths."],
    type: `${file.runtime("StandardSchemaProps")}<${input}, ${rowClass}>`,
    initializer: `${file.runtime("standardSchema")}(${rowClass})`,
  };
}

export function parseMethod(version: ResolvedVersion, file: GeneratedFile): MethodStructure {
  const { rowClass } = version.names;
  return {
    name: "parse",
    isStatic: true,
    docs: [
      "Converts and validates `input` without throwing: `{ ok: true, value }` (the row) or `{ ok: false, violations }`.",
    ],
    parameters: [{ name: "input", type: "unknown" }],
    returnType: `${file.runtime("ParseResult")}<${rowClass}>`,
    statements: [`return ${file.runtime("parseRow")}(${rowClass}, input);`],
  };
}
