/**
 * julia-refused-layout.ts through `findJuliaUnreadableColumns`: the layouts a validated write
 * rewrites for Julia are found in a table laid out otherwise, and never in what that write wrote
 * (the writer's rewrite and validate's findings agree).
 */
import { DataType, Field, makeData, RecordBatch, Schema, Struct, Table, Timestamp, tableToIPC } from "apache-arrow";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  FlatArray,
  findJuliaUnreadableColumns,
  ModelV1SchemaVersion,
  readTableBatches,
  type SchemaVersion,
  Weights,
  writeTableBytes,
} from "legolas-ts";
import { AllTypesV1SchemaVersion } from "../../generated/index.js";
import { allTypesRow } from "../../helpers/all-types-rows.js";
import { encodeRows } from "../../../runtime/arrow/rows/row-encoder.js";
import { withChildren } from "../../../runtime/arrow/ipc/file-writer.js";
import {
  EXTENSION_METADATA_KEY,
  EXTENSION_NAME_KEY,
  extensionNameOf,
  isRecordExtensionName,
  VERSION_NUMBER_EXTENSION,
  WEIGHTS_EXTENSION,
} from "../../../runtime/arrow/metadata.js";

const version = AllTypesV1SchemaVersion as unknown as SchemaVersion;

/** How another writer lays a field out: each flag, extension name and spelling of UTC drawn. */
interface Layout {
  readonly nullable: boolean;
  readonly dropExtension: boolean;
  readonly utc: string;
}
const layouts = fc.infiniteStream(
  fc.record({
    nullable: fc.boolean(),
    dropExtension: fc.boolean(),
    utc: fc.constantFrom("UTC", "Etc/UTC", "Zulu", "+00:00", "GMT"),
  }),
);

/**
 * Whether a read and a write take `field` without its extension name, as the version's storage
 * (a struct of a VersionNumber's, a record's or Weights' children); others only their name tells
 * from another declared type (a `char`'s Uint32, a `uuid`'s bytes).
 */
function unlabelledTaken(field: Field): boolean {
  const name = extensionNameOf(field);
  return (
    name === VERSION_NUMBER_EXTENSION || name === WEIGHTS_EXTENSION || (name !== null && isRecordExtensionName(name))
  );
}

function laidOut(field: Field, next: () => Layout): Field {
  const { nullable, dropExtension, utc } = next();
  const children = ((field.type.children as Field[] | undefined) ?? []).map((child) => laidOut(child, next));
  let type: DataType =
    children.length > 0 && !DataType.isDictionary(field.type) ? withChildren(field.type, children) : field.type;
  if (DataType.isTimestamp(type) && type.timezone === "UTC") type = new Timestamp(type.unit, utc);
  const metadata = new Map(field.metadata);
  if (dropExtension && unlabelledTaken(field)) {
    metadata.delete(EXTENSION_NAME_KEY);
    metadata.delete(EXTENSION_METADATA_KEY);
  }
  return new Field(field.name, type, nullable || field.nullable, metadata);
}

function relaidTable(table: Table, next: () => Layout): Table {
  const fields = table.schema.fields.map((field) => laidOut(field, next));
  const schema = new Schema(fields, table.schema.metadata);
  const batches = table.batches.map(
    (batch) =>
      new RecordBatch(
        schema,
        makeData({ type: new Struct(fields), length: batch.numRows, children: batch.data.children }),
      ),
  );
  return new Table(schema, batches);
}

async function foundIn(bytes: Uint8Array) {
  const found = [];
  for await (const batch of readTableBatches(bytes, { schemaVersion: version }))
    found.push(...findJuliaUnreadableColumns(batch.batch.schema, version));
  return found;
}

describe("the layouts Julia refuses", () => {
  test("property: a table laid out by another writer and written by our validated writer has none; one whose required column is nullable has that column's", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(allTypesRow, { minLength: 1, maxLength: 3 }), layouts, async (rows, stream) => {
        const ours = new Table([encodeRows(version, rows)]);
        const next = () => stream.next().value as Layout;
        const theirs = relaidTable(ours, next);
        expect(await foundIn(writeTableBytes(theirs, version))).toEqual([]);
        const nullableRequired = theirs.schema.fields.filter(
          (field, k) => field.nullable && !ours.schema.fields[k]!.nullable,
        );
        const found = await foundIn(tableToIPC(theirs, "file"));
        for (const field of nullableRequired)
          expect(found).toContainEqual(expect.objectContaining({ path: field.name, code: "incorrect_type" }));
      }),
      { numRuns: 40 },
    );
  });
});

/** `field` with the part at `place` (child indexes, one a level) marked nullable. */
function nullableAt(field: Field, place: readonly number[]): Field {
  if (place.length === 0) return new Field(field.name, field.type, true, field.metadata);
  const children = (field.type.children as Field[]).map((child, k) =>
    k === place[0] ? nullableAt(child, place.slice(1)) : child,
  );
  return new Field(field.name, withChildren(field.type, children), field.nullable, field.metadata);
}

/** The places of every part of `field` (child indexes), each with its path as violations name it. */
function partsOf(field: Field, path = field.name, place: readonly number[] = []): [number[], string][] {
  const struct = DataType.isStruct(field.type);
  return ((field.type.children as Field[] | undefined) ?? []).flatMap((child, k) => {
    const at = struct ? `${path}.${child.name}` : `${path}[]`;
    return [[[...place, k], at] as [number[], string], ...partsOf(child, at, [...place, k])];
  });
}

describe("a nullable part of a VersionNumber or Weights value", () => {
  const findings = (schemaVersion: SchemaVersion, table: Table, name: string) => {
    const field = table.schema.fields.find((f) => f.name === name)!;
    return partsOf(field).map(([place, path]) => {
      const fields = table.schema.fields.map((f) => (f === field ? nullableAt(f, place) : f));
      const found = findJuliaUnreadableColumns(new Schema(fields, table.schema.metadata), schemaVersion);
      return { path, found: found.map((v) => v.path), words: found.map((v) => v.found).join("") };
    });
  };

  test("a VersionNumber's is read by Julia (VersionNumber(major, minor, patch, prerelease, build) of the parts' values): none found", () => {
    const table = new Table([encodeRows(version, fc.sample(allTypesRow, { numRuns: 1, seed: 3 }))]);
    const found = findings(version, table, "release");
    expect(found.map((f) => f.path)).toEqual([
      "release.major",
      "release.minor",
      "release.patch",
      "release.prerelease",
      "release.build",
    ]);
    expect(found.flatMap((f) => f.found)).toEqual([]);
  });

  test("a Weights value's: only a nullable FlatArray and a nullable vec element, on which LegolasFlux throws a TypeError, are found", () => {
    const weights = new Weights([new FlatArray(Float32Array.of(1, 2), [2])]);
    const table = new Table([encodeRows(ModelV1SchemaVersion, [{ weights }])]);
    const found = findings(ModelV1SchemaVersion, table, "weights");
    expect(found.map(({ path, found }) => [path, found])).toEqual([
      ["weights.weights", []],
      ["weights.weights[]", ["weights.weights[]"]],
      ["weights.weights[].vec", []],
      ["weights.weights[].vec[]", ["weights.weights[].vec[]"]],
      ["weights.weights[].size", []],
      ["weights.weights[].size[]", []],
    ]);
    expect(found[1]!.words).toContain("Weights(v) a Vector{Union{Missing, FlatArray}}");
    expect(found[3]!.words).toContain("FlatArray{Union{Missing, T}}");
    for (const { words } of [found[1]!, found[3]!]) expect(words).toContain("TypeError");
  });
});
