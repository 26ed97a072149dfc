/**
 * The row class's `static "~standard"` (Standard Schema v1, so the class itself is a validator
 * for tRPC, Hono, TanStack Form, ...): it takes the input form or the JSON form (a request body).
 * Only its type is generated, since it names the version's input, JSON and row; the runtime gives
 * it its value with the class's descriptor (runtime/legolas-row.ts's `bindRowClass`).
 */
import type { PropertyStructure } from "./structures.js";
import type { ResolvedVersion } from "../resolve/ir.js";
import type { GeneratedFile } from "./generated-file.js";

export function standardSchemaProperty(version: ResolvedVersion, file: GeneratedFile): PropertyStructure {
  const { rowClass, input, json } = version.names;
  return {
    name: JSON.stringify("~standard"),
    hasDeclareKeyword: true,
    isStatic: true,
    isReadonly: true,
    type: `${file.runtime("StandardSchemaProps")}<${input} | ${json}, ${rowClass}>`,
  };
}
