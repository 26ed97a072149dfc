/**
 * Property: `XV1SchemaVersion.jsonSchema` and `fromJSON` agree, over the schemas that hold every
 * field type (test.all-types, test.julia-scalars, test.julia-narrowed, test.julia-containers), and
 * those of narrow floats' bounds and listed values and of unions read by their key.
 * One field of a valid row's JSON is changed to a random JSON value, in the field's form or near
 * it; then, checked with Ajv (strict):
 *  - a row `fromJSON` reads writes, through `toJSON` and JSON text, JSON that complies;
 *  - JSON that complies is read by `fromJSON`.
 * The values are drawn inside what the schema leaves to `fromJSON` (docs/schemas.md): integer
 * text within its type and bounds, a February 29 only in leap years, a `binary` of the length its
 * field asks for, Weights as toJSON writes them; row checks are not the schema's either.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import type { Constraints, FieldDescriptor, FieldType } from "legolas-ts";
import { formatFieldType } from "../../runtime/field-types.js";
import { intRange } from "../../runtime/int-ranges.js";
import { weightsToJson } from "../../runtime/json.js";
import {
  AllTypesV1,
  AllTypesV1SchemaVersion,
  JuliaContainersV1,
  JuliaContainersV1SchemaVersion,
  JuliaNarrowedV1,
  JuliaNarrowedV1SchemaVersion,
  JuliaScalarsV1,
  JuliaScalarsV1SchemaVersion,
  NarrowFloatsV1,
  NarrowFloatsV1SchemaVersion,
  TaggedUnionsV1,
  TaggedUnionsV1SchemaVersion,
} from "../generated/index.js";
import { anyWeights } from "../helpers/all-types-rows.js";

const ajv = new Ajv2020({ strict: true, validateFormats: false });

/** Values near any field's form that are no value of it. */
const junk = fc.constantFrom<unknown>("", "x", " 1", "1e3", "1.5", 1.5, -1, true, [], {}, "NaN");

const integerRanges: Readonly<Record<string, readonly [bigint, bigint]>> = {
  time: [0n, 86_400_000_000_000n - 1n],
  int128: [-(2n ** 127n), 2n ** 127n - 1n],
  uint128: [0n, 2n ** 128n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
};

/** Integer text within `range` and the field's bounds: their edges, leading zeros and "-0" too. */
function integerText([low, high]: readonly [bigint, bigint], { min, max }: Constraints): fc.Arbitrary<string> {
  const from = min === undefined ? low : BigInt(Math.ceil(Number(min)));
  const to = max === undefined ? high : BigInt(Math.floor(Number(max)));
  const value = fc.oneof(fc.constantFrom(from, to), fc.bigInt({ min: from, max: to }));
  return fc.oneof(
    { weight: 4, arbitrary: value.map(String) },
    { weight: 1, arbitrary: value.map((v) => (v === 0n ? "-0" : v < 0n ? `-0${-v}` : `00${v}`)) },
  );
}

const specialFloats = fc.constantFrom("NaN", "Infinity", "-Infinity", "-0");
/** Numbers around every float type's edges, and the field's bounds. */
function floatNumbers({ min, max }: Constraints): fc.Arbitrary<number> {
  const edges = [65504, 65519.99, 65520, 1e6, 3.4028234663852886e38, 3.4028235677973366e38, 1e39];
  const bounds = [min, max].filter((b): b is number => typeof b === "number").flatMap((b) => [b, b - 0.5, b + 0.5]);
  return fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.constantFrom(...edges, ...edges.map((e) => -e), ...bounds, 0, -0, 0.1),
    fc.integer({ min: -100, max: 100 }),
  );
}

const leap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const yearText = (year: number) =>
  year >= 0 && year <= 9999
    ? String(year).padStart(4, "0")
    : `${year < 0 ? "-" : "+"}${String(Math.abs(year)).padStart(6, "0")}`;
const two = (n: number) => String(n).padStart(2, "0");
/** Dates as text, real and not (month 13, day 32, +002024), never a February 29 of another year. */
const dateText = fc
  .record({
    year: fc.oneof(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: -200_000, max: 200_000 })),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    padded: fc.boolean(),
  })
  .filter(({ year, month, day }) => !(month === 2 && day === 29 && !leap(year)))
  .map(
    ({ year, month, day, padded }) =>
      `${padded && year >= 0 ? `+${String(year).padStart(6, "0")}` : yearText(year)}-${two(month)}-${two(day)}`,
  );
const dateTimeText = fc
  .tuple(
    dateText,
    fc.integer({ min: 0, max: 24 }),
    fc.integer({ min: 0, max: 60 }),
    fc.integer({ min: 0, max: 999 }),
    fc.constantFrom("Z", "", "+01:00"),
  )
  .map(
    ([date, hour, minute, ms, zone]) =>
      `${date}T${two(hour)}:${two(minute)}:${two(minute)}.${String(ms).padStart(3, "0")}${zone}`,
  );

const uuidText = fc.tuple(fc.uuid(), fc.constantFrom("", "upper", "urn", "braces", "bare")).map(([uuid, form]) => {
  if (form === "upper") return uuid.toUpperCase();
  if (form === "urn") return `urn:uuid:${uuid}`;
  if (form === "braces") return `{${uuid}}`;
  return form === "bare" ? uuid.replaceAll("-", "") : uuid;
});

const text = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 10 }),
  fc.string({ unit: "binary", maxLength: 3 }),
  fc.constantFrom("\ud800", "a\udc00", "😀", "\u3000"),
);
const char = fc.oneof(
  fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
  fc.constantFrom("", "ab", "😀", "\ud800"),
);
const versionText = fc.oneof(
  fc
    .tuple(fc.constantFrom("", "v"), fc.array(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { minLength: 1, maxLength: 3 }))
    .map(([v, parts]) => v + parts.join(".")),
  fc.constantFrom("1.2.3-rc1", "v", "1..2", "1.2.3.4", "V1"),
);
const space = fc.constantFrom("", "", " ", "\t", "\u3000", "\u00a0");
const link = fc
  .tuple(
    space,
    fc.constantFrom("a", "b.c-d", "x9", "A", "", "a b"),
    fc.constantFrom("@", "@", "@", "", "@@"),
    space,
    fc.constantFrom("1", "0", "01", "0x1F", "0o17", "0b101", "-0", "- 0x0", "+ 2", "-1", "1.5", "0b2", "0x", "x", ""),
    space,
  )
  .map((parts) => parts.join(""));
const identifierText = fc.array(link, { minLength: 1, maxLength: 3 }).map((links) => links.join(">"));

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
function binaryText({ length, minLength, maxLength }: Constraints): fc.Arbitrary<string> {
  const bytes = fc.uint8Array({ minLength: length ?? minLength ?? 0, maxLength: length ?? maxLength ?? 8 });
  return fc.oneof(
    bytes.map(base64),
    bytes.map((b) => base64(b).replace(/=+$/, "")),
    fc.constantFrom("!!", "A", "AQ=", "A Q=="),
  );
}

/** JSON values in `type`'s form or near it, within what its schema states (see the file comment). */
function jsonOf(type: FieldType, constraints: Constraints = {}): fc.Arbitrary<unknown> {
  // A binary's junk is its own, of the length asked for.
  if (type.kind === "binary") return binaryText(constraints);
  return fc.oneof({ weight: 5, arbitrary: formOf(type, constraints) }, { weight: 1, arbitrary: junk });
}

function formOf(type: FieldType, constraints: Constraints): fc.Arbitrary<unknown> {
  const listed = constraints.values === undefined ? [] : [fc.constantFrom(...constraints.values.map(listedValueJson))];
  const oneOf = (...arbitraries: fc.Arbitrary<unknown>[]) => fc.oneof(...arbitraries, ...listed);
  switch (type.kind) {
    case "bool":
      return fc.boolean();
    case "int": {
      const [low, high] = intRange(type.bits, type.signed);
      if (type.bits < 64) return fc.integer({ min: Number(low) - 2, max: Number(high) + 2 });
      return oneOf(integerText(integerRanges[formatFieldType(type)]!, constraints));
    }
    case "timestamp":
    case "duration":
      return integerText(integerRanges["int64"]!, constraints);
    case "time":
      return integerText(integerRanges["time"]!, constraints);
    case "float":
      return oneOf(floatNumbers(constraints), specialFloats);
    case "abstract": {
      const texts = integerText(integerRanges[type.name === "period" ? "int64" : "int128"]!, constraints);
      if (type.name === "period") return oneOf(texts);
      return oneOf(floatNumbers(constraints), fc.integer(), texts, specialFloats);
    }
    case "string":
    case "symbol":
      return oneOf(text);
    case "char":
      return oneOf(char);
    case "version":
      return versionText;
    case "schema-version":
      return identifierText;
    case "binary":
      return binaryText(constraints);
    case "uuid":
      return uuidText;
    case "date":
      return dateText;
    case "datetime":
      return dateTimeText;
    case "list":
    case "vector":
      return fc.array(jsonOf(type.element), { maxLength: 4 });
    case "ntuple":
      return fc.array(jsonOf(type.element), { minLength: type.length - 1, maxLength: type.length + 1 });
    case "set":
      return fc.array(jsonOf(type.element), { maxLength: 3 });
    case "tuple":
      return fc.tuple(...type.elements.map((element) => jsonOf(element)));
    case "map":
      return fc.array(fc.tuple(jsonOf(type.key), jsonOf(type.value)), { maxLength: 3 });
    case "union":
      return fc
        .constantFrom(...type.members)
        .chain((member) => jsonOf(member).map((value) => ({ [formatFieldType(member)]: value })));
    case "struct":
      return objectOf(type.fields);
    case "record":
      return objectOf(type.schemaVersion().fields);
    case "weights":
      return anyWeights.map(weightsToJson);
    case "any":
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectOf(fields: readonly FieldDescriptor[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    Object.fromEntries(
      fields.map((field) => [
        field.name,
        field.optional
          ? fc.option(jsonOf(field.type, field.constraints), { nil: null })
          : jsonOf(field.type, field.constraints),
      ]),
    ),
  );
}

function listedValueJson(value: string | number | bigint | boolean): unknown {
  return typeof value === "bigint" ? String(value) : value;
}

interface JsonRowClass {
  parse(json: unknown): { ok: true; value: object } | { ok: false; violations: readonly { code: string }[] };
  fromJSON(json: unknown): object;
}

const scalars = { half: 0.5, wide: 1n, name: "n", letter: "a", count: 1, amount: 1.5, elapsed: 5n };
type SchemaVersionOf = { readonly jsonSchema: object; readonly fields: readonly FieldDescriptor[] };
const cases: [string, SchemaVersionOf, JsonRowClass, object][] = [
  [
    "test.all-types",
    AllTypesV1SchemaVersion,
    AllTypesV1,
    new AllTypesV1({ flag: true, small: 1, ubyte: 1, uint: 1, double: 0 }),
  ],
  ["test.julia-scalars", JuliaScalarsV1SchemaVersion, JuliaScalarsV1, new JuliaScalarsV1(scalars)],
  [
    "test.julia-narrowed",
    JuliaNarrowedV1SchemaVersion,
    JuliaNarrowedV1,
    new JuliaNarrowedV1({ ...scalars, elapsed: 5n }),
  ],
  [
    "test.julia-containers",
    JuliaContainersV1SchemaVersion,
    JuliaContainersV1,
    new JuliaContainersV1({
      samples: [1.5],
      position: [1, 2, 3],
      tags: ["a"],
      span: [1n, "x"],
      counts: [["total", 1n]],
      either: 5n,
    }),
  ],
  ["test.narrow-floats", NarrowFloatsV1SchemaVersion, NarrowFloatsV1, new NarrowFloatsV1({})],
  ["test.tagged-unions", TaggedUnionsV1SchemaVersion, TaggedUnionsV1, new TaggedUnionsV1({})],
];

describe.each(cases)("%s", (_, schemaVersion, rowClass, row) => {
  const complies = ajv.compile(schemaVersion.jsonSchema);
  const base = JSON.parse(JSON.stringify(row)) as Record<string, unknown>;
  const fields = schemaVersion.fields;
  const changedRow = fc
    .constantFrom(...fields)
    .chain((field) =>
      (field.optional
        ? fc.option(jsonOf(field.type, field.constraints), { nil: null })
        : jsonOf(field.type, field.constraints)
      ).map((value) => ({ ...base, [field.name]: value })),
    );

  test("toJSON complies with the JSON Schema, and JSON that complies is read by fromJSON", () => {
    fc.assert(
      fc.property(changedRow, (json) => {
        const parsed = rowClass.parse(json);
        // A row check is not the schema's to state.
        const refusals = parsed.ok ? [] : parsed.violations.filter((violation) => violation.code !== "check_failed");
        const accepted = complies(json);
        if (accepted) expect(refusals, JSON.stringify(json)).toEqual([]);
        if (parsed.ok) {
          const written = JSON.parse(JSON.stringify(parsed.value));
          expect(complies(written), `${JSON.stringify(written)}: ${ajv.errorsText(complies.errors)}`).toBe(true);
        }
      }),
      { numRuns: Number(process.env.LEGOLAS_PROPERTY_RUNS ?? 300) },
    );
  });
});
