/**
 * A table whose batches hold a dictionary-encoded column under different dictionaries (two tables
 * built apart and joined with `concat`, say) written as an IPC file, which holds one dictionary
 * per column that later batches may only extend (deltas; apache-arrow's file writer throws at a
 * replacement). Each batch's dictionary becomes the chain of every dictionary up to its own, and
 * its indices are moved past the values of the dictionaries before it: the values read are the same.
 */
import { type Data, DataType, type Dictionary, makeData, RecordBatch, type Struct, Vector } from "apache-arrow";
import { isPresent } from "../columns/buffers.js";
import { TableSchemaError } from "../errors.js";

/**
 * `batches` with each top-level dictionary column's dictionaries made one chain of deltas, where they are not.
 *
 * @throws TableSchemaError when a dictionary inside a column (a list's elements, a struct's
 * child) differs between batches: its indices sit under offsets and validity this writer would
 * have to rebuild, so the table is refused, saying which column, rather than written wrong.
 */
export function withDictionaryDeltas(batches: readonly RecordBatch[], identifier: string): RecordBatch[] {
  const first = batches[0];
  if (first === undefined || batches.length === 1) return [...batches];
  refuseReplacedNestedDictionaries(batches, identifier);
  const replaced = first.schema.fields.flatMap((field, k) =>
    DataType.isDictionary(field.type) && !oneChain(batches, k) ? [k] : [],
  );
  if (replaced.length === 0) return [...batches];
  const chains = new Map(replaced.map((k) => [k, [] as Data[]]));
  // A batch of no rows would still write its dictionary, as a replacement: it holds nothing to write.
  return batches
    .filter((batch) => batch.numRows > 0)
    .map((batch) => {
      const children = batch.data.children.map((column, k) => {
        const chain = chains.get(k);
        if (chain === undefined) return column;
        const shift = chain.reduce((sum, chunk) => sum + chunk.length, 0);
        chain.push(...(column.dictionary?.data ?? []));
        return shifted(
          column as Data<Dictionary>,
          shift,
          new Vector([...chain]),
          batch.schema.fields[k]!.name,
          identifier,
        );
      });
      return new RecordBatch(
        batch.schema,
        makeData({ type: batch.data.type as Struct, length: batch.numRows, nullCount: 0, children }),
      );
    });
}

function refuseReplacedNestedDictionaries(batches: readonly RecordBatch[], identifier: string): void {
  const written = batches.filter((batch) => batch.numRows > 0);
  const heads = new Map<string, unknown>();
  const visit = (data: Data, path: string, nested: boolean): void => {
    if (nested && DataType.isDictionary(data.type)) {
      const head = data.dictionary?.data[0];
      if (!heads.has(path)) heads.set(path, head);
      else if (heads.get(path) !== head) {
        throw new TableSchemaError(identifier, [
          {
            code: "incorrect_type",
            path,
            expected: "one dictionary in every record batch, which a file holds once for the column",
            found:
              "record batches with different dictionaries (a table joined with concat from tables built apart): build the column with one dictionary, or write the rows instead of the table",
          },
        ]);
      }
    }
    const suffix = DataType.isList(data.type) || DataType.isFixedSizeList(data.type) ? "[]" : "";
    data.children.forEach((child, j) => {
      const name = (data.type as DataType & { children?: { name: string }[] }).children?.[j]?.name ?? String(j);
      visit(child, suffix === "" ? `${path}.${name}` : `${path}${suffix}`, true);
    });
  };
  for (const batch of written)
    batch.data.children.forEach((column, k) => visit(column, batch.schema.fields[k]!.name, false));
}

/** Whether every batch's dictionary of column `k` starts with the first batch's first chunk (apache-arrow then writes deltas). */
function oneChain(batches: readonly RecordBatch[], k: number): boolean {
  const head = batches.find((batch) => batch.numRows > 0)?.data.children[k]?.dictionary?.data[0];
  return batches.every((batch) => batch.numRows === 0 || batch.data.children[k]?.dictionary?.data[0] === head);
}

function shifted(column: Data<Dictionary>, shift: number, dictionary: Vector, name: string, identifier: string): Data {
  const indices = column.values as unknown as ArrayLike<number | bigint> & {
    constructor: new (length: number) => unknown;
  };
  const moved = new indices.constructor(column.length) as { [i: number]: number | bigint };
  const { isSigned } = column.type.indices;
  const bitWidth = column.type.indices.bitWidth as number;
  const limit = bitWidth === 64 ? Number.MAX_SAFE_INTEGER : 2 ** (bitWidth - (isSigned ? 1 : 0)) - 1;
  for (let i = 0; i < column.length; i++) {
    // A null slot's index may be anything (the format leaves it undefined): it refers to no value.
    if (!isPresent(column, i)) {
      moved[i] = bitWidth === 64 ? 0n : 0;
      continue;
    }
    const index = Number(indices[i]) + shift;
    if (index > limit)
      throw new TableSchemaError(identifier, [
        {
          code: "incorrect_type",
          path: name,
          expected: `dictionary indices of ${column.type.indices} for the values of every batch's dictionary`,
          found: `index ${index}: its batches hold different dictionaries, which a file holds one after the other; use wider indices or one dictionary`,
        },
      ]);
    moved[i] = bitWidth === 64 ? BigInt(index) : index;
  }
  return makeData({
    type: column.type,
    offset: column.offset,
    length: column.length,
    nullCount: column.nullCount,
    nullBitmap: column.nullBitmap,
    data: moved,
    dictionary,
  } as never);
}
