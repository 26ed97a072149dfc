/**
 * The property behind `legolas compat`: when it says a pair of versions is backward (forward)
 * compatible, every table valid under the old (new) version is valid under the other one.
 *
 * Oracle: the real thing, not an interpreter. Random pairs of schema versions are written as
 * YAML, generated to TypeScript with `generate()` into a temporary folder and imported (vitest
 * compiles them), so "valid" is exactly what `readTableBytes` accepts: the column check, then
 * the generated validators and row checks. Tables are written under one version, then get
 * optional and computed columns dropped and an extra column (`zz_extra`, a name no version
 * declares, so the caveat about reused column names never applies) added.
 *
 * Pairs are drawn once with `fc.sample` (one generate + import for all of them); the tables are
 * the `fc.assert` inputs.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Table, tableFromIPC, tableToIPC, vectorFromArray, Int32 } from "apache-arrow";
import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import { generate } from "../../../generator/generate.js";
import { catalogOf, compareVersions, type Comparison } from "../../../generator/compat/index.js";
import { readTableBytes, writeTableBytes, type SchemaVersion } from "../../../runtime/index.js";

type TypeName = "int32" | "int64" | "float64" | "string" | "list<int32>";
interface FieldSpec {
  readonly name: string;
  readonly type: TypeName;
  readonly optional: boolean;
  readonly constraints: Record<string, unknown>;
  readonly default?: number | string;
  /** A `value:` expression over the field itself, which clamps what a table stores (see VALUES). */
  readonly value?: string;
}
interface VersionSpec {
  readonly fields: readonly FieldSpec[];
  readonly checks: readonly number[];
}

const NAMES = ["f0", "f1", "f2", "f3"];
const TYPES: readonly TypeName[] = ["int32", "int64", "float64", "string", "list<int32>"];
/**
 * Row checks: a field (when present) must not print as a given text. Guarded by `in`, because a
 * version may lack the field and checks are type-checked against the row type.
 */
const CHECKS = ["f0", "f1", "f2"].flatMap((name) => {
  const read = `row.${name}`;
  return ["1", "2", "ab", "1,2"].map(
    (text) => `!(${JSON.stringify(name)} in row) || ${read} == null || String(${read}) !== ${JSON.stringify(text)}`,
  );
});
const CHECK_INDEXES = CHECKS.map((_, i) => i);

/**
 * `value:` expressions: a table is valid as the expression reads it, so a stored 5 reads as 3
 * (and a missing column as 0 or ""), which the version without it may refuse as stored.
 */
const VALUES: Partial<Record<TypeName, (name: string) => string>> = {
  int32: (name) => `Math.min(row.${name} ?? 0, 3)`,
  string: (name) => `String(row.${name} ?? "").slice(0, 2)`,
};

/** `field` with a `value:` expression, or without it: an enumeration's literal types take no computed value. */
function withValue(field: FieldSpec, wanted: boolean): FieldSpec {
  const { value: _dropped, ...rest } = field;
  const expression = VALUES[field.type];
  return wanted && expression !== undefined && field.constraints.values === undefined
    ? { ...rest, value: expression(field.name) }
    : rest;
}

function constraintsArb(type: TypeName): fc.Arbitrary<Record<string, unknown>> {
  const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
  const clean = (record: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
  switch (type) {
    case "int32":
    case "int64":
    case "float64":
      return fc
        .record({
          min: opt(fc.constantFrom(-1, 0, 1, 2)),
          max: opt(fc.constantFrom(3, 5, 8)),
          values: opt(fc.subarray([0, 1, 2, 3, 5], { minLength: 1 })),
        })
        .map(clean);
    case "string":
      return fc
        .record({
          pattern: opt(fc.constantFrom("^a", "^[ab]*$", "b")),
          values: opt(fc.subarray(["", "a", "ab", "b", "ba"], { minLength: 1 })),
          min_length: opt(fc.constantFrom(0, 1, 2)),
          max_length: opt(fc.constantFrom(2, 3)),
        })
        .map(clean);
    case "list<int32>":
      return fc.record({ min_length: opt(fc.constantFrom(0, 1)), max_length: opt(fc.constantFrom(1, 2)) }).map(clean);
  }
}

const fieldArb = (name: string): fc.Arbitrary<FieldSpec> =>
  fc.constantFrom(...TYPES).chain((type) =>
    fc
      .record({
        name: fc.constant(name),
        type: fc.constant(type),
        optional: fc.boolean(),
        constraints: constraintsArb(type),
        wantsDefault: fc.boolean(),
        wantsValue: fc.boolean(),
      })
      .map(({ wantsDefault, wantsValue, ...drawn }) => {
        const field = withValue(drawn, wantsValue);
        if (!wantsDefault || !field.optional || type === "list<int32>") return field;
        const candidates = type === "string" ? ["", "a", "ab", "b"] : [0, 1, 2, 3];
        const fits = candidates.find((value) => fitsConstraints(value, field.constraints));
        return fits === undefined ? field : { ...field, default: fits };
      }),
  );

function fitsConstraints(value: number | string, c: Record<string, unknown>): boolean {
  if (typeof value === "number") {
    if (c.min !== undefined && value < (c.min as number)) return false;
    if (c.max !== undefined && value > (c.max as number)) return false;
  } else {
    if (c.pattern !== undefined && !new RegExp(c.pattern as string, "u").test(value)) return false;
    if (c.min_length !== undefined && value.length < (c.min_length as number)) return false;
    if (c.max_length !== undefined && value.length > (c.max_length as number)) return false;
  }
  return c.values === undefined || (c.values as unknown[]).includes(value);
}

const versionArb: fc.Arbitrary<VersionSpec> = fc.record({
  fields: fc.subarray(NAMES, { minLength: 1 }).chain((names) => fc.tuple(...names.map(fieldArb))),
  checks: fc.subarray(CHECK_INDEXES, { maxLength: 2 }),
});

/** A second version one change away from the first: a field re-drawn, re-constrained, added, dropped, toggled or given a value: (or freed of it), or the checks re-drawn. */
const pairArb: fc.Arbitrary<[VersionSpec, VersionSpec]> = versionArb.chain((v1) => {
  const index = fc.nat({ max: NAMES.length - 1 });
  const replaceField = (name: string, field: FieldSpec | undefined): VersionSpec => {
    const fields = NAMES.flatMap((n) =>
      n === name ? (field === undefined ? [] : [field]) : v1.fields.filter((f) => f.name === n),
    );
    return { fields: fields.length > 0 ? fields : v1.fields, checks: v1.checks };
  };
  const redraw = index.chain((i) => fieldArb(NAMES[i]!).map((field) => replaceField(NAMES[i]!, field)));
  const drop = index.map((i) => replaceField(NAMES[i]!, undefined));
  const toggle = index.map((i) => {
    const field = v1.fields.find((f) => f.name === NAMES[i]);
    return field === undefined || field.default !== undefined
      ? v1
      : replaceField(field.name, { ...field, optional: !field.optional });
  });
  const retune = index.chain((i) => {
    const field = v1.fields.find((f) => f.name === NAMES[i]);
    if (field === undefined) return fc.constant(v1);
    return constraintsArb(field.type).map((constraints) =>
      field.default !== undefined && !fitsConstraints(field.default, constraints)
        ? v1
        : replaceField(field.name, withValue({ ...field, constraints }, field.value !== undefined)),
    );
  });
  const checks = fc
    .subarray(CHECK_INDEXES, { maxLength: 2 })
    .map((c): VersionSpec => ({ fields: v1.fields, checks: c }));
  const compute = index.map((i) => {
    const field = v1.fields.find((f) => f.name === NAMES[i]);
    return field === undefined ? v1 : replaceField(field.name, withValue(field, field.value === undefined));
  });
  return fc
    .oneof(redraw, drop, toggle, retune, retune, checks, compute, compute, compute)
    .map((v2): [VersionSpec, VersionSpec] => [v1, v2]);
});

function fieldYaml(field: FieldSpec): string {
  const lines = [`      ${field.name}:`, `        type: ${field.type}${field.optional ? "?" : ""}`];
  for (const [key, value] of Object.entries(field.constraints)) lines.push(`        ${key}: ${JSON.stringify(value)}`);
  if (field.default !== undefined) lines.push(`        default: ${JSON.stringify(field.default)}`);
  if (field.value !== undefined) lines.push(`        value: ${JSON.stringify(field.value)}`);
  return lines.join("\n");
}

function versionYaml(number: number, version: VersionSpec): string {
  const checks = version.checks.map((i) => `      - check: ${JSON.stringify(CHECKS[i]!)}\n        message: check ${i}`);
  return [
    `  ${number}:`,
    "    fields:",
    ...version.fields.map(fieldYaml),
    ...(checks.length > 0 ? ["    checks:", ...checks] : []),
  ].join("\n");
}

interface Pair {
  readonly specs: [VersionSpec, VersionSpec];
  readonly comparison: Comparison;
  readonly old: SchemaVersion;
  readonly new: SchemaVersion;
}

const PAIRS = 32;
const pairs: Pair[] = [];

beforeAll(async () => {
  const specs = fc.sample(pairArb, { numRuns: PAIRS, seed: 20240607 });
  const sources = specs.map(([v1, v2], i) => ({
    path: `schemas/pt.s${i}.yaml`,
    text: `schema: pt.s${i}\nprefix: S${i}\nversions:\n${versionYaml(1, v1)}\n${versionYaml(2, v2)}\n`,
  }));
  const root = mkdtempSync(join(tmpdir(), "legolas-compat-property-"));
  const out = join(root, "generated");
  mkdirSync(out);
  for (const file of generate(sources, { outDir: out, shipped: [] })) writeFileSync(join(out, file.path), file.content);
  const modules = (await import(/* @vite-ignore */ pathToFileURL(join(out, "index.ts")).href)) as Record<
    string,
    unknown
  >;
  const catalog = catalogOf(sources);
  specs.forEach((pair, i) => {
    const comparison = compareVersions(catalog.version(`pt.s${i}@1`)!, catalog.version(`pt.s${i}@2`)!, {
      old: catalog,
      new: catalog,
    });
    pairs.push({
      specs: pair,
      comparison,
      old: modules[`S${i}V1SchemaVersion`] as SchemaVersion,
      new: modules[`S${i}V2SchemaVersion`] as SchemaVersion,
    });
  });
}, 30_000);

const CANDIDATES: Record<TypeName, readonly unknown[]> = {
  int32: [-1, 0, 1, 2, 3, 5, 8, 9],
  int64: [-1n, 0n, 1n, 2n, 3n, 5n, 8n, 9n],
  float64: [-0.5, 0, 1, 2, 3, 4.5, 9],
  string: ["", "a", "ab", "b", "ba", "abc"],
  "list<int32>": [[], [1], [1, 2], [1, 2, 3]],
};

/** Values of a field, mostly ones that meet `spec`'s constraints (so that many tables are valid), sometimes any. */
function valueArb(type: TypeName, spec: FieldSpec | undefined): fc.Arbitrary<unknown> {
  const all = CANDIDATES[type];
  const fitting = spec === undefined || spec.type !== type ? all : all.filter((v) => fitsValue(v, spec.constraints));
  const any = fc.constantFrom(...all);
  return fitting.length === 0
    ? any
    : fc.oneof({ arbitrary: fc.constantFrom(...fitting), weight: 4 }, { arbitrary: any, weight: 1 });
}

function fitsValue(value: unknown, c: Record<string, unknown>): boolean {
  if (Array.isArray(value)) {
    return (
      (c.min_length === undefined || value.length >= (c.min_length as number)) &&
      (c.max_length === undefined || value.length <= (c.max_length as number))
    );
  }
  return fitsConstraints(typeof value === "bigint" ? Number(value) : (value as number | string), c);
}

/** Rows over the union of both versions' fields, drawn to fit the `from` side's constraints. */
const tableArb = (pair: Pair, fromSpec: VersionSpec) => {
  const fields = [...pair.specs[0].fields, ...pair.specs[1].fields];
  const row = fc.record(
    Object.fromEntries(
      fields.map((f) => [
        f.name,
        fc.option(
          valueArb(
            f.type,
            fromSpec.fields.find((g) => g.name === f.name),
          ),
          { nil: null, freq: 6 },
        ),
      ]),
    ),
  );
  return fc.record({
    rows: fc.array(row, { minLength: 1, maxLength: 3 }),
    dropMask: fc.subarray(NAMES),
    extra: fc.boolean(),
  });
};

/** A table valid under `from` (or `null`), then reshaped: optional and computed columns dropped, an extra column added, metadata removed. */
function tableBytes(
  from: SchemaVersion,
  input: { rows: Record<string, unknown>[]; dropMask: string[]; extra: boolean },
): Uint8Array | null {
  let written: Uint8Array;
  try {
    written = writeTableBytes(input.rows as never[], from as SchemaVersion<object, never>);
  } catch {
    return null;
  }
  const table = tableFromIPC(written);
  const columns: Record<string, unknown> = {};
  for (const field of table.schema.fields) {
    const declared = from.fields.find((f) => f.name === field.name);
    // A key only the other version declares was written as an extra column: left out, as before.
    const absentAllowed = declared?.optional === true || declared?.computed === true;
    if (declared === undefined || (absentAllowed && input.dropMask.includes(field.name))) continue;
    columns[field.name] = table.getChild(field.name);
  }
  if (input.extra)
    columns.zz_extra = vectorFromArray(
      input.rows.map((_, i) => i),
      new Int32(),
    );
  if (Object.keys(columns).length === 0) return null;
  return tableToIPC(new Table(columns as never), "file");
}

function valid(bytes: Uint8Array, version: SchemaVersion): boolean {
  try {
    readTableBytes(bytes, { schemaVersion: version as SchemaVersion<object, never> });
    return true;
  } catch (error) {
    const name = (error as Error).name;
    if (name !== "TableSchemaError" && name !== "RowValidationError") throw error;
    return false;
  }
}

test("when compat says compatible, tables valid under one version are valid under the other", () => {
  let checked = 0;
  const compatible = pairs.filter((p) => p.comparison.backward || p.comparison.forward);
  expect(compatible.length).toBeGreaterThanOrEqual(6);
  for (const pair of compatible) {
    const directions = [
      ...(pair.comparison.backward ? [[pair.old, pair.new, pair.specs[0]] as const] : []),
      ...(pair.comparison.forward ? [[pair.new, pair.old, pair.specs[1]] as const] : []),
    ];
    for (const [from, to, fromSpec] of directions) {
      fc.assert(
        fc.property(tableArb(pair, fromSpec), (input) => {
          const bytes = tableBytes(from, input);
          if (bytes === null || !valid(bytes, from)) return true;
          checked++;
          return valid(bytes, to);
        }),
        { numRuns: 60, seed: 7 },
      );
    }
  }
  // Not vacuous: many random tables were valid under the source version and checked.
  console.log(
    `${compatible.length} of ${pairs.length} pairs compatible in some direction; ${checked} valid tables checked`,
  );
  expect(checked).toBeGreaterThan(300);
});

test("the sample covers compatible and incompatible verdicts in both directions", () => {
  const verdicts = new Set(pairs.map((p) => `${p.comparison.backward}/${p.comparison.forward}`));
  expect(verdicts.size).toBeGreaterThanOrEqual(3);
});
