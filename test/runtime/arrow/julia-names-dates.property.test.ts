/**
 * Properties of what Julia users write (issue 11): field names Julia allows (`σ²`, `x′`, `x!`,
 * `constructor`, ...) and Julia's date and time types (`DateTime`, `Time`, periods) round-trip
 * through our writer and reader, and through flechette, an Arrow implementation other than ours,
 * with the exact column names and Arrow.jl's extension names.
 */
import * as flechette from "@uwdata/flechette";
import * as arrow from "apache-arrow";
import fc from "fast-check";
import { ts } from "ts-morph";
import { describe, expect, test } from "vitest";
import { fieldNameProblem } from "../../../runtime/field-names.js";
import { propertyKey, readTableBytes, writeTableBytes, type SchemaVersion } from "legolas-ts";
import { generateFromYaml } from "../../generator/helpers.js";
import { JuliaNamesV1, JuliaNamesV1SchemaVersion, type JuliaNamesV1Input } from "../../generated/index.js";

const opt = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: null });
/** Every instant a JavaScript Date holds, at millisecond precision, as Julia's DateTime stores it. */
const dateTime = fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms));
const timeOfDay = fc.bigInt({ min: 0n, max: 86_400_000_000_000n - 1n });
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const text = fc.string({ unit: "grapheme", maxLength: 8 });

const row: fc.Arbitrary<JuliaNamesV1Input> = fc.record({
  "σ²": fc.double(),
  "μ₀": opt(fc.double()),
  "x′": opt(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
  "x!": opt(fc.boolean()),
  constructor$: opt(text),
  prototype: opt(text),
  toString$: opt(text),
  toJSON$: opt(text),
  valueOf$: opt(int64),
  hasOwnProperty$: opt(fc.boolean()),
  "🙂": opt(text),
  "∂x": opt(fc.float()),
  moment: dateTime,
  maybe_moment: opt(dateTime),
  clock: opt(timeOfDay),
  moments: opt(fc.array(dateTime, { maxLength: 3 })),
  elapsed: opt(int64),
  elapsed_ms: opt(int64),
  day: opt(fc.integer({ min: -1e8, max: 1e8 }).map((days) => new Date(days * 86_400_000))),
  nested: opt(fc.record({ constructor$: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), "σ²": opt(dateTime) })),
});

describe("Julia field names and Julia dates in a declared schema", () => {
  test("rows round-trip through writeTableBytes / readTableBytes, validated and trusted", () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 4 }), (inputs) => {
        const expected = inputs.map((input) => new JuliaNamesV1(input));
        const bytes = writeTableBytes(inputs, JuliaNamesV1SchemaVersion);
        expect(readTableBytes(bytes, { schemaVersion: JuliaNamesV1SchemaVersion }).rows).toStrictEqual(expected);
        expect(
          readTableBytes(bytes, { schemaVersion: JuliaNamesV1SchemaVersion, validate: "columns" }).rows,
        ).toStrictEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  test("flechette reads the exact Julia names, Arrow.jl's extension names and the same values", () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 4 }), (inputs) => {
        const rows = inputs.map((input) => new JuliaNamesV1(input));
        const table = flechette.tableFromIPC(writeTableBytes(rows, JuliaNamesV1SchemaVersion), {
          useBigInt: true,
          useDate: true,
        });
        const field = (name: string) => table.schema.fields.find((f) => f.name === name)!;
        expect(table.schema.fields.map((f) => f.name)).toEqual(JuliaNamesV1SchemaVersion.fields.map((f) => f.name));
        expect(field("moment").metadata?.get("ARROW:extension:name")).toBe("JuliaLang.DateTime");
        expect(field("clock").metadata?.get("ARROW:extension:name")).toBe("JuliaLang.Time");
        expect(field("elapsed_ms").metadata?.get("ARROW:extension:name")).toBe("JuliaLang.Dates.Period");
        expect(field("day").metadata?.get("ARROW:extension:name")).toBe("JuliaLang.Date");
        rows.forEach((r, i) => {
          expect(table.getChild("σ²")!.at(i)).toBe(r["σ²"]);
          expect(table.getChild("constructor")!.at(i)).toBe(r.constructor$);
          expect(table.getChild("toString")!.at(i)).toBe(r.toString$);
          expect((table.getChild("moment")!.at(i) as Date).getTime()).toBe(r.moment.getTime());
          expect(table.getChild("clock")!.at(i)).toBe(r.clock);
          expect(table.getChild("elapsed_ms")!.at(i)).toBe(r.elapsed_ms);
        });
      }),
      { numRuns: 30 },
    );
  });

  test("a table flechette writes with Julia's layout reads back as the same rows", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double(), text, dateTime, timeOfDay), { minLength: 1, maxLength: 5 }),
        (values) => {
          const table = flechette.tableFromArrays(
            {
              "σ²": values.map((v) => v[0]),
              constructor: values.map((v) => v[1]),
              moment: values.map((v) => v[2]),
              clock: values.map((v) => v[3]),
            },
            {
              types: {
                "σ²": flechette.float64(),
                constructor: flechette.utf8(),
                moment: flechette.timestamp(flechette.TimeUnit.MILLISECOND),
                clock: flechette.time(flechette.TimeUnit.NANOSECOND),
              },
            },
          );
          const { rows } = readTableBytes(flechette.tableToIPC(table, { format: "file" })!, {
            schemaVersion: JuliaNamesV1SchemaVersion,
          });
          expect(rows.map((r) => [r["σ²"], r.constructor$, r.moment, r.clock])).toStrictEqual(values);
        },
      ),
      { numRuns: 30 },
    );
  });

  test("the escaped properties keep rows plain data and Object.prototype untouched", () => {
    const row = new JuliaNamesV1({
      "σ²": 1,
      moment: "2024-02-29T23:59:59.5",
      constructor$: "c",
      toJSON$: "j",
      toString$: "s",
    });
    expect(String(row)).toBe("[object Object]");
    expect(row.constructor).toBe(JuliaNamesV1);
    expect(row.moment).toEqual(new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 500)));
    expect(Object.keys(row)).toContain("constructor$");
    expect(structuredClone({ ...row })).toEqual({ ...row });
    expect(({} as Record<string, unknown>).toString).toBe(Object.prototype.toString);
    expect(() => new JuliaNamesV1({ "σ²": 1, moment: "2023-02-29T00:00:00" })).toThrow(/moment/);
    expect(() => new JuliaNamesV1({ "σ²": 1, moment: new Date(0), clock: 86_400_000_000_000n })).toThrow(/clock/);
  });
});

describe("datetime values at the edges", () => {
  test("text as Julia prints a DateTime converts as UTC; text that names no instant, or has a zone offset, is refused", () => {
    const moment = (value: string) => new JuliaNamesV1({ "σ²": 0, moment: value }).moment.toISOString();
    expect(moment("2024-05-06T07:08:09")).toBe("2024-05-06T07:08:09.000Z");
    expect(moment("2024-05-06T07:08:09.12Z")).toBe("2024-05-06T07:08:09.120Z");
    for (const text of ["2024-13-01T00:00:00", "2024-05-06T07:08:09+01:00", "2024-05-06", "yesterday"]) {
      expect(() => new JuliaNamesV1({ "σ²": 0, moment: text }), text).toThrow(/moment/);
    }
  });

  test("a Julia DateTime beyond a JavaScript Date's range is refused with the value, never clamped", () => {
    const table = new arrow.Table({
      "σ²": arrow.makeVector(arrow.makeData({ type: new arrow.Float64(), length: 1, data: Float64Array.of(1) })),
      moment: arrow.makeVector(
        arrow.makeData({
          type: new arrow.TimestampMillisecond(),
          length: 1,
          data: BigInt64Array.of(9_000_000_000_000_000n),
        }),
      ),
    });
    expect(() => readTableBytes(arrow.tableToIPC(table, "file"), { schemaVersion: JuliaNamesV1SchemaVersion })).toThrow(
      expect.objectContaining({
        name: "UnrepresentableValueError",
        message: expect.stringContaining("9000000000000000 ms since 1970"),
      }),
    );
  });
});

/** Characters Julia accepts at the start of an identifier, and after it (runtime/field-names.ts). */
const START = [..."abcxyzABCZσμλΔℌ∂∇∑∞🙂ñ"];
const CONTINUE = [...START, ..."0129!′″²₀₁ᵢ_"];
const juliaName = fc
  .oneof(
    fc
      .tuple(fc.constantFrom(...START), fc.array(fc.constantFrom(...CONTINUE), { maxLength: 6 }))
      .map(([s, rest]) => s + rest.join("")),
    fc.constantFrom(
      "constructor",
      "toJSON",
      "prototype",
      "toString",
      "valueOf",
      "hasOwnProperty",
      "isPrototypeOf",
      "then",
      "static",
      "new",
      "delete",
    ),
  )
  .filter((name) => fieldNameProblem(name) === null);
const TYPES = ["string?", "int64?", "datetime?", "time?", "duration<ms>?", "float64?"] as const;
const valueOf = (type: (typeof TYPES)[number]): fc.Arbitrary<unknown> =>
  ({
    "string?": opt(text),
    "int64?": opt(int64),
    "datetime?": opt(dateTime),
    "time?": opt(timeOfDay),
    "duration<ms>?": opt(int64),
    "float64?": opt(fc.double()),
  })[type];

/** Generates, compiles and imports the row class of a schema with these fields, as a user's build would. */
async function compileSchema(
  schema: string,
  fields: readonly [string, string][],
): Promise<SchemaVersion<object, never>> {
  const yaml = [
    `schema: ${schema}`,
    "prefix: Random",
    "versions:",
    "  1:",
    "    fields:",
    ...fields.map(([n, t]) => `      ${JSON.stringify(n)}: ${t}`),
  ].join("\n");
  const [file] = generateFromYaml({ [`${schema}.yaml`]: yaml });
  const output = ts.transpileModule(file!.content, { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
  const codegen = JSON.stringify(new URL("../../../runtime/dist/codegen.js", import.meta.url).href);
  const module = await import(
    `data:text/javascript;base64,${Buffer.from(output.replace(/from "legolas-ts\/codegen"/g, `from ${codegen}`)).toString("base64")}`
  );
  return module.RandomV1SchemaVersion as SchemaVersion<object, never>;
}

test("any allowed Julia field names round-trip: generated code compiles, rows survive our reader and flechette", async () => {
  let run = 0;
  const fields = fc.uniqueArray(fc.tuple(juliaName, fc.constantFrom(...TYPES)), {
    minLength: 1,
    maxLength: 6,
    selector: ([name]) => name,
  });
  await fc.assert(
    fc.asyncProperty(
      fields.chain((f) =>
        fc.tuple(
          fc.constant(f),
          fc.array(fc.tuple(...f.map(([, type]) => valueOf(type))), { minLength: 1, maxLength: 3 }),
        ),
      ),
      async ([declared, tuples]) => {
        const schemaVersion = await compileSchema(`test.random-names-${run++}`, declared);
        const inputs = tuples.map((values) =>
          Object.fromEntries(declared.map(([name], k) => [propertyKey(name), values[k]])),
        );
        const rows = inputs.map((input) => new schemaVersion.rowClass(input as never));
        const bytes = writeTableBytes(rows, schemaVersion);
        expect(readTableBytes(bytes).rows).toStrictEqual(rows);
        const table = flechette.tableFromIPC(bytes, { useBigInt: true });
        expect(table.schema.fields.map((f) => f.name)).toEqual(declared.map(([name]) => name));
        expect(Object.prototype).not.toHaveProperty("constructor$");
      },
    ),
    { numRuns: 12 },
  );
});
