/**
 * A folder of YAML schemas for the generator benchmark: `versions` schema versions in total,
 * five per schema file, in chains three deep (`root@v <- mid@v <- leaf@v`, across files, since a
 * version never extends its own schema), 10 to 20 fields per version counting inherited ones.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

export const VERSIONS_PER_SCHEMA = 5;

const FIELD_KINDS: readonly ((name: string) => string)[] = [
  (n) => `      ${n}: int32`,
  (n) => `      ${n}: int64?`,
  (n) => `      ${n}: string`,
  (n) => `      ${n}:\n        type: float64\n        min: 0\n        max: 1`,
  (n) => `      ${n}: bool`,
  (n) => `      ${n}:\n        type: string?\n        pattern: "^[a-z][a-z0-9-]*$"\n        doc: A slug.`,
  (n) => `      ${n}: uint8?`,
  (n) => `      ${n}:\n        type: list<string>?\n        max_length: 16`,
  (n) => `      ${n}:\n        type: string\n        values: [red, green, blue]`,
  (n) => `      ${n}: float32?`,
];

function schemaName(index: number): string {
  return `bench.gen.s${String(index).padStart(4, "0")}`;
}

/** Own fields of version `v` of schema `index`: a root has 10-12, each child adds 3-4 (<= 20 in all). */
function ownFieldCount(index: number, v: number): number {
  const depth = index % 3;
  return depth === 0 ? 10 + (v % 3) : 3 + ((v + depth) % 2);
}

export function syntheticSchema(index: number): string {
  const depth = index % 3;
  const lines = [
    `schema: ${schemaName(index)}`,
    `prefix: Gen${String(index).padStart(4, "0")}`,
    `doc: Synthetic schema ${index} of the generator benchmark.`,
    "versions:",
  ];
  for (let v = 1; v <= VERSIONS_PER_SCHEMA; v++) {
    lines.push(`  ${v}:`);
    if (depth > 0) lines.push(`    extends: ${schemaName(index - 1)}@${v}`);
    lines.push("    fields:");
    for (let f = 0; f < ownFieldCount(index, v); f++) {
      lines.push(FIELD_KINDS[(f + index + v) % FIELD_KINDS.length]!(`d${depth}_f${f}`));
    }
  }
  return `${lines.join("\n")}\n`;
}

/** Writes the schema files for `versions` versions (rounded up to a multiple of 5) into `folder`. */
export async function writeSyntheticSchemas(folder: string, versions: number): Promise<number> {
  const schemas = Math.ceil(versions / VERSIONS_PER_SCHEMA);
  await mkdir(folder, { recursive: true });
  await Promise.all(
    Array.from({ length: schemas }, (_, i) => writeFile(join(folder, `${schemaName(i)}.yaml`), syntheticSchema(i))),
  );
  return schemas * VERSIONS_PER_SCHEMA;
}
