/**
 * The row class's non-throwing doors: `static parse(input)` (converts, validates, returns the row
 * or the violations, like zod's `safeParse`) and `static "~standard"` (Standard Schema v1, so
 * the class itself is a validator for tRPC, Hono, TanStack Form, ...). Both take the input form
 * or the JSON form (a request body), and are one call into the runtime (runtime/parse-row.ts,
 * runtime/standard-schema.ts).
 */
import type { MethodDeclarationStructure, OptionalKind, PropertyDeclarationStructure } from "ts-morph";
import type { ResolvedVersion } from "../resolve/ir.js";
import type { GeneratedFile } from "./generated-file.js";

export function standardSchemaProperty(
  version: ResolvedVersion,
  file: GeneratedFile,
): OptionalKind<PropertyDeclarationStructure> {
  const { rowClass, input, json } = version.names;
  return {
    name: JSON.stringify("~standard"),
    isStatic: true,
    isReadonly: true,
    docs: [
      "Standard Schema v1: `validate` converts and checks a value (the input form or the JSON form) and returns the row or issues with paths.",
    ],
    type: `${file.runtime("StandardSchemaProps")}<${input} | ${json}, ${rowClass}>`,
    initializer: `${file.runtime("standardSchema")}(${rowClass})`,
  };
}

export function parseMethod(version: ResolvedVersion, file: GeneratedFile): OptionalKind<MethodDeclarationStructure> {
  const { rowClass } = version.names;
  return {
    name: "parse",
    isStatic: true,
    docs: [
      "Converts and validates `input` (the input form or the JSON form) without throwing: `{ ok: true, value }` (the row) or `{ ok: false, violations }`.",
    ],
    parameters: [{ name: "input", type: "unknown" }],
    returnType: `${file.runtime("ParseResult")}<${rowClass}>`,
    statements: [`return ${file.runtime("parseRow")}(${rowClass}, input);`],
  };
}
