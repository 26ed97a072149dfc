/**
 * Names Arrow.jl makes Julia Symbols of when it opens a file: every column's, every struct
 * field's (a NamedTuple's names) and every extension name. Julia's Symbol cannot hold NUL
 * (`jl_symbol_n` throws "Symbol name may not contain \0"), nor a NamedTuple one name twice, so a
 * file with such names is one Legolas.read cannot open at all: every door that would write one
 * refuses it, and writes nothing.
 */
import {
  Field,
  Int64,
  List,
  RecordBatch,
  Schema,
  Struct,
  Table,
  makeData,
  tableFromIPC,
  vectorFromArray,
} from "apache-arrow";
import { describe, expect, test } from "vitest";
import { writeTableBytes } from "legolas-ts";
import { ChildV1SchemaVersion, ParentV1SchemaVersion } from "../../generated/index.js";

const NUL = "\u0000";

/** A test.parent@1 table of one row, with `extra` (a field and its one-value data) after its columns. */
function parentTableWith(extra: Field, data: ReturnType<typeof makeData>): Table {
  const parent = tableFromIPC(writeTableBytes([{ x: [1n], y: "a" }], ParentV1SchemaVersion));
  const fields = [...parent.schema.fields, extra];
  const schema = new Schema(fields, parent.schema.metadata);
  const children = [...parent.batches[0]!.data.children, data];
  return new Table(schema, [new RecordBatch(schema, makeData({ type: new Struct(fields), length: 1, children }))]);
}

const int64 = (value: bigint) => vectorFromArray([value], new Int64()).data[0]!;

describe("a name holding NUL is refused where a write would give it to a column or struct field", () => {
  test("a row's extra key", () => {
    expect(() => writeTableBytes([{ x: [1n], y: "a", [`note${NUL}`]: 1 }] as never[], ParentV1SchemaVersion)).toThrow(
      expect.objectContaining({
        name: "ExtraKeyError",
        key: `note${NUL}`,
        message: expect.stringMatching(
          /row 0 has it, and it holds NUL, which no Julia Symbol holds: Arrow\.jl names each column and struct field with a Symbol, so Julia could not open the file: rename the key$/,
        ),
      }),
    );
  });

  test("an any value's object key, at any depth", () => {
    for (const z of [{ [`k${NUL}`]: 1n }, [{ a: { [`${NUL}`]: "v" } }]])
      expect(() => writeTableBytes([{ x: [1n], y: "a", z }], ChildV1SchemaVersion)).toThrow(
        expect.objectContaining({
          name: "AnyColumnError",
          message: expect.stringMatching(
            /has the key "(k)?\\u0000", holding NUL, which no Julia Symbol holds.*rename the key/,
          ),
        }),
      );
  });

  test("an Arrow table's extra column, a struct child inside it, or an extension name, validating or not", () => {
    const cases: [Table, string, string][] = [
      [parentTableWith(new Field(`e${NUL}`, new Int64(), false), int64(1n)), `e${NUL}`, `the name "e\\u0000"`],
      [
        parentTableWith(
          new Field("e", new Struct([new Field(`c${NUL}`, new Int64(), false)]), false),
          makeData({ type: new Struct([new Field(`c${NUL}`, new Int64(), false)]), length: 1, children: [int64(2n)] }),
        ),
        `e.c${NUL}`,
        `the name "c\\u0000"`,
      ],
      [
        parentTableWith(new Field("e", new Int64(), false, new Map([["ARROW:extension:name", `x${NUL}`]])), int64(3n)),
        "e",
        `the extension name "x\\u0000"`,
      ],
    ];
    // A name is the schema's, no row's: trusting the rows (validate: false) does not make a file Julia can open.
    for (const [table, path, what] of cases)
      for (const validate of [true, false])
        expect(() => writeTableBytes(table, ParentV1SchemaVersion, { validate })).toThrow(
          expect.objectContaining({
            name: "TableSchemaError",
            violations: [
              {
                code: "incorrect_type",
                path,
                expected: "a name without NUL",
                found: `${what}, holding NUL, which no Julia Symbol holds: Arrow.jl names each column and struct field with a Symbol, so Julia could not open the file; rename it`,
              },
            ],
          }),
        );
  });

  test("a list's element name, which Arrow.jl reads by position, may hold it", () => {
    const listOf = new List(new Field(`item${NUL}`, new Int64(), false));
    const list = makeData({ type: listOf, length: 1, valueOffsets: new Int32Array([0, 1]), child: int64(4n) });
    const written = tableFromIPC(
      writeTableBytes(parentTableWith(new Field("l", listOf, false), list), ParentV1SchemaVersion),
    );
    expect(written.getChild("l")?.get(0)?.toArray()).toEqual(new BigInt64Array([4n]));
  });
});

describe("a struct with two fields of one name is refused: Arrow.jl reads it as a NamedTuple, whose names differ", () => {
  const twice = new Struct([
    new Field("a", new Int64(), false),
    new Field("a", new Int64(), false),
    new Field("b", new Int64(), false),
  ]);
  const data = makeData({ type: twice, length: 1, children: [int64(1n), int64(2n), int64(3n)] });

  test.each([
    ["an extra column", "e", ParentV1SchemaVersion],
    ["an any column (test.child@1's z)", "z", ChildV1SchemaVersion],
  ] as const)("in %s", (_where, name, schemaVersion) => {
    expect(() => writeTableBytes(parentTableWith(new Field(name, twice, false), data), schemaVersion)).toThrow(
      expect.objectContaining({
        name: "TableSchemaError",
        violations: [
          {
            code: "incorrect_type",
            path: `${name}.a`,
            expected: "one struct field of this name",
            found:
              '2 fields named "a", which Arrow.jl reads as one NamedTuple\'s, whose names must differ, so Julia could not open the file; rename or drop all but one',
          },
        ],
      }),
    );
  });
});
