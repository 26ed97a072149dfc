/**
 * A nested record whose struct lacks an optional child (an Arrow table built without `note`, as
 * pyarrow or apache-arrow's `vectorFromArray` of objects without it make one): readTable reads the
 * child as missing, and a validated write adds it as missing values, as Legolas.jl writes every
 * field of a record and builds the record from all of them (runtime/arrow/record-children.ts).
 */
import {
  type DataType,
  Field,
  Int64,
  List,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  vectorFromArray,
} from "apache-arrow";
import { describe, expect, test } from "vitest";
import { readTableBytes, validateTable, writeTableBytes } from "legolas-ts";
import { NotedParentV1SchemaVersion } from "../../generated/index.js";
import { arrowJlExtension } from "./helpers/arrow-jl-extension.js";

const RECORD_LABEL = "JuliaLang.Legolas.Generated.test.noted-child.1";

/** test.noted-parent@1's columns, each test.noted-child@1 a struct of `n` alone, labelled as Arrow.jl labels the record or not. */
function withoutNote(labelled: boolean): Table {
  const label = labelled ? arrowJlExtension(RECORD_LABEL) : new Map<string, string>();
  const record = new Struct([new Field("n", new Int64(), false)]);
  const child = vectorFromArray([{ n: 1n }, { n: 2n }], record);
  const children = vectorFromArray([[{ n: 3n }, { n: 4n }], null], new List(new Field("", record, false, label)));
  const schema = new Schema([
    new Field("child", record, false, label),
    new Field("children", children.type as DataType, true),
  ]);
  const [batch] = new Table({ child, children }).batches;
  return new Table(schema, [new RecordBatch(schema, batch!.data)]);
}

/** The children of each test.noted-child@1 struct in `schema`: the column's, then the list element's. */
function recordChildren(schema: Schema): [string, string, boolean][][] {
  const child = schema.fields.find((field) => field.name === "child")!;
  const element = (schema.fields.find((field) => field.name === "children")!.type as List).children[0]!;
  return [child, element].map((record) =>
    (record.type as Struct).children.map((c): [string, string, boolean] => [c.name, String(c.type), c.nullable]),
  );
}

describe("a nested record's struct without its optional child", () => {
  for (const labelled of [true, false]) {
    test(`is written with the child as missing values, and reads back as it read (${labelled ? "labelled" : "unlabelled"})`, () => {
      const input = withoutNote(labelled);
      const bytes = tableToIPC(input, "file");
      expect(validateTable(input, NotedParentV1SchemaVersion)).toEqual([]);
      const { rows } = readTableBytes(bytes, { schemaVersion: NotedParentV1SchemaVersion });
      expect(rows.map((row) => ({ ...row }))).toEqual([
        {
          child: { n: 1n, note: null },
          children: [
            { n: 3n, note: null },
            { n: 4n, note: null },
          ],
        },
        { child: { n: 2n, note: null }, children: null },
      ]);

      const written = writeTableBytes(input, NotedParentV1SchemaVersion);
      const schema = tableFromIPC(written).schema;
      // Every field of the record, as Legolas.jl writes it and its fromarrowstruct takes it: the lacking one as the Null type.
      expect(recordChildren(schema)).toEqual([
        [
          ["n", "Int64", false],
          ["note", "Null", true],
        ],
        [
          ["n", "Int64", false],
          ["note", "Null", true],
        ],
      ]);
      expect(schema.fields.find((field) => field.name === "child")!.metadata.get("ARROW:extension:name")).toBe(
        RECORD_LABEL,
      );
      expect(readTableBytes(written, { schemaVersion: NotedParentV1SchemaVersion }).rows).toEqual(rows);
    });
  }

  test("a row object without the optional child, or with it null, writes and reads back with it null", () => {
    const rows = [
      { child: { n: 1n }, children: [{ n: 3n, note: null }] },
      { child: { n: 2n, note: null }, children: [{ n: 4n, note: undefined }] },
    ];
    const read = readTableBytes(writeTableBytes(rows, NotedParentV1SchemaVersion), {
      schemaVersion: NotedParentV1SchemaVersion,
    }).rows.map((row) => ({ ...row }));
    expect(read).toEqual([
      { child: { n: 1n, note: null }, children: [{ n: 3n, note: null }] },
      { child: { n: 2n, note: null }, children: [{ n: 4n, note: null }] },
    ]);
  });
});
