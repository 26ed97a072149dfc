/**
 * Onda.jl's Legolas schemas (src/signals.jl, src/annotations.jl), declared field for field in
 * test/schemas (onda.samples-info@2, onda.signal@2, onda.annotation@1, onda.merged-annotation@1,
 * and example.my-annotation@1 of Onda's examples/tour.jl):
 * Onda's own row tests (test/signals.jl, test/annotations.jl) hold for the row classes, the
 * signal table Onda.jl wrote reads typed and validated, tables laid out as Arrow.jl writes Onda's
 * (a `TimeSpan` is a Struct of two Duration(ns) labelled `JuliaLang.TimeSpan`) read with exact
 * values, and what we write from those rows has Arrow.jl's schema, the `TimeSpan` label aside.
 */
import {
  Dictionary,
  Duration,
  Field,
  FixedSizeBinary,
  Int32,
  Int64,
  List,
  Schema,
  Struct,
  type Table,
  TimeUnit,
  tableFromIPC,
  tableToIPC,
  Utf8,
} from "apache-arrow";
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { readTableBytes, type SchemaVersion, writeTableBytes } from "legolas-ts";
import {
  AnnotationV1,
  AnnotationV1SchemaVersion,
  MergedAnnotationV1SchemaVersion,
  MyAnnotationV1SchemaVersion,
  SamplesInfoV2,
  SignalV2,
  SignalV2SchemaVersion,
} from "../../generated/index.js";
import { juliaFixture, testWithJuliaFixtures } from "../../helpers/julia-fixtures.js";
import { arrowJlExtension } from "./helpers/arrow-jl-extension.js";
import { juliaTable, shape } from "./helpers/legolas-table.js";

/** A UUID's bytes as Arrow.jl stores them: its UInt128, little-endian (RFC 4122's bytes reversed). */
const juliaUuid = (uuid: string) => Uint8Array.from(Buffer.from(uuid.replaceAll("-", ""), "hex").reverse());

const uuidField = (name: string) => new Field(name, new FixedSizeBinary(16), false, arrowJlExtension("JuliaLang.UUID"));
const period = (name: string) =>
  new Field(name, new Duration(TimeUnit.NANOSECOND), false, arrowJlExtension("JuliaLang.Dates.Period"));
/** `span::TimeSpan` as Arrow.jl writes it (TimeSpans.jl's ArrowTypes extension names the struct). */
const spanField = (label = true) =>
  new Field(
    "span",
    new Struct([period("start"), period("stop")]),
    false,
    label ? arrowJlExtension("JuliaLang.TimeSpan") : undefined,
  );

/** Our Arrow schema for `rows`, written without and with the Julia table's field metadata. */
function writtenSchemas<Row extends object>(rows: readonly Row[], table: Table, sv: SchemaVersion<Row, never>) {
  return {
    plain: tableFromIPC(writeTableBytes<Row, never>(rows, sv)).schema,
    kept: tableFromIPC(writeTableBytes<Row, never>(rows, sv, { fieldMetadataFrom: table })).schema,
  };
}

const signalTemplate = {
  recording: "7d8e3cf0-5b0b-4c1b-9a4e-0c7a2f1d9b11",
  file_path: "/file/path",
  file_format: "lpcm",
  span: { start: 0n, stop: 1n },
  sensor_type: "y",
  sensor_label: "x",
  channels: ["a", "b", "c"],
  sample_unit: "microvolt",
  sample_rate: 256.0,
  sample_resolution_in_unit: 0.4,
  sample_offset_in_unit: 0.4,
  sample_type: "uint8",
} as const;

describe("onda.signal@2 and onda.samples-info@2 (src/signals.jl)", () => {
  test("Legolas.required_fields(SignalV2SchemaVersion()): the same fields in the same order", () => {
    expect(SignalV2SchemaVersion.identifier).toBe("onda.signal@2>onda.samples-info@2");
    expect(SignalV2SchemaVersion.arrowSchema.fields.map((f) => f.name)).toEqual([
      "sensor_type",
      "channels",
      "sample_unit",
      "sample_resolution_in_unit",
      "sample_offset_in_unit",
      "sample_type",
      "sample_rate",
      "recording",
      "file_path",
      "file_format",
      "span",
      "sensor_label",
    ]);
  });

  test("test/signals.jl's validate_signals rows: the template passes, its bad rows Onda refuses are refused", () => {
    expect(SignalV2.is(new SignalV2(signalTemplate))).toBe(true);
    // file_path::(<:Any) holds any value, a missing one too.
    expect(new SignalV2({ ...signalTemplate, file_path: 12n }).file_path).toBe(12n);
    for (const bad of [
      { sample_type: "not a valid sample type" },
      { sample_type: "Tuple" },
      { sample_type: "Int8" },
      { sample_type: " int8" },
      { sample_type: "float16" },
      { sensor_type: "NO" },
      { sensor_type: "   " },
      { sensor_label: "" },
      { sensor_label: "_eeg" },
      { sample_unit: "" },
      { sample_unit: "  hA HA" },
      { span: { start: 2n, stop: 1n } },
    ])
      expect(SignalV2.validate({ ...new SignalV2(signalTemplate), ...bad }), Object.keys(bad)[0]).not.toEqual([]);
    // SamplesInfoV2 checks only sample_type: its sensor_type and sample_unit may be anything.
    expect(new SamplesInfoV2({ ...signalTemplate, sensor_type: "NO", sample_unit: "  hA HA" }).sensor_type).toBe("NO");
    expect(() => new SamplesInfoV2({ ...signalTemplate, sample_type: "int24" as never })).toThrow(
      expect.objectContaining({ name: "RowValidationError" }),
    );
  });

  testWithJuliaFixtures("Onda.jl's signal table reads typed and valid, and is written back with its layout", () => {
    const bytes = new Uint8Array(readFileSync(juliaFixture("test.onda.signal.arrow")));
    const { rows, table } = readTableBytes(bytes, { schemaVersion: SignalV2SchemaVersion });
    expect(
      rows.map((row) => `${row.sensor_label} ${row.sample_type} ${row.file_format} ${typeof row.file_path}`),
    ).toEqual(
      expect.arrayContaining(["eeg float32 lpcm string", "ecg int16 lpcm.zst string", "spo2 int32 lpcm string"]),
    );
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(SignalV2.validate(row)).toEqual([]);
    const julia = table.schema.fields.map(shape);
    const { plain, kept } = writtenSchemas(rows, table, SignalV2SchemaVersion);
    // With the Julia table's field metadata: Arrow.jl's schema exactly, TimeSpan label included.
    expect(kept.fields.map(shape)).toEqual(julia);
    // Without it: the span is an unlabelled Struct, which Arrow.jl reads as Onda's
    // NamedTupleTimeSpan (accepted_field_type(SignalV2SchemaVersion(), TimeSpan)); nothing else differs.
    const spanAt = julia.findIndex((field) => (field as { name: string }).name === "span");
    expect(plain.fields.map(shape)).toEqual(julia.map((f, k) => (k === spanAt ? shape(spanField(false)) : f)));
    expect(plain.metadata.get("legolas_schema_qualified")).toBe("onda.signal@2>onda.samples-info@2");
  });
});

describe("onda.annotation@1 and onda.merged-annotation@1 (src/annotations.jl)", () => {
  const recording = "1fc0a0d0-38f3-ecad-ba49-c7d4cfcf6e17";
  const ids = ["5b1d1c0e-0f0a-4f7e-9d55-3b1f0c2a7e01", "5b1d1c0e-0f0a-4f7e-9d55-3b1f0c2a7e02"];

  test("test/annotations.jl: the template (with an undeclared custom field) builds; the fields are Onda's", () => {
    expect({
      ...new AnnotationV1({ recording, id: ids[0]!, span: { start: 0n, stop: 1n }, custom: 1234 } as never),
    }).toEqual({ recording, id: ids[0], span: { start: 0n, stop: 1n } });
    expect(AnnotationV1SchemaVersion.arrowSchema.fields.map((f) => f.name)).toEqual(["recording", "id", "span"]);
    expect(MergedAnnotationV1SchemaVersion.identifier).toBe("onda.merged-annotation@1>onda.annotation@1");
    expect(MergedAnnotationV1SchemaVersion.arrowSchema.fields.map((f) => f.name)).toEqual([
      "recording",
      "id",
      "span",
      "from",
    ]);
  });

  test("an annotation table as Arrow.jl writes it, with an extra column, reads exactly and writes back", () => {
    const table = juliaTable(
      "onda.annotation@1",
      [uuidField("recording"), uuidField("id"), spanField(), new Field("custom", new Int64(), false)],
      [
        [juliaUuid(recording), juliaUuid(recording)],
        ids.map(juliaUuid),
        [
          { start: 0n, stop: 100n },
          { start: 2n ** 62n, stop: 2n ** 62n + 1n },
        ],
        [1234n, 5678n],
      ],
    );
    const { rows, table: read } = readTableBytes(tableToIPC(table, "file"), {
      schemaVersion: AnnotationV1SchemaVersion,
    });
    expect(rows.map((row) => ({ ...row }))).toEqual([
      { recording, id: ids[0], span: { start: 0n, stop: 100n } },
      { recording, id: ids[1], span: { start: 2n ** 62n, stop: 2n ** 62n + 1n } },
    ]);
    expect(read.getChild("custom")!.toArray()).toEqual(BigInt64Array.of(1234n, 5678n));
    const { plain, kept } = writtenSchemas(rows, table, AnnotationV1SchemaVersion);
    const declared = table.schema.fields.slice(0, 3).map(shape);
    expect(kept.fields.map(shape)).toEqual(declared);
    expect(plain.fields.map(shape)).toEqual([...declared.slice(0, 2), shape(spanField(false))]);
  });

  test("a merged-annotation table (from::Vector{UUID}) as Arrow.jl writes it reads and writes back", () => {
    const from = new Field("from", new List(uuidField("")), false);
    const table = juliaTable(
      "onda.merged-annotation@1>onda.annotation@1",
      [uuidField("recording"), uuidField("id"), spanField(), from],
      [[juliaUuid(recording)], [juliaUuid(ids[0]!)], [{ start: 34n, stop: 100n }], [ids.map(juliaUuid)]],
    );
    const { rows } = readTableBytes(tableToIPC(table, "file"), { schemaVersion: MergedAnnotationV1SchemaVersion });
    expect(rows[0]!.from).toEqual(ids);
    const { plain, kept } = writtenSchemas(rows, table, MergedAnnotationV1SchemaVersion);
    expect(kept.fields.map(shape)).toEqual(table.schema.fields.map(shape));
    expect(plain.fields.map(shape)).toEqual(
      table.schema.fields.map((f) => (f.name === "span" ? shape(spanField(false)) : shape(f))),
    );
  });

  test("examples/tour.jl's MyAnnotationV1 table, as Legolas.write writes it, reads and writes back", () => {
    const table = juliaTable(
      "example.my-annotation@1>onda.annotation@1",
      [
        uuidField("recording"),
        uuidField("id"),
        spanField(),
        new Field("rating", new Int64(), false),
        new Field("quality", new Utf8(), false),
        uuidField("source"),
      ],
      [
        [juliaUuid(recording)],
        [juliaUuid(ids[0]!)],
        [{ start: 7_000_000_000n, stop: 19_000_000_000n }],
        [42n],
        ["good"],
        [juliaUuid(ids[1]!)],
      ],
    );
    const { rows } = readTableBytes(tableToIPC(table, "file"), { schemaVersion: MyAnnotationV1SchemaVersion });
    expect({ ...rows[0] }).toEqual({
      recording,
      id: ids[0],
      span: { start: 7_000_000_000n, stop: 19_000_000_000n },
      rating: 42n,
      quality: "good",
      source: ids[1],
    });
    const { kept } = writtenSchemas(rows, table, MyAnnotationV1SchemaVersion);
    expect(kept.fields.map(shape)).toEqual(table.schema.fields.map(shape));
  });

  test("a span Onda's TimeSpan refuses (stop before start) is refused on read too, naming the row", () => {
    const table = juliaTable(
      "onda.annotation@1",
      [uuidField("recording"), uuidField("id"), spanField(false)],
      [[juliaUuid(recording)], [juliaUuid(ids[0]!)], [{ start: 5n, stop: 4n }]],
    );
    expect(() => readTableBytes(tableToIPC(table, "file"), { schemaVersion: AnnotationV1SchemaVersion })).toThrow(
      expect.objectContaining({ name: "RowValidationError" }),
    );
  });
});

test("file_path (Onda's `(<:Any)`) is written as the Utf8 Arrow.jl writes for a String, from rows or a schema", () => {
  const written = tableFromIPC(writeTableBytes([signalTemplate], SignalV2SchemaVersion)).schema;
  expect(shape(written.fields.find((f) => f.name === "file_path")!)).toEqual(
    shape(new Field("file_path", new Utf8(), false)),
  );
  const schema = new Schema([new Field("file_path", new Utf8(), false)]);
  expect(() => writeTableBytes([signalTemplate].values(), SignalV2SchemaVersion)).toThrow(
    expect.objectContaining({ name: "AnyColumnError" }),
  );
  expect(
    tableFromIPC(writeTableBytes([signalTemplate].values(), SignalV2SchemaVersion, { fieldMetadataFrom: schema }))
      .numRows,
  ).toBe(1);
});

test("a file_path Arrow.jl dictionary-encoded (a PooledArray) is refused from rows, saying which schema writes them", () => {
  const fields = [new Field("file_path", new Dictionary(new Utf8(), new Int32()), false)];
  const pooled = new Schema(fields);
  const rows = [signalTemplate, { ...signalTemplate, file_path: "/file/other" }];
  expect(() => writeTableBytes(rows, SignalV2SchemaVersion, { fieldMetadataFrom: pooled })).toThrow(
    expect.objectContaining({
      name: "AnyColumnError",
      message: expect.stringContaining("pass fieldMetadataFrom a table or schema whose file_path column is Utf8"),
    }),
  );
  // The remedy it names: the dictionary's value type.
  const utf8 = new Schema([new Field("file_path", new Utf8(), false)]);
  const written = tableFromIPC(writeTableBytes(rows, SignalV2SchemaVersion, { fieldMetadataFrom: utf8 }));
  expect([...written.getChild("file_path")!]).toEqual(["/file/path", "/file/other"]);
});
