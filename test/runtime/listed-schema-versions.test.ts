/**
 * A SchemaVersion field's `values:` list (test/schemas/test.listed-schema-versions.yaml), which a
 * value satisfies by its first link: Legolas.jl writes `identifier(sv)`, the whole chain
 * (`digits-model@1>legolas-flux.model@1`), and reads it back as `first(parse_identifier(id))`
 * (src/schemas.jl), so to Julia the chain and its first link are one SchemaVersion. Each door
 * takes the chain and keeps it as written, and each refuses a chain whose first link is not listed.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { readTableBytes, validateRecordBatch, writeTableBytes } from "legolas-ts";
import { describe, expect, test } from "vitest";
import { ListedSchemaVersionsV1, ListedSchemaVersionsV1SchemaVersion } from "../generated/index.js";

const JULIA_WRITES = "digits-model@1>legolas-flux.model@1";
const UNLISTED = "legolas-flux.model@2>digits-model@1";
const complies = new Ajv2020({ strict: true, validateFormats: false }).compile(
  ListedSchemaVersionsV1SchemaVersion.jsonSchema,
);

/** Arrow IPC bytes of a table whose `model` column holds `models`, written unchecked as a foreign writer would. */
function tableOf(models: readonly string[]): Uint8Array {
  return writeTableBytes(
    models.map((model) => ({ model: model as ListedSchemaVersionsV1["model"] })),
    ListedSchemaVersionsV1SchemaVersion,
    { validate: false },
  );
}

describe("a SchemaVersion field's listed values, by first link", () => {
  test("the constructor, parse, is, validate and Standard Schema take the chain Julia writes, as written", () => {
    const model: ListedSchemaVersionsV1["model"] = JULIA_WRITES; // and so does its type
    const row = new ListedSchemaVersionsV1({ model });
    expect(row.model).toBe(JULIA_WRITES);
    expect(row.previous).toBe(JULIA_WRITES); // the default, itself a chain
    const input = { model: JULIA_WRITES, previous: "digits-model@1" };
    expect(ListedSchemaVersionsV1.parse(input)).toMatchObject({ ok: true, value: input });
    expect(ListedSchemaVersionsV1.is(input)).toBe(true);
    expect(ListedSchemaVersionsV1.validate(input)).toEqual([]);
    expect(ListedSchemaVersionsV1["~standard"].validate(input)).toMatchObject({ value: input });
    expect(complies(row.toJSON())).toBe(true);
    expect(ListedSchemaVersionsV1.fromJSON(row.toJSON())).toEqual(row);
  });

  test("a spelling Legolas.jl reads as a listed version passes too, kept as written", () => {
    for (const model of ["digits-model@01", " digits-model@0x1 > legolas-flux.model@1", "legolas-flux.model@+1"]) {
      expect(new ListedSchemaVersionsV1({ model: model as ListedSchemaVersionsV1["model"] }).model).toBe(model);
      expect(complies({ model, previous: null })).toBe(true);
    }
  });

  test("each door refuses a chain whose first link is not listed, however it ends", () => {
    const violation = {
      code: "constraint_violated",
      path: "model",
      expected:
        'one of "digits-model@1", "legolas-flux.model@1" (followed by its parents or not: "digits-model@1>...")',
      found: `${JSON.stringify(UNLISTED)} (a string)`,
    };
    const input = { model: UNLISTED, previous: null };
    // @ts-expect-error: the type refuses it too
    expect(() => new ListedSchemaVersionsV1({ model: UNLISTED })).toThrow(
      expect.objectContaining({ code: "row_invalid" }),
    );
    expect(ListedSchemaVersionsV1.parse(input)).toMatchObject({ ok: false, violations: [violation] });
    expect(ListedSchemaVersionsV1.is(input)).toBe(false);
    expect(ListedSchemaVersionsV1.validate(input)).toMatchObject([violation]);
    expect(ListedSchemaVersionsV1["~standard"].validate(input)).toHaveProperty("issues");
    expect(complies(input)).toBe(false);
    // A listed value as a later link, or as the start of a longer name, lists nothing.
    for (const model of ["digits-model@11", "digits-model@1x>a@1", "digits-model.v2@1", "a@1>digits-model@1"])
      expect(ListedSchemaVersionsV1.is({ model, previous: null }), model).toBe(false);
  });

  test("readTable, validated, reads the column Julia wrote and refuses an unlisted first link", () => {
    const { rows } = readTableBytes(tableOf([JULIA_WRITES, "legolas-flux.model@1>x@3"]), {
      schemaVersion: ListedSchemaVersionsV1SchemaVersion,
    });
    expect(rows.map((row) => row.model)).toEqual([JULIA_WRITES, "legolas-flux.model@1>x@3"]);
    expect(() =>
      readTableBytes(tableOf([JULIA_WRITES, UNLISTED]), { schemaVersion: ListedSchemaVersionsV1SchemaVersion }),
    ).toThrow(expect.objectContaining({ code: "row_invalid" }));
  });

  test("the columnar validator flags only the rows whose first link is not listed", () => {
    const { table } = readTableBytes(tableOf([JULIA_WRITES, UNLISTED, "digits-model@1", "other@1"]), {
      schemaVersion: ListedSchemaVersionsV1SchemaVersion,
      validate: "columns",
    });
    expect(validateRecordBatch(table, ListedSchemaVersionsV1SchemaVersion).map((invalid) => invalid.rowIndex)).toEqual([
      1, 3,
    ]);
  });

  test("any chain passes every door exactly when its first link is listed", () => {
    const name = fc.stringMatching(/^[a-z0-9.-]{1,12}$/);
    const link = fc.oneof(
      fc.constantFrom("digits-model@1", "legolas-flux.model@1", "digits-model@2"),
      fc.tuple(name, fc.nat(20)).map(([n, v]) => `${n}@${v}`),
    );
    fc.assert(
      fc.property(fc.array(link, { minLength: 1, maxLength: 4 }), (links) => {
        const model = links.join(">");
        const listed = links[0] === "digits-model@1" || links[0] === "legolas-flux.model@1";
        const input = { model, previous: null };
        expect(ListedSchemaVersionsV1.is(input)).toBe(listed);
        expect(complies(input)).toBe(listed);
        const { table } = readTableBytes(tableOf([model]), {
          schemaVersion: ListedSchemaVersionsV1SchemaVersion,
          validate: "columns",
        });
        expect(validateRecordBatch(table, ListedSchemaVersionsV1SchemaVersion).length).toBe(listed ? 0 : 1);
      }),
      { numRuns: 200 },
    );
  });

  test("the JSON Schema and the row class agree on every spelling of a first link Julia reads", () => {
    const space = fc.constantFrom("", " ", "\t", "\u00a0", "\u3000");
    const digits = (version: number) =>
      fc.constantFrom(
        String(version),
        `0${version}`,
        `0x${version.toString(16)}`,
        `0x${version.toString(16).toUpperCase()}`,
        `0o0${version.toString(8)}`,
        `0b${version.toString(2)}`,
        ...(version === 0 ? ["-0", "- 0x0"] : [`-${version}`]),
      );
    const spelt = fc
      .tuple(space, fc.constantFrom("digits-model", "legolas-flux.model", "digits-model.x"), space, fc.boolean())
      .chain(([before, name, after, plus]) =>
        fc
          .nat(20)
          .chain((version) => digits(version).map((text) => `${before}${name}@${plus ? "+" : ""}${text}${after}`)),
      );
    fc.assert(
      fc.property(spelt, fc.constantFrom("", ">legolas-flux.model@1", " > x@02"), (first, parents) => {
        const input = { model: first + parents, previous: null };
        expect(complies(input)).toBe(ListedSchemaVersionsV1.is(input));
      }),
      { numRuns: 500 },
    );
  });
});
