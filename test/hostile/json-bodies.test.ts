/**
 * Request bodies against every JSON door of random schemas (test/hostile/schema-fuzz/'s model):
 * a valid row's JSON form (`toJSON`), each with one value replaced by a JSON value near some
 * type's form, a value or key removed, an extra or `__proto__` key added, and bodies that are no
 * object. For each body, Ajv on `jsonSchema`, `fromJSON`, `parse` and Standard Schema must agree
 * as docs/schemas.md ("Rows over HTTP") says:
 *  - `parse` and Standard Schema give the verdict and the row of `fromJSON`; an issue's path is the
 *    keys of the body that lead to the value;
 *  - a body that complies is refused only for what the schema leaves to `fromJSON`: bounds on
 *    what travels as text, a date's day, a binary's byte length, Weights' exactness and shape,
 *    row checks;
 *  - a body accepted (complying or in the input form the schema does not describe) gives a row
 *    whose `toJSON`, through JSON text, complies and reads back as the same row.
 *
 * Short by default (CI); longer: `LEGOLAS_FUZZ_SECONDS=120 LEGOLAS_FUZZ_SEED=7 npx vitest run
 * test/hostile/json-bodies.test.ts` (`LEGOLAS_FUZZ_SHRINK=1` shrinks a failure to a smaller schema). A
 * failure names the body, the mutation, its seed and the schema files.
 */
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import fc from "fast-check";
import { isDeepStrictEqual } from "node:util";
import { expect, test } from "vitest";
import { evaluateModules } from "../../generator/cli/schema-loader.js";
import { generate, type SourceText } from "../../generator/generate.js";
import { readSchemaFolder, shippedSchemaFolder } from "../../generator/schema-folder.js";
import { findSchemaVersion, type SchemaVersion, type Violation } from "legolas-ts";
import { fuzzBudget, fuzzContinues } from "./helpers/fuzz.js";
import { keysOf } from "./schema-fuzz/doors.js";
import { identifierOf, type SchemaModel } from "./schema-fuzz/model.js";
import { schemaSet } from "./schema-fuzz/schema-sets.js";
import { validRow } from "./schema-fuzz/values.js";
import { schemaYaml } from "./schema-fuzz/yaml.js";

const BUDGET = fuzzBudget(3, 8);

interface Doors {
  new (input: unknown): object;
  parse(body: unknown): { ok: true; value: object } | { ok: false; violations: Violation[] };
  fromJSON(body: unknown): object;
  readonly "~standard": {
    validate(body: unknown): {
      value?: unknown;
      issues?: readonly { path?: readonly PropertyKey[]; message: string }[];
    };
  };
}

/**
 * JSON values near some type's form that are no value of many: text that looks like a number, a
 * date, base64 or a special float, integers past 2^53 and past 64 bits, a lone surrogate, empty
 * containers. (Not the number -0: an integer field keeps it, and JSON text writes it as 0.)
 */
const JUNK: readonly unknown[] = [
  null,
  "",
  "x",
  0,
  -1,
  1.5,
  2 ** 53 + 2,
  1e300,
  Number.POSITIVE_INFINITY, // JSON.parse("1e400")
  Number.NEGATIVE_INFINITY,
  "NaN",
  "-0",
  "Infinity",
  true,
  [],
  {},
  [1, 2],
  { a: 1 },
  "1e3",
  "\ud800",
  "9".repeat(40),
  "18446744073709551616",
  "-9223372036854775809",
  "2023-02-29",
  "2024-01-01T00:00:00Z",
  "AQ",
  "AQ==",
  "00000000-0000-0000-0000-00000000000G",
];

/**
 * What docs/schemas.md leaves to `fromJSON` when a body complies: bounds on integers that travel
 * as text (found as a bigint), a date's day or range, a binary's byte length, Weights, row checks.
 */
function leftToFromJson(violation: Violation): boolean {
  if (violation.code === "check_failed") return true;
  const found = violation.found ?? "";
  // A bigint found, itself or in a typed array (`an array of length 3 (at index 0, -1n is no uint64 ...)`).
  if (/(^|[ (])-?\d+n\b/.test(found) || found.startsWith("a Uint8Array")) return true;
  // A union's member says what it holds no value of: `an object (its "date" holds no date: ...)`.
  const member = /^an object \(its "([^"]+)" holds no /.exec(found)?.[1];
  return /^(u?int(64|128)|time|timestamp|duration|period|integer|date|datetime|Weights)\b/.test(
    member ?? violation.expected,
  );
}

type Path = readonly (string | number)[];

/** The paths of every value in `json` (objects' keys and arrays' indexes), the body's own first. */
function valuePaths(json: unknown, path: Path = []): Path[] {
  const inner =
    json !== null && typeof json === "object"
      ? Object.entries(json).flatMap(([key, value]) =>
          valuePaths(value, [...path, Array.isArray(json) ? Number(key) : key]),
        )
      : [];
  return [path, ...inner];
}

/** A copy of `json` with `change` applied to the object or array that holds `path`'s last key. */
function changed(
  json: unknown,
  path: Path,
  change: (holder: Record<string | number, unknown>, key: string | number) => void,
) {
  const copy = structuredClone(json) as Record<string | number, unknown>;
  let holder = copy;
  for (const key of path.slice(0, -1)) holder = holder[key] as Record<string | number, unknown>;
  change(holder, path.at(-1)!);
  return copy;
}

/** A body as JSON, but for what JSON has no form for: a bigint as `5n`, a NaN or ±Infinity (from `1e400`) as its name. */
const text = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) =>
    typeof v === "bigint" ? `${v}n` : typeof v === "number" && !Number.isFinite(v) ? String(v) : v,
  );
const ajv = new Ajv2020({ strict: true, validateFormats: false });

/** Every JSON door asked about one body; a failure says which body and why it was made. */
function checkBody(
  schemaVersion: SchemaVersion,
  complies: ValidateFunction,
  holdsAny: boolean,
  body: unknown,
  what: string,
): void {
  const doors = schemaVersion.rowClass as unknown as Doors;
  const where = `${schemaVersion.identifier}, ${what}: ${text(body)}`;
  let row: object | undefined;
  let refused: { violations?: Violation[] } | undefined;
  try {
    row = doors.fromJSON(body);
  } catch (error) {
    expect((error as Error).name, `fromJSON throws a RowValidationError (${where})`).toBe("RowValidationError");
    refused = error as { violations: Violation[] };
  }
  const parsed = doors.parse(body);
  expect(parsed.ok ? { ...parsed.value } : parsed.violations, `parse is fromJSON (${where})`).toEqual(
    row === undefined ? refused!.violations : { ...row },
  );
  const standard = doors["~standard"].validate(body);
  expect(
    standard.issues?.map((issue) => issue.path ?? []),
    `Standard Schema's issues are at the violations' keys (${where})`,
  ).toEqual(parsed.ok ? undefined : parsed.violations.map((violation) => keysOf(violation.path)));
  if (row !== undefined)
    expect({ ...(standard.value as object) }, `Standard Schema's value (${where})`).toEqual({ ...row });
  if (standard.issues !== undefined)
    for (const { path = [] } of standard.issues) {
      const holder = path
        .slice(0, -1)
        .reduce<unknown>((value, key) => (value as Record<PropertyKey, unknown>)?.[key], body);
      const inBody = path.length === 0 || (holder !== null && typeof holder === "object");
      expect(inBody, `issue path ${text(path)} leads into the body (${where})`).toBe(true);
    }
  const compliant = complies(body);
  if (row === undefined) {
    if (compliant) {
      const unexplained = refused!.violations!.filter((violation) => !leftToFromJson(violation));
      expect(unexplained, `a complying body refused for what jsonSchema states (${where})`).toEqual([]);
    }
    return;
  }
  // Accepted, complying or in the input form: its JSON form complies and reads back as itself.
  const json = JSON.parse(JSON.stringify(row)) as unknown;
  expect(complies(json) ? [] : complies.errors, `toJSON of an accepted body complies (${where})`).toEqual([]);
  const again = doors.fromJSON(json);
  // An `any` value's JSON says no type: a float NaN or ±Infinity (`1e400` in a body), a bigint, a
  // Date and bytes come back as the text toJSON wrote them in (docs/julia.md). There the JSON
  // form, not the row, is what reads back as itself.
  if (holdsAny) expect(text(again), `toJSON(fromJSON(toJSON(row))) is toJSON(row) (${where})`).toEqual(text(row));
  else
    expect(
      isDeepStrictEqual({ ...again }, { ...row }),
      `fromJSON(toJSON(row)) is the row (${where}): ${text(again)}`,
    ).toBe(true);
}

test("request bodies: jsonSchema, fromJSON, parse and Standard Schema agree on random schemas", async () => {
  const shipped: SourceText[] = await readSchemaFolder(shippedSchemaFolder());
  const started = performance.now();
  let sets = 0;
  let executions = 0;
  const seen = { bodies: 0, refused: 0, complyingRefused: 0, inputForm: 0 };
  const property = fc.asyncProperty(
    schemaSet(),
    fc.gen(),
    fc.context(),
    async (models: SchemaModel[], gen, context) => {
      const run = executions++; // each execution's schemas under names of their own, shrinks' too
      const named = (text: string) => text.replace(/\bfz\.s-/g, `fzb${run}.s-`).replace(/\bFzS(\d)/g, `Fzb${run}S$1`);
      const sources = models.map(schemaYaml).map(({ path, text }) => ({ path: named(path), text: named(text) }));
      context.log(sources.map(({ path, text }) => `# ${path}\n${text}`).join("\n"));
      evaluateModules(generate(sources, { outDir: "generated", shipped }));
      for (const version of models.flatMap((model) => model.versions)) {
        const schemaVersion = findSchemaVersion(named(identifierOf(version)))!;
        const complies = ajv.compile(schemaVersion.jsonSchema);
        const holdsAny = text(version).includes('"kind":"any"');
        const check = (body: unknown, what: string) => {
          checkBody(schemaVersion, complies, holdsAny, body, what);
          const doors = schemaVersion.rowClass as unknown as Doors;
          const accepted = doors.parse(body).ok;
          seen.bodies++;
          if (!accepted) seen.refused++;
          if (!accepted && complies(body)) seen.complyingRefused++;
          if (accepted && !complies(body)) seen.inputForm++;
        };
        const row = gen(() => validRow(version));
        const json = JSON.parse(JSON.stringify(new (schemaVersion.rowClass as unknown as Doors)(row)));
        check(json, "a valid row's JSON");
        const paths = valuePaths(json).slice(1);
        for (const path of gen(() => fc.shuffledSubarray(paths, { maxLength: Math.min(12, paths.length) }))) {
          const junk = gen(() => fc.constantFrom(...JUNK));
          check(
            changed(json, path, (holder, key) => void (holder[key] = structuredClone(junk))),
            `${path} = ${text(junk)}`,
          );
          const removed = changed(json, path, (holder, key) =>
            Array.isArray(holder) ? holder.splice(key as number, 1) : delete holder[key],
          );
          check(removed, `${path} removed`);
        }
        const objects = [[], ...paths].filter((path) => {
          const value = path.reduce<unknown>((v, key) => (v as Record<PropertyKey, unknown>)[key], json);
          return value !== null && typeof value === "object" && !Array.isArray(value);
        });
        for (const path of gen(() => fc.shuffledSubarray(objects, { maxLength: Math.min(4, objects.length) })))
          for (const key of ["extra", "__proto__"]) {
            // An own `__proto__` key, as JSON.parse makes of a body's text.
            const body = structuredClone(json);
            const holder = path.reduce((value, k) => value[k], body);
            Object.defineProperty(holder, key, {
              value: { x: 1 },
              enumerable: true,
              writable: true,
              configurable: true,
            });
            check(JSON.parse(JSON.stringify(body)), `${[...path, key]} added`);
          }
        for (const body of [[], 5, null, "x", [json]]) check(body, "no object");
      }
    },
  );
  // One schema set a run, each of its own seed, until the budget is spent (a failure names its seed).
  while (fuzzContinues(BUDGET, sets, started)) {
    await fc.assert(property, {
      seed: BUDGET.seed + sets,
      numRuns: 1,
      endOnFailure: process.env.LEGOLAS_FUZZ_SHRINK === undefined,
    });
    sets++;
  }
  // The property means something only if bodies were refused, and some accepted in the input form.
  expect(sets).toBeGreaterThanOrEqual(BUDGET.minCases);
  expect(seen.refused).toBeGreaterThan(0);
  expect(seen.inputForm).toBeGreaterThan(0);
  if (process.env.LEGOLAS_FUZZ_SECONDS !== undefined) console.log(`json bodies: ${sets} sets, ${JSON.stringify(seen)}`);
}, 600_000);
