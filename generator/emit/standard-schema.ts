/**
 * The row class's `static "~standard"` (Standard Schema v1, so the class itself is a validator
 * for tRPC, Hono, TanStack Form, ...): it takes the input form or the JSON form (a request body),
 * and is one call into the runtime (runtime/standard-schema.ts), generated because its types name
 * the version's input, JSON and row.
 */
import type { PropertyStructure } from "./structures.js";
import type { ResolvedVersion } from "../resolve/ir.js";
import type { GeneratedFile } from "./generated-file.js";

export function standardSchemaProperty(version: ResolvedVersion, file: GeneratedFile): PropertyStructure {
  const { rowClass, input, json } = version.names;
  return {
    name: JSON.stringify("~standard"),
    isStatic: true,
    hasOverrideKeyword: true,
    isReadonly: true,
    type: `${file.runtime("StandardSchemaProps")}<${input} | ${json}, ${rowClass}>`,
    initializer: `${file.runtime("standardSchema")}(${rowClass})`,
  };
}
