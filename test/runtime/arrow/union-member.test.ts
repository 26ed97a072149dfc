/**
 * A `union` field read from a column of one member's storage, as a child schema that narrows the
 * union to that member writes it: the member is the one whose storage the column has, Julia label
 * included (a FixedSizeBinary(16) labelled JuliaLang.UUID is a uuid).
 */
import { openTableFile, readTableBytes, writeTableBytes } from "legolas-ts";
import { expect, test } from "vitest";
import { UnionMemberNarrowedV1SchemaVersion, UnionMemberV1SchemaVersion } from "../../generated/index.js";

const uuid = "097ccaf5-907c-4fbb-bc19-ec640d40aa78";

test("a narrowed child's uuid column reads as its parent's union<uuid, datetime>, by every reader", async () => {
  // Found by the schema fuzzer (seed 40): every read threw an untyped TypeError, the member
  // being chosen without the column's label.
  const bytes = writeTableBytes([{ id: uuid }, { id: null }], UnionMemberNarrowedV1SchemaVersion);
  const asParent = { schemaVersion: UnionMemberV1SchemaVersion };
  for (const options of [{}, { validate: "columns" as const }, { rows: "eager" as const }, { columns: ["id"] }]) {
    const { rows } = readTableBytes(bytes, { ...asParent, ...options } as typeof asParent);
    expect(rows.map((row) => row.id)).toEqual([uuid, null]);
  }
  const file = await openTableFile(bytes);
  const { rows } = await file.readBatch(0, asParent);
  expect(rows.map((row) => row.id)).toEqual([uuid, null]);
});
