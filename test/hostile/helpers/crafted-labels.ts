/**
 * Hostile Arrow files whose lie is in a field's extension name (`ARROW:extension:name`): valid
 * tables with one field, at any depth, given another Julia label, an unknown one, or none. A
 * label decides how a column reads: an `any` column's values (a labelled UInt32 is a `Char`, a
 * labelled Struct of children "1".."N" a tuple), which member of a union a column holds, a
 * record's or a Weights' layout. The byte mutations reach these names only by luck (a random byte
 * in a string), and never change one name into another.
 */
import {
  type Data,
  DataType,
  Field,
  FixedSizeBinary,
  Float64,
  Int64,
  List,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  TimeUnit,
  Timestamp,
  Uint32,
  Utf8,
  vectorFromArray,
} from "apache-arrow";
import { SCHEMA_QUALIFIED_KEY, writeTableBytes } from "legolas-ts";
import { AllTypesV1SchemaVersion, FooV1SchemaVersion } from "../../generated/index.js";
import type { Crafted } from "./crafted.js";
import { allTypesRows } from "./outcomes.js";

const NAME = "ARROW:extension:name";
const METADATA = "ARROW:extension:metadata";

/** Every label legolas-ts gives a meaning, a few it does not, and the empty one. */
const LABELS = [
  "JuliaLang.UUID",
  "JuliaLang.Char",
  "JuliaLang.DateTime",
  "JuliaLang.Date",
  "JuliaLang.Time",
  "JuliaLang.Set",
  "JuliaLang.Tuple",
  "JuliaLang.VersionNumber",
  "JuliaLang.Symbol",
  "JuliaLang.Dates.Period",
  "JuliaLang.ZonedDateTime",
  "JuliaLang.TimeSpan",
  "JuliaLang.LegolasFlux.Weights",
  "JuliaLang.LegolasFlux.FlatArray",
  "JuliaLang.Legolas.Generated.test.issue-94-child.1",
  "JuliaLang.Legolas.Generated.legolas-flux.model.1",
  "",
];

const ext = (name: string) =>
  new Map([
    [NAME, name],
    [METADATA, ""],
  ]);

/**
 * A table of `example.foo@1` (Legolas's tour: `c` is `any`) whose `c` is a Struct of the storages
 * Julia labels, each labelled as Arrow.jl writes it: a UUID, a Char, a DateTime, a Set, a Tuple.
 */
function fooWithLabels(): Uint8Array {
  const column = (name: string, type: DataType, label: string, data: Data) => ({
    field: new Field(name, type, false, ext(label)),
    data,
  });
  const setType = new List(new Field("", new Utf8(), false));
  const tupleType = new Struct([new Field("1", new Int64(), false), new Field("2", new Utf8(), false)]);
  const members = [
    column(
      "u",
      new FixedSizeBinary(16),
      "JuliaLang.UUID",
      makeData({ type: new FixedSizeBinary(16), length: 2, data: Uint8Array.from({ length: 32 }, (_, k) => k) }),
    ),
    column("ch", new Uint32(), "JuliaLang.Char", vectorFromArray([0x41, 0x1f600], new Uint32()).data[0]!),
    column(
      "at",
      new Timestamp(TimeUnit.MILLISECOND),
      "JuliaLang.DateTime",
      makeData({ type: new Timestamp(TimeUnit.MILLISECOND), length: 2, data: BigInt64Array.of(0n, 86_400_000n) }),
    ),
    column(
      "set",
      setType,
      "JuliaLang.Set",
      makeData({
        type: setType,
        length: 2,
        nullCount: 0,
        valueOffsets: Int32Array.of(0, 2, 3),
        child: vectorFromArray(["a", "b", "c"], new Utf8()).data[0]!,
      }),
    ),
    column(
      "tuple",
      tupleType,
      "JuliaLang.Tuple",
      makeData({
        type: tupleType,
        length: 2,
        nullCount: 0,
        children: [
          vectorFromArray([1n, 2n], new Int64()).data[0]!,
          vectorFromArray(["one", "two"], new Utf8()).data[0]!,
        ],
      }),
    ),
  ];
  const cType = new Struct(members.map((m) => m.field));
  const dType = new List(new Field("", new Int64(), false));
  const fields = [
    new Field("a", new Float64(), false),
    new Field("b", new Utf8(), false),
    new Field("c", cType, false),
    new Field("d", dType, false),
  ];
  const columns = [
    vectorFromArray([0.5, 1.5], new Float64()).data[0]!,
    vectorFromArray(["x", "y"], new Utf8()).data[0]!,
    makeData({ type: cType, length: 2, nullCount: 0, children: members.map((m) => m.data) }),
    makeData({
      type: dType,
      length: 2,
      nullCount: 0,
      valueOffsets: Int32Array.of(0, 1, 1),
      child: vectorFromArray([7n], new Int64()).data[0]!,
    }),
  ];
  const schema = new Schema(fields, new Map([[SCHEMA_QUALIFIED_KEY, FooV1SchemaVersion.identifier]]));
  const data = makeData({ type: new Struct(fields), length: 2, nullCount: 0, children: columns });
  return tableToIPC(new Table([new RecordBatch(schema, data)]), "file");
}

/** `field` with the `target`th field of its tree (depth first, `seen` counts) given `label`, or none for `null`. */
function relabelled(field: Field, target: number, label: string | null, seen: { n: number }): Field {
  const here = seen.n++;
  let type: DataType = field.type;
  if (DataType.isStruct(type)) type = new Struct(type.children.map((child) => relabelled(child, target, label, seen)));
  else if (DataType.isList(type)) type = new List(relabelled(type.children[0]!, target, label, seen));
  let metadata = field.metadata;
  if (here === target) {
    metadata = new Map(metadata);
    if (label === null) {
      metadata.delete(NAME);
      metadata.delete(METADATA);
    } else metadata.set(NAME, label).set(METADATA, "");
  }
  return new Field(field.name, type, field.nullable, metadata);
}

function fieldCount(field: Field): number {
  return 1 + (field.type.children ?? []).reduce((sum: number, child: Field) => sum + fieldCount(child), 0);
}

/** `file` (one batch) with field `target` (depth first over every column) labelled `label`. */
function withLabel(file: Uint8Array, target: number, label: string | null): { bytes: Uint8Array; field: string } {
  const table = tableFromIPC(file);
  const seen = { n: 0 };
  const fields = table.schema.fields.map((field) => relabelled(field, target, label, seen));
  const schema = new Schema(fields, table.schema.metadata);
  const batch = table.batches[0]!;
  const data = makeData({
    type: new Struct(fields),
    length: batch.numRows,
    nullCount: 0,
    children: batch.data.children,
  });
  const names: string[] = [];
  const walk = (field: Field, path: string) => {
    names.push(path);
    for (const child of field.type.children ?? []) walk(child, `${path}.${child.name}`);
  };
  for (const field of table.schema.fields) walk(field, field.name);
  return { bytes: tableToIPC(new Table([new RecordBatch(schema, data)]), "file"), field: names[target]! };
}

export const CRAFTED_LABELS: Readonly<Record<string, Crafted>> = {
  "relabelled field": (random) => {
    const [name, file] = random.pick([
      ["every-type table", () => writeTableBytes(allTypesRows(), AllTypesV1SchemaVersion)],
      ["example.foo@1 with labelled storages in its any column", fooWithLabels],
    ] as const);
    const original = file();
    const count = tableFromIPC(original).schema.fields.reduce((sum, field) => sum + fieldCount(field), 0);
    const target = random.int(count);
    const label = random.int(8) === 0 ? null : random.pick(LABELS);
    const { bytes, field } = withLabel(original, target, label);
    return { bytes, what: `${name}, ${field} labelled ${label === null ? "with nothing" : JSON.stringify(label)}` };
  },
};
