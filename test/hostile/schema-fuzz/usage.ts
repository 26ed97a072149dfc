/**
 * An app's use of a fuzzed set's generated classes, as TypeScript source: each valid row written
 * as a literal (sets and maps in their input forms) and given to its class's constructor, and the row held as its `Fields` type. The
 * compiler (type-check.ts) then says whether the generated `Input` and `Fields` types take every
 * value docs/schemas.md says a field holds.
 */
import { FlatArray, Weights } from "legolas-ts";

/** A value as a TypeScript expression that makes it. */
export function literal(value: unknown): string {
  if (value === null) return "null";
  // An `any` value's object may hold a key as undefined (a missing value).
  if (value === undefined) return "undefined";
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "Number.NaN";
    if (Object.is(value, -0)) return "-0";
    if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
    return String(value);
  }
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value instanceof Weights) return `new Weights([${value.arrays.map(literal).join(", ")}], { layout: "flux" })`;
  if (value instanceof FlatArray) return `new FlatArray(${literal(value.vec)}, ${literal([...value.size])})`;
  if (ArrayBuffer.isView(value)) {
    const items = Array.from(value as unknown as ArrayLike<unknown>, literal);
    return `new ${value.constructor.name}([${items.join(", ")}])`;
  }
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  // A set's and a map's input forms, an array and pairs: a `new Map([...])` of values of two
  // members of a union would infer its type from the first entry alone.
  if (value instanceof Set || value instanceof Map) return literal([...value]);
  return `{ ${Object.entries(value as object)
    .map(([key, item]) => `${JSON.stringify(key)}: ${literal(item)}`)
    .join(", ")} }`;
}

/** The module `usage.ts` beside a set's generated files: each row built by its class, `className` to rows. */
export function usageModule(rows: ReadonlyMap<string, readonly unknown[]>): string {
  const classes = [...rows.keys()];
  const lines = [
    `import { FlatArray, Weights } from "legolas-ts";`,
    `import { ${classes.flatMap((name) => [name, `type ${name}Fields`]).join(", ")} } from "./index.js";`,
    // Referenced either way, so that an unused import is no error under the strictest settings.
    "export const arrays: unknown[] = [FlatArray, Weights];",
  ];
  let k = 0;
  for (const [name, values] of rows)
    for (const value of values) lines.push(`export const row${k++}: ${name}Fields = new ${name}(${literal(value)});`);
  return `${lines.join("\n")}\n`;
}
