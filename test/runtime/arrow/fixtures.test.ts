/**
 * Every Arrow file Legolas.jl / LegolasFlux.jl wrote in ../shared/fixtures/julia reads here with
 * the values fixtures/README.md lists, or fails with a typed error that says what to do.
 */
import type { RecordBatch } from "apache-arrow";
import { expect, test } from "vitest";
import {
  FlatArray,
  ModelV1,
  ModelV1SchemaVersion,
  openTableFile,
  readTable,
  readTableBatches,
  Weights,
} from "legolas-ts";
import {
  DigitsConfigV1,
  DigitsModelV1,
  DigitsModelV1SchemaVersion,
  Issue94ChildV1,
  Issue94ParentV1,
  Issue94ParentV1SchemaVersion,
  SignalV2SchemaVersion,
} from "../../generated/index.js";
import { describeWithJuliaFixtures, juliaFixture, testWithJuliaFixtures } from "../../helpers/julia-fixtures.js";

const fixture = juliaFixture;

describeWithJuliaFixtures("test.digits-model.arrow", () => {
  test("reads the LegolasFlux digits row: 14 arrays, 7542 floats, Julia sizes", async () => {
    const { table, rows, identifier, schemaVersion } = await readTable(fixture("test.digits-model.arrow"));
    expect(identifier).toBe("digits.model@1>legolas-flux.model@1");
    expect(schemaVersion).toBe(DigitsModelV1SchemaVersion);
    expect(rows).toHaveLength(1);
    const row = rows[0] as DigitsModelV1;
    expect(row).toBeInstanceOf(DigitsModelV1);
    expect(row.weights).toBeInstanceOf(Weights);
    const weights = row.weights!;
    expect(weights.arrays).toHaveLength(14);
    expect(weights.parameterCount).toBe(7542);
    expect(weights.arrays.map((a) => a.size)).toEqual([
      [3, 3, 1, 32],
      [32],
      [32],
      [32],
      [32],
      [32],
      [3, 3, 32, 16],
      [16],
      [3, 3, 16, 10],
      [10],
      [10, 90],
      [10],
      [10, 10],
      [10],
    ]);
    expect(weights.arrays[0]).toBeInstanceOf(FlatArray);
    expect(row.architecture_version).toBeNull();
    // `config` is examples/digits.jl's nested record digits-config@1; Julia wrote it as a plain
    // Struct without the record's extension name, which is accepted and read by child name.
    expect(table.schema.fields.find((f) => f.name === "config")!.metadata.get("ARROW:extension:name")).toBeUndefined();
    expect(row.config).toBeInstanceOf(DigitsConfigV1);
    expect(row.config).toEqual({ seed: 5n, dropout_rate: 0 });
    expect(row.epoch).toBe(1n);
    expect(row.accuracy).toBeCloseTo(0.06, 6);
  });

  test("weights are zero-copy views of the file's buffer", async () => {
    const { table, rows } = await readTable(fixture("test.digits-model.arrow"), {
      schemaVersion: DigitsModelV1SchemaVersion,
    });
    const fileBuffer =
      table.getChild("weights")!.data[0]!.children[0]!.children[0]!.children[0]!.children[0]!.values.buffer;
    const arrays = rows[0]!.weights!.arrays;
    for (const array of arrays) expect(array.vec.buffer).toBe(fileBuffer);
    // consecutive arrays are adjacent in the one Float32 child buffer
    expect(arrays[1]!.vec.byteOffset).toBe(arrays[0]!.vec.byteOffset + arrays[0]!.vec.byteLength);
  });

  test("reads as its parent legolas-flux.model@1 when asked", async () => {
    const { rows, identifier } = await readTable(fixture("test.digits-model.arrow"), {
      schemaVersion: ModelV1SchemaVersion,
    });
    expect(identifier).toBe("digits.model@1>legolas-flux.model@1");
    expect(rows[0]).toBeInstanceOf(ModelV1);
    expect(Object.keys(rows[0]!)).toEqual(["weights", "architecture_version"]);
  });
});

testWithJuliaFixtures(
  "dense-chain.model.arrow: 6 arrays and an all-missing (Null-typed) architecture_version",
  async () => {
    const { rows, table } = await readTable(fixture("dense-chain.model.arrow"), {
      schemaVersion: ModelV1SchemaVersion,
    });
    expect(String(table.getChild("architecture_version")!.type)).toBe("Null");
    const row = rows[0]!;
    expect(row.architecture_version).toBeNull();
    expect(row.weights!.arrays.map((a) => a.size)).toEqual([[10, 1], [10], [10, 10], [10], [1, 10], [1]]);
    expect(row.weights!.arrays[0]!.shape).toEqual([1, 10]); // tfjs Dense kernel [in, out]
  },
);

testWithJuliaFixtures("issue-94.arrow: the nested record is decoded by field name", async () => {
  const { rows } = await readTable(fixture("issue-94.arrow"), { schemaVersion: Issue94ParentV1SchemaVersion });
  expect(rows[0]!.x).toBeInstanceOf(Issue94ChildV1);
  expect(rows[0]!.x).toEqual(new Issue94ChildV1({ a: 1n, b: 2n }));
  const trusted = await readTable(fixture("issue-94.arrow"), {
    schemaVersion: Issue94ParentV1SchemaVersion,
    validate: "columns",
  });
  expect(trusted.rows[0]).toBeInstanceOf(Issue94ParentV1);
  expect(trusted.rows[0]!.x).toBeInstanceOf(Issue94ChildV1);
  expect(trusted.rows[0]!.x.b).toBe(2n);
});

testWithJuliaFixtures(
  "test_provider_pkg.arrow: an unregistered schema names the Julia provider and how to read the file raw",
  async () => {
    const error = await readTable(fixture("test_provider_pkg.arrow")).catch((e: unknown) => e);
    expect(error).toMatchObject({
      name: "UnknownSchemaVersionError",
      code: "unknown_schema_version",
      providerName: "TestProviderPkg",
    });
    const message = (error as Error).message;
    expect(message).toContain('legolas_schema_qualified = "test-provider-pkg.foo@1"');
    expect(message).toContain('legolas_julia_schema_provider_name = "TestProviderPkg"');
    expect(message).toContain('legolas_julia_schema_provider_version = "0.1.0"');
    expect(message).toContain("(await openTableFile(path)).recordBatches()");
    // and the suggested raw read does work
    const batches: RecordBatch[] = [];
    for await (const batch of (await openTableFile(fixture("test_provider_pkg.arrow"))).recordBatches())
      batches.push(batch);
    expect(batches[0]!.getChild("a")!.get(0)).toBe(1n);
  },
);

describeWithJuliaFixtures("test.onda.signal.arrow", () => {
  test("six signals: UUIDs as canonical strings, spans as exact nanosecond bigints", async () => {
    const { rows, schemaVersion } = await readTable(fixture("test.onda.signal.arrow"), {
      schemaVersion: SignalV2SchemaVersion,
    });
    expect(schemaVersion).toBe(SignalV2SchemaVersion);
    expect(rows).toHaveLength(6);
    const first = rows[0]!;
    expect(first.recording).toBe("176ecfcf-d4c7-49ba-adec-f338d0a0c01f");
    expect(first.span).toEqual({ start: 20_000_000_000n, stop: 260_000_000_000n });
    expect(first.sensor_type).toBe("eeg");
    expect(first.channels).toHaveLength(19);
    expect(first.sample_rate).toBe(128);
    // each file is named after its recording, which checks the byte order of every UUID
    for (const row of rows) expect(row.file_path).toContain(row.recording);
  });

  test("the same rows come out batch by batch", async () => {
    const batches = [];
    for await (const batch of readTableBatches(fixture("test.onda.signal.arrow"), {
      schemaVersion: SignalV2SchemaVersion,
    }))
      batches.push(batch);
    expect(batches.map((b) => b.rows.length)).toEqual([6]);
    expect(batches[0]!.rows[5]!.span.stop).toBe(428_000_000_000n);
  });
});

testWithJuliaFixtures("uuid4.arrow: no Legolas metadata; readable against a chosen schema version", async () => {
  const error = await readTable(fixture("uuid4.arrow")).catch((e: unknown) => e);
  expect(error).toMatchObject({ name: "MissingSchemaMetadataError" });
  expect((error as Error).message).toContain("(await openTableFile(path)).recordBatches()");
  const { defineSchemaVersion } = await import("legolas-ts/codegen");
  class UuidRow {
    readonly col1: string;
    constructor(input: { col1: string }) {
      this.col1 = input.col1;
    }
    static validate() {
      return [];
    }
    static is() {
      return true;
    }
  }
  const version = defineSchemaVersion<UuidRow, { col1: string }>({
    name: "test.uuid4",
    version: 1,
    parent: null,
    fields: [{ name: "col1", type: { kind: "uuid" }, optional: false, constraints: {} }],
    checks: [],
    rowClass: UuidRow,
  });
  const { rows, identifier } = await readTable(fixture("uuid4.arrow"), { schemaVersion: version });
  expect(identifier).toBeNull();
  expect(rows[0]!.col1).toBe("094e4b16-21cd-4acc-b5a7-e16096cdc069");
  expect(rows[0]!.col1[14]).toBe("4"); // a version-4 UUID once the bytes are reversed
});

testWithJuliaFixtures(
  "legacy-v0.1.8.digits-model.arrow reads through the mirror's compat_config, as LegolasFlux's example reads it",
  async () => {
    const { table, rows, schemaVersion } = await readTable(fixture("legacy-v0.1.8.digits-model.arrow"));
    expect(schemaVersion).toBe(DigitsModelV1SchemaVersion);
    // Legolas.jl < 0.5 stored the nested row as (name, version, fields), labelled as the record.
    const config = table.schema.fields.find((f) => f.name === "config")!;
    expect(String(config.type)).toBe("Struct<{1:Utf8, 2:Int64, 3:Struct<{seed:Int64, dropout_rate:Float32}>}>");
    expect(config.metadata.get("ARROW:extension:name")).toBe("JuliaLang.digits-config@1");
    expect(String(table.schema.fields.find((f) => f.name === "architecture_version")!.type)).toBe("Null");
    const row = rows[0] as DigitsModelV1;
    // compat_config(config): the third part, made the record digits-config@1.
    expect(row.config).toBeInstanceOf(DigitsConfigV1);
    expect(row.config).toEqual({ seed: 5n, dropout_rate: 0 });
    expect(row.epoch).toBe(1n);
    expect(row.accuracy).toBe(Math.fround(0.1));
    expect(row.architecture_version).toBeNull();
    expect(row.weights!.arrays.map((a) => a.size)).toHaveLength(12);
    expect(row.weights!.parameterCount).toBe(7432);
  },
);
