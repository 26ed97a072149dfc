/**
 * runtime/field-types.ts: the field-type model. `formatFieldType` prints a type as YAML declares
 * it (what `legolas docs` shows and `legolas compat` compares with `sameFieldType`), so printing
 * each field of the every-type fixture gives back its YAML text; the TypeScript value types are
 * the ones the generated row classes hold.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import { formatFieldType, isBigIntType, sameFieldType, typedArrayName } from "../../runtime/field-types.js";
import type { FieldType } from "legolas-ts";
import { AllTypesV1SchemaVersion } from "../generated/index.js";

const declared = (
  parse(readFileSync("test/schemas/test.all-types.yaml", "utf8")) as {
    versions: { 1: { fields: Record<string, string | { type: string }> } };
  }
).versions[1].fields;

describe("formatFieldType", () => {
  test.each(AllTypesV1SchemaVersion.fields.map((f) => [f.name, f] as const))(
    "%s prints as the fixture declares it",
    (name, field) => {
      const yaml = declared[name]!;
      const text = typeof yaml === "string" ? yaml : yaml.type;
      // YAML declares a struct's fields apart from its type: `struct?` with `fields:` below it.
      const printed = `${formatFieldType(field.type)}${field.optional ? "?" : ""}`.replace(/\{.*\}/, "");
      expect(printed).toBe(text);
    },
  );

  test("structs print their fields, and units only where they are not the default", () => {
    const point: FieldType = {
      kind: "struct",
      fields: [
        { name: "x", type: { kind: "float", bits: 64 }, optional: false, constraints: {} },
        { name: "note", type: { kind: "string" }, optional: true, constraints: {} },
      ],
    };
    expect(formatFieldType({ kind: "list", element: point })).toBe("list<struct{x: float64, note: string?}>");
    expect(formatFieldType({ kind: "timestamp", unit: "ns", timezone: null })).toBe("timestamp");
    expect(formatFieldType({ kind: "timestamp", unit: "ns", timezone: "UTC" })).toBe("timestamp<ns, UTC>");
    expect(formatFieldType({ kind: "duration", unit: "ms" })).toBe("duration<ms>");
  });
});

test("sameFieldType compares types, not constraints or optionality", () => {
  const [tiny, small] = [
    AllTypesV1SchemaVersion.fields.find((f) => f.name === "tiny")!,
    AllTypesV1SchemaVersion.fields.find((f) => f.name === "small")!,
  ];
  expect(sameFieldType(tiny.type, { kind: "int", bits: 8, signed: true })).toBe(true);
  expect(sameFieldType(tiny.type, small.type)).toBe(false);
  expect(sameFieldType({ kind: "int", bits: 8, signed: true }, { kind: "int", bits: 8, signed: false })).toBe(false);
  expect(
    sameFieldType(
      { kind: "timestamp", unit: "ms", timezone: null },
      { kind: "timestamp", unit: "ms", timezone: "UTC" },
    ),
  ).toBe(false);
});

test("numeric lists are typed arrays, and 64-bit integers and times are bigints, as the generated rows hold them", () => {
  const row = AllTypesV1SchemaVersion.rowClass;
  const values = new row({
    flag: true,
    small: 1,
    ubyte: 1,
    uint: 1,
    double: 1,
    floats: [1],
    ints: [1n],
    bytes: [1],
    matrix: [[1]],
    big: 1n,
    clock: 1n,
  } as never) as unknown as Record<string, unknown>;
  for (const field of AllTypesV1SchemaVersion.fields) {
    if (field.type.kind === "list" && values[field.name] != null) {
      const name = typedArrayName(field.type.element);
      if (name !== null) expect((values[field.name] as object).constructor.name, field.name).toBe(name);
    }
    if (isBigIntType(field.type) && values[field.name] != null)
      expect(typeof values[field.name], field.name).toBe("bigint");
  }
  expect([typedArrayName({ kind: "string" }), typedArrayName({ kind: "int", bits: 8, signed: false })]).toEqual([
    null,
    "Uint8Array",
  ]);
});
