/**
 * The row class's `static "~standard"` (Standard Schema v1, so the class itself is a validator
 * for tRPC, Hono, TanStack Form, ...): it takes the input form or the JSON form (a request body).
 * Only its type is generated, since it names the version's input, JSON and row; the runtime gives
 * it its value with the class's descriptor (runtime/legolas-row.ts's `bindRowClass`), and so it
 * does `parse` and `fromJSON`, whose types are generated beside it.
 */
import type { PropertyStructure } from "./structures.js";
import type { ResolvedVersion } from "../resolve/ir.js";
import type { GeneratedFile } from "./generated-file.js";

export function standardSchemaProperty(version: ResolvedVersion, file: GeneratedFile): PropertyStructure {
  const { rowClass, input, json } = version.names;
  return declaredStatic(
    JSON.stringify("~standard"),
    `${file.runtime("StandardSchemaProps")}<${input} | ${json}, ${rowClass}>`,
  );
}

/**
 * The types of the doors the runtime gives every row class, `parse` and `fromJSON`
 * (runtime/legolas-row.ts), naming the version's row, so that they stay typed when called
 * detached (`inputs.map(X.parse)`).
 */
export function rowDoorProperties(version: ResolvedVersion, file: GeneratedFile): PropertyStructure[] {
  const { rowClass } = version.names;
  return [
    declaredStatic("parse", `(input: unknown) => ${file.runtime("ParseResult")}<${rowClass}>`),
    declaredStatic("fromJSON", `(json: unknown) => ${rowClass}`),
  ];
}

function declaredStatic(name: string, type: string): PropertyStructure {
  return { name, hasDeclareKeyword: true, isStatic: true, isReadonly: true, type };
}
