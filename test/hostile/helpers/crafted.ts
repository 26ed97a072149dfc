/**
 * Hostile Arrow files built on purpose rather than by random mutation: apache-arrow's own writer
 * serialises whatever `Data` it is given, lies included (offsets past the end of a child, a
 * `size` that disagrees with its `vec`, another type in a declared column), so each lie can be
 * aimed at one decoder. Each returns the bytes of an IPC file. The families of crafted-batches.ts
 * (compressed batches with extra buffer entries, dictionary replacements, delta chains) and of
 * crafted-labels.ts (a field given another extension name) join them: the compressed ones'
 * encoders must be loaded first (`prepareCompression`).
 */
import {
  Field,
  Float32,
  Float64,
  Int64,
  List,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  Null,
  type Data,
  type DataType,
} from "apache-arrow";
import { ModelV1SchemaVersion } from "legolas-ts";
import { CRAFTED_BATCHES } from "./crafted-batches.js";
import { CRAFTED_LABELS } from "./crafted-labels.js";
import type { Random } from "./fuzz.js";

const IDENTIFIER = ModelV1SchemaVersion.identifier;

/** The raw parts of one Weights value (one row): offsets are written as given, unchecked. */
export interface WeightsParts {
  readonly vec: Float32Array;
  readonly vecOffsets: readonly number[];
  readonly size: readonly bigint[];
  readonly sizeOffsets: readonly number[];
  /** Offsets of the list of FlatArrays: `[0, arrays]` for one row. */
  readonly arrayOffsets?: readonly number[];
}

/** A model-row file whose Weights column holds exactly `parts`, lies and all. */
export function weightsFile(parts: WeightsParts, architectureVersion: bigint | null = 1n): Uint8Array {
  const weightsField = ModelV1SchemaVersion.arrowSchema.fields.find((f) => f.name === "weights")!;
  const type = weightsField.type as Struct;
  const listField = type.children[0]!;
  const flatField = listField.type.children[0] as Field<Struct>;
  const [vecField, sizeField] = flatField.type.children as [Field, Field];
  const arrays = parts.vecOffsets.length - 1;
  const vecValues = makeData({ type: new Float32(), length: parts.vec.length, data: parts.vec });
  const sizeValues = makeData({ type: new Int64(), length: parts.size.length, data: BigInt64Array.from(parts.size) });
  const flat = makeData({
    type: flatField.type,
    length: arrays,
    nullCount: 0,
    children: [
      makeData({
        type: vecField.type,
        length: arrays,
        nullCount: 0,
        valueOffsets: Int32Array.from(parts.vecOffsets),
        child: vecValues,
      }),
      makeData({
        type: sizeField.type,
        length: arrays,
        nullCount: 0,
        valueOffsets: Int32Array.from(parts.sizeOffsets),
        child: sizeValues,
      }),
    ],
  });
  const list = makeData({
    type: listField.type,
    length: 1,
    nullCount: 0,
    valueOffsets: Int32Array.from(parts.arrayOffsets ?? [0, arrays]),
    child: flat,
  });
  const weights = makeData({ type, length: 1, nullCount: 0, children: [list] });
  const version = makeData({
    type: new Int64(),
    length: 1,
    nullCount: architectureVersion === null ? 1 : 0,
    nullBitmap: architectureVersion === null ? new Uint8Array([0]) : undefined,
    data: new BigInt64Array([architectureVersion ?? 0n]),
  });
  return fileOf(ModelV1SchemaVersion.arrowSchema, [weights, version], 1);
}

/** An IPC file of one batch with these columns (lengths as given), `schema`'s metadata kept. */
export function fileOf(schema: Schema, columns: Data[], length: number): Uint8Array {
  const data = makeData({ type: new Struct(schema.fields), length, nullCount: 0, children: columns });
  return tableToIPC(new Table([new RecordBatch(schema, data)]), "file");
}

/** A file whose schema has `fields` (with `metadata`) and whose columns are `columns`. */
export function tableFile(
  fields: Field[],
  columns: Data[],
  length: number,
  metadata: Map<string, string> | null,
): Uint8Array {
  return fileOf(new Schema(fields, metadata ?? undefined), columns, length);
}

const int64Column = (values: bigint[]) =>
  makeData({ type: new Int64(), length: values.length, nullCount: 0, data: BigInt64Array.from(values) });

/** A named family of crafted files; `random` picks the numbers of each lie. */
export type Crafted = (random: Random) => { bytes: Uint8Array; what: string };

const HUGE = [2n ** 31n, 2n ** 32n + 1n, 2n ** 53n + 1n, 2n ** 62n, 2n ** 63n - 1n];
const NEGATIVE = [-1n, -(2n ** 63n), -12n];

export const CRAFTED: Readonly<Record<string, Crafted>> = {
  "size product disagrees with vec": (random) => {
    const n = 1 + random.int(12);
    const size = random.pick([[BigInt(n + 1)], [BigInt(n), 2n], [0n], [BigInt(n - 1), 1n], []]);
    return {
      bytes: weightsFile({ vec: new Float32Array(n), vecOffsets: [0, n], size, sizeOffsets: [0, size.length] }),
      what: `vec of ${n}, size [${size}]`,
    };
  },
  "negative or huge sizes": (random) => {
    const n = random.int(6);
    const size = [random.pick([...HUGE, ...NEGATIVE]), random.pick([0n, 1n, ...HUGE, ...NEGATIVE])];
    return {
      bytes: weightsFile({ vec: new Float32Array(n), vecOffsets: [0, n], size, sizeOffsets: [0, 2] }),
      what: `vec of ${n}, size [${size}]`,
    };
  },
  "many dimensions": (random) => {
    const dims = 1 + random.int(5000);
    const size = Array.from({ length: dims }, () => 1n);
    return {
      bytes: weightsFile({ vec: new Float32Array(1), vecOffsets: [0, 1], size, sizeOffsets: [0, dims] }),
      what: `${dims} dimensions of 1`,
    };
  },
  "vec offsets past the end": (random) => {
    const n = 1 + random.int(8);
    const end = random.pick([n + 1, n * 1000, 2 ** 20, 2 ** 16]);
    return {
      bytes: weightsFile({ vec: new Float32Array(n), vecOffsets: [0, end], size: [BigInt(end)], sizeOffsets: [0, 1] }),
      what: `vec of ${n}, offsets [0, ${end}]`,
    };
  },
  "size offsets past the end": (random) => {
    const end = random.pick([2, 100, 2 ** 24, 2 ** 16]);
    return {
      bytes: weightsFile({ vec: new Float32Array(1), vecOffsets: [0, 1], size: [1n], sizeOffsets: [0, end] }),
      what: `size offsets [0, ${end}]`,
    };
  },
  "decreasing or negative offsets": (random) => {
    const vecOffsets = random.pick([
      [4, 0],
      [0, -4],
      [-8, 0],
      [3, 3],
    ]);
    return {
      bytes: weightsFile({ vec: new Float32Array(4), vecOffsets, size: [4n], sizeOffsets: [0, 1] }),
      what: `vec offsets [${vecOffsets}]`,
    };
  },
  "array-list offsets past the end": (random) => {
    const end = random.pick([2, 50, 2 ** 20, 2 ** 16]);
    return {
      bytes: weightsFile({
        vec: new Float32Array(1),
        vecOffsets: [0, 1],
        size: [1n],
        sizeOffsets: [0, 1],
        arrayOffsets: [0, end],
      }),
      what: `weights list offsets [0, ${end}]`,
    };
  },
  "swapped column types": (random) => {
    const [weightsField, versionField] = ModelV1SchemaVersion.arrowSchema.fields as [Field, Field];
    const choices: [string, Field, Data][] = [
      ["weights as int64", new Field("weights", new Int64(), true), int64Column([5n])],
      [
        "weights as utf8",
        new Field("weights", new Utf8(), true),
        makeData({
          type: new Utf8(),
          length: 1,
          nullCount: 0,
          valueOffsets: new Int32Array([0, 3]),
          data: new Uint8Array([97, 98, 99]),
        }),
      ],
      [
        "weights as a struct of another shape",
        new Field("weights", new Struct([new Field("weights", new Float64(), false)]), true),
        makeData({
          type: new Struct([new Field("weights", new Float64(), false)]),
          length: 1,
          nullCount: 0,
          children: [makeData({ type: new Float64(), length: 1, data: new Float64Array([1]) })],
        }),
      ],
      [
        "architecture_version as float64",
        new Field("architecture_version", new Float64(), true),
        makeData({ type: new Float64(), length: 1, data: new Float64Array([1.5]) }),
      ],
      [
        "architecture_version as list<int64>",
        new Field("architecture_version", new List(new Field("", new Int64(), false)), true),
        makeData({
          type: new List(new Field("", new Int64(), false)),
          length: 1,
          nullCount: 0,
          valueOffsets: new Int32Array([0, 1]),
          child: int64Column([1n]),
        }),
      ],
    ];
    const [what, field, column] = random.pick(choices);
    const swapWeights = field.name === "weights";
    const fields = swapWeights ? [field, versionField] : [weightsField, field];
    const columns = swapWeights ? [column, int64Column([1n])] : [emptyWeights(weightsField), column];
    return { bytes: tableFile(fields, columns, 1, ModelV1SchemaVersion.arrowSchema.metadata), what };
  },
  "wrong metadata": (random) => {
    const identifier = random.pick([
      "",
      "@",
      ">>>",
      "legolas-flux.model@999",
      "LEGOLAS@1",
      `${"a@1>".repeat(2000)}legolas-flux.model@1`,
      `x@1>${IDENTIFIER}`,
      "legolas-flux.model@1\u0000",
      "legolas-flux.model@-1",
      "legolas-flux.model@1e400",
      "__proto__@1",
      "constructor@1>legolas-flux.model@1",
      "test.all-types@1",
    ]);
    const [weightsField, versionField] = ModelV1SchemaVersion.arrowSchema.fields as [Field, Field];
    const metadata = new Map([
      ["legolas_schema_qualified", identifier],
      ["legolas_julia_schema_provider_name", "\u2028<script>"],
    ]);
    return {
      bytes: tableFile([weightsField, versionField], [emptyWeights(weightsField), int64Column([1n])], 1, metadata),
      what: `identifier ${JSON.stringify(identifier.slice(0, 40))}`,
    };
  },
  "row count lies": (random) => {
    // A valid batch of 77 rows whose row count and field-node lengths (int64s equal to 77 in
    // the metadata) are all rewritten to the lie, while the buffers still hold 77 values.
    const [weightsField, versionField] = ModelV1SchemaVersion.arrowSchema.fields as [Field, Field];
    const honest = tableFile(
      [weightsField, versionField],
      [emptyWeights(weightsField, 77), int64Column(Array(77).fill(1n))],
      77,
      ModelV1SchemaVersion.arrowSchema.metadata,
    );
    const lie = random.pick([0n, 2n, 1000n, 2n ** 20n, 2n ** 31n - 1n, 2n ** 40n, -1n]);
    const view = new DataView(honest.buffer, honest.byteOffset, honest.byteLength);
    for (let at = 0; at + 8 <= honest.length; at += 8)
      if (view.getBigInt64(at, true) === 77n) view.setBigInt64(at, lie, true);
    return { bytes: honest, what: `a batch of 77 rows that says it has ${lie}` };
  },
  "an empty batch whose structs carry no child data": () => {
    // apache-arrow reads such a batch (the fuzzer made one by zeroing a row count); no reader may
    // build a decoder that reaches into the missing children.
    const [weightsField, versionField] = ModelV1SchemaVersion.arrowSchema.fields as [Field, Field];
    const weights = makeData({ type: weightsField.type as Struct, length: 0, nullCount: 0, children: [] });
    return {
      bytes: tableFile(
        [weightsField, versionField],
        [weights, int64Column([])],
        0,
        ModelV1SchemaVersion.arrowSchema.metadata,
      ),
      what: "0 rows, a Weights struct without children",
    };
  },
  "all-null column of a huge length": (random) => {
    const length = random.pick([1000, 2 ** 20 + 1, 2 ** 31 - 1]);
    const fields = [new Field("weights", new Null(), true), new Field("architecture_version", new Null(), true)];
    const columns = fields.map(() => makeData({ type: new Null(), length }));
    return {
      bytes: tableFile(fields, columns, length, ModelV1SchemaVersion.arrowSchema.metadata),
      what: `${length} rows of Null columns`,
    };
  },
  ...CRAFTED_BATCHES,
  ...CRAFTED_LABELS,
};

/** A Weights column of `rows` values with no arrays. */
function emptyWeights(field: Field, rows = 1): Data {
  const type = field.type as Struct;
  const listField = type.children[0]!;
  const flatField = listField.type.children[0] as Field<Struct>;
  const [vecField, sizeField] = flatField.type.children as [Field, Field];
  const list = (f: Field, child: Data) =>
    makeData({ type: f.type as DataType as List, length: 0, nullCount: 0, valueOffsets: new Int32Array([0]), child });
  const flat = makeData({
    type: flatField.type,
    length: 0,
    nullCount: 0,
    children: [
      list(vecField, makeData({ type: new Float32(), length: 0, data: new Float32Array(0) })),
      list(sizeField, makeData({ type: new Int64(), length: 0, data: new BigInt64Array(0) })),
    ],
  });
  const arrays = makeData({
    type: listField.type,
    length: rows,
    nullCount: 0,
    valueOffsets: new Int32Array(rows + 1),
    child: flat,
  });
  return makeData({ type, length: rows, nullCount: 0, children: [arrays] });
}
