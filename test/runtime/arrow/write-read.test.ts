/**
 * Tables written here read back equal, carry the Arrow schema Legolas.jl writes, and are read by
 * an independent Arrow implementation (flechette) with their metadata intact.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC as flechetteFromIPC } from "@uwdata/flechette";
import { type Field, MessageHeader, MessageReader, tableFromIPC, type DataType } from "apache-arrow";
import { afterAll, describe, expect, test } from "vitest";
import {
  FlatArray,
  ModelV1SchemaVersion,
  readTable,
  readTableBatches,
  readTableBytes,
  Weights,
  writeTable,
  writeTableBytes,
} from "legolas-ts";
import { encodeRows } from "../../../runtime/arrow/rows/row-encoder.js";
import { juliaFixture, testWithJuliaFixtures } from "../../helpers/julia-fixtures.js";
import {
  DigitsModelV1,
  DigitsModelV1SchemaVersion,
  Issue94ParentV1SchemaVersion,
  SignalV2SchemaVersion,
} from "../../generated/index.js";

const folder = mkdtempSync(join(tmpdir(), "legolas-arrow-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const fixture = juliaFixture;

function digitsRow(): DigitsModelV1 {
  const kernel = FlatArray.fromShape(
    Float32Array.from({ length: 6 }, (_, i) => i / 10),
    [2, 3],
  );
  const bias = new FlatArray(Float32Array.of(0.5, -0.5, 1), [3]);
  return new DigitsModelV1({
    weights: new Weights([kernel, bias], { layout: "tfjs" }),
    config: { seed: 5, dropout_rate: 0.25 },
    epoch: 2,
    accuracy: 0.5,
  });
}

/** A field as comparable data; a list child's name "" (Arrow.jl) and null (Arrow JS) are the same absent name. */
function fieldShape(field: Field): unknown {
  return {
    name: field.name ?? "",
    type: String(field.type),
    nullable: field.nullable,
    metadata: Object.fromEntries(field.metadata),
    children: ((field.type as DataType).children ?? []).map(fieldShape),
  };
}

describe("the Arrow schema matches Legolas.jl's", () => {
  testWithJuliaFixtures(
    "weights column: same types, nullability, extension metadata and child order as test.digits-model.arrow",
    async () => {
      const path = join(folder, "digits.arrow");
      await writeTable(path, [digitsRow()], DigitsModelV1SchemaVersion);
      const ours = tableFromIPC(readFileSync(path)).schema;
      const julia = tableFromIPC(readFileSync(fixture("test.digits-model.arrow"))).schema;
      expect(ours.fields.map((f) => f.name)).toEqual(julia.fields.map((f) => f.name));
      const weights = (s: typeof ours) => fieldShape(s.fields[0]!) as { nullable: boolean; children: unknown };
      // Below the top level, byte-for-byte the same layout; the top-level nullability follows `Weights?`
      // (Arrow.jl decides it from the column's values: its column had no missing value).
      expect(weights(ours).children).toEqual(weights(julia).children);
      expect({ ...weights(ours), nullable: false }).toEqual(weights(julia));
      for (const name of ["architecture_version", "config", "epoch", "accuracy"]) {
        expect(fieldShape(ours.fields.find((f) => f.name === name)!)).toMatchObject({
          type: String(julia.fields.find((f) => f.name === name)!.type),
        });
      }
      expect(ours.metadata.get("legolas_schema_qualified")).toBe("digits.model@1>legolas-flux.model@1");
    },
  );

  testWithJuliaFixtures("nested records and UUIDs carry Arrow.jl's extension metadata", () => {
    const parent = Issue94ParentV1SchemaVersion.arrowSchema.fields[0]!;
    const julia = tableFromIPC(readFileSync(fixture("issue-94.arrow"))).schema.fields[0]!;
    // The fixture was written when Legolas.jl declared the child `a, b`; it declares (and we write) `b, a`.
    const byName = (field: Field) => {
      const { name, nullable, metadata, children } = fieldShape(field) as Record<string, unknown> & {
        children: { name: string }[];
      };
      return { name, nullable, metadata, children: children.sort((x, y) => x.name.localeCompare(y.name)) };
    };
    expect(byName(parent)).toEqual(byName(julia));
    const recording = SignalV2SchemaVersion.arrowSchema.fields.find((f) => f.name === "recording")!;
    const juliaRecording = tableFromIPC(readFileSync(fixture("test.onda.signal.arrow"))).schema.fields.find(
      (f) => f.name === "recording",
    )!;
    expect(fieldShape(recording)).toEqual(fieldShape(juliaRecording));
  });

  testWithJuliaFixtures(
    "the file begins with a Schema message, as Arrow.jl (which ignores the footer) requires",
    async () => {
      const bytes = writeTableBytes([digitsRow()], DigitsModelV1SchemaVersion);
      expect(new MessageReader(bytes.subarray(8)).readMessage()!.headerType).toBe(MessageHeader.Schema);
      const julia = new Uint8Array(readFileSync(fixture("test.digits-model.arrow")));
      expect(new MessageReader(julia.subarray(8)).readMessage()!.headerType).toBe(MessageHeader.Schema);
    },
  );
});

describe("round trips", () => {
  testWithJuliaFixtures("every Julia fixture with a registered schema re-writes to an equal table", async () => {
    for (const name of [
      "test.digits-model.arrow",
      "issue-94.arrow",
      "test.onda.signal.arrow",
      "dense-chain.model.arrow",
    ]) {
      const first = await readTable(fixture(name));
      const path = join(folder, `again-${name}`);
      await writeTable(path, first.rows, first.schemaVersion);
      const second = await readTable(path);
      expect(second.identifier).toBe(first.schemaVersion.identifier);
      expect(second.rows).toEqual(first.rows);
    }
  });

  testWithJuliaFixtures("re-writing weights read from a file reuses their buffer (no copy)", async () => {
    const { rows } = await readTable(fixture("test.digits-model.arrow"), { schemaVersion: DigitsModelV1SchemaVersion });
    const batch = encodeRows(DigitsModelV1SchemaVersion, rows);
    const vecValues = batch.getChild("weights")!.data[0]!.children[0]!.children[0]!.children[0]!.children[0]!
      .values as Float32Array;
    const first = rows[0]!.weights!.arrays[0]!.vec;
    expect(vecValues.buffer).toBe(first.buffer);
    expect(vecValues.byteOffset).toBe(first.byteOffset);
    expect(vecValues.length).toBe(7542);
  });

  testWithJuliaFixtures("an async iterable is written batch by batch and read back batch by batch", async () => {
    const path = join(folder, "signals.arrow");
    const julia = await readTable(fixture("test.onda.signal.arrow"), { schemaVersion: SignalV2SchemaVersion });
    const template = julia.rows[0]!;
    async function* signals() {
      for (let i = 0; i < 25; i++) yield { ...template, span: { start: BigInt(i), stop: BigInt(i) + 2n ** 62n } };
    }
    // file_path is Onda's `file_path::(<:Any)`: rows from an iterator take its Arrow type from a table.
    await writeTable(path, signals(), SignalV2SchemaVersion, { batchSize: 10, fieldMetadataFrom: julia.table });
    const seen: number[] = [];
    const starts: bigint[] = [];
    for await (const { rows, firstRowIndex } of readTableBatches(path, { schemaVersion: SignalV2SchemaVersion })) {
      seen.push(firstRowIndex, rows.length);
      starts.push(...rows.map((r) => r.span.start));
    }
    expect(seen).toEqual([0, 10, 10, 10, 20, 5]);
    expect(starts).toEqual(Array.from({ length: 25 }, (_, i) => BigInt(i)));
    const { rows } = await readTable(path, { schemaVersion: SignalV2SchemaVersion });
    expect(rows[24]!.span.stop).toBe(24n + 2n ** 62n); // past 2^53: exact
  });

  testWithJuliaFixtures("flechette, an independent Arrow reader, reads what we write, metadata intact", async () => {
    const bytes = writeTableBytes(
      (await readTable(fixture("test.onda.signal.arrow"), { schemaVersion: SignalV2SchemaVersion })).rows,
      SignalV2SchemaVersion,
    );
    const table = flechetteFromIPC(bytes, { useBigInt: true });
    expect(table.numRows).toBe(6);
    expect(table.schema.metadata?.get("legolas_schema_qualified")).toBe("onda.signal@2>onda.samples-info@2");
    const recording = table.schema.fields.find((f) => f.name === "recording")!;
    expect(recording.metadata?.get("ARROW:extension:name")).toBe("JuliaLang.UUID");
    expect(table.getChild("sensor_type")!.at(0)).toBe("eeg");
    expect(table.getChild("channels")!.at(0)).toHaveLength(19);

    const digits = flechetteFromIPC(writeTableBytes([digitsRow()], DigitsModelV1SchemaVersion), { useBigInt: true });
    const weights = digits.schema.fields[0]!;
    expect(weights.metadata?.get("ARROW:extension:name")).toBe("JuliaLang.LegolasFlux.Weights");
    expect(digits.getChild("epoch")!.at(0)).toBe(2n);
  });

  test("the byte-level API reads what it writes", () => {
    const bytes = writeTableBytes([digitsRow()], DigitsModelV1SchemaVersion);
    const { rows } = readTableBytes(bytes, { schemaVersion: DigitsModelV1SchemaVersion });
    expect(rows).toEqual([digitsRow()]);
    expect(rows[0]!.weights!.arrays[0]!.shape).toEqual([2, 3]);
  });
});

test("rows streamed without a batchSize end a batch at 16 MiB, so large rows never pile up in memory", async () => {
  // 20 model rows of 1 MiB of weights: batches of 16 rows and 4, where 10,000 rows a batch would hold them all.
  const n = 2 ** 18;
  async function* models() {
    for (let i = 0; i < 20; i++)
      yield {
        weights: new Weights([new FlatArray(new Float32Array(n).fill(i), [n])]),
        architecture_version: BigInt(i),
      };
  }
  const path = join(folder, "streamed-models.arrow");
  await writeTable(path, models(), ModelV1SchemaVersion);
  const batches: [number, number][] = [];
  const values: number[] = [];
  for await (const { rows, firstRowIndex } of readTableBatches(path, { schemaVersion: ModelV1SchemaVersion })) {
    batches.push([firstRowIndex, rows.length]);
    values.push(...rows.map((row) => row.weights!.arrays[0]!.vec[n - 1]!));
  }
  expect(batches).toEqual([
    [0, 16],
    [16, 4],
  ]);
  expect(values).toEqual(Array.from({ length: 20 }, (_, i) => i));
});

test("writeTableBytes writes an iterable that is no array (a generator, a Set) batch by batch, as writeTable does; an async one is refused saying what to do", async () => {
  function* models(n: number) {
    for (let i = 0; i < n; i++) yield { architecture_version: BigInt(i) };
  }
  const bytes = writeTableBytes(models(25), ModelV1SchemaVersion, { batchSize: 10 });
  expect(tableFromIPC(bytes).batches.map((batch) => batch.numRows)).toEqual([10, 10, 5]);
  const path = join(folder, "generated-models.arrow");
  await writeTable(path, models(25), ModelV1SchemaVersion, { batchSize: 10 });
  expect(bytes).toEqual(new Uint8Array(readFileSync(path)));
  const set = new Set(models(3));
  expect(
    readTableBytes(writeTableBytes(set, ModelV1SchemaVersion), { schemaVersion: ModelV1SchemaVersion }).rows.map(
      (row) => row.architecture_version,
    ),
  ).toEqual([0n, 1n, 2n]);
  // Rows from an iterator are checked as writeTable checks them: an extra key is refused.
  expect(() => writeTableBytes(new Set([{ architecture_version: 1n, note: "x" }]), ModelV1SchemaVersion)).toThrow(
    expect.objectContaining({ name: "ExtraKeyError" }),
  );
  async function* later() {
    yield { architecture_version: 1n };
  }
  expect(() => writeTableBytes(later() as never, ModelV1SchemaVersion)).toThrow(
    "writeTableBytes cannot wait for the rows of an async iterable: collect them into an array first, or stream them to a file with writeTable",
  );
});

test("no temporary files are left behind by successful writes", () => {
  expect(readdirSync(folder).filter((name) => name.includes("legolas-tmp"))).toEqual([]);
});
