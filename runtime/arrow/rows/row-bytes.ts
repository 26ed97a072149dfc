/**
 * About how many bytes a row holds, for the streaming writer to end a record batch by its size as
 * well as its row count, counted on the row as the writer checked it (write-bytes.ts
 * `RowBatcher`): the bytes of its typed arrays (a Weights value's arrays, binary values), a byte
 * per code unit of its strings and 8 per item of its lists, at the depths where row values hold
 * them (a Weights value's arrays are four levels below the row). Not exact: a bound on what a
 * batch of such rows holds, counted in one pass over the values.
 */

/** Levels below a row at which values are counted: row, Weights, its `arrays`, a FlatArray, its `vec`. */
const DEPTH = 4;

/**
 * About how many bytes `row` holds (see the module's comment); `Infinity` for a row whose values
 * cannot be read (a getter or a Proxy's trap that throws): its batch ends with it, and the
 * encoder's validation reports it as any writer does, a `RowValidationError` naming its row.
 */
export function rowBytes(row: unknown): number {
  try {
    return bytesOf(row, DEPTH);
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function bytesOf(value: unknown, depth: number): number {
  if (typeof value === "string") return value.length;
  if (typeof value !== "object" || value === null) return 0;
  if (ArrayBuffer.isView(value)) return value.byteLength;
  if (depth === 0) return 0;
  let bytes = 0;
  if (Array.isArray(value)) {
    for (const item of value) bytes += typeof item === "object" ? bytesOf(item, depth - 1) : 8;
    return bytes;
  }
  // `for ... in`, not Object.values: no array made per row (it cost a streamed write of small rows 20%).
  for (const key in value) bytes += bytesOf((value as Record<string, unknown>)[key], depth - 1);
  return bytes;
}
