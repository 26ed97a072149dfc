/**
 * apache-arrow's own text values decoded by columns/utf8.ts's `decodeUtf8`, so a string that
 * begins with U+FEFF reads back whole from the Arrow objects a read hands over (`result.table`,
 * a batch's `batch`, the containers in `result.columns`), as it does from rows. apache-arrow 21
 * decodes Utf8, LargeUtf8 and Utf8View with `new TextDecoder("utf-8")` (util/utf8.mjs), which
 * drops a leading U+FEFF as a byte order mark; Julia keeps it as part of the value.
 *
 * apache-arrow reaches its text getters two ways, and both are replaced:
 * - by name, `getVisitor.visit(data, i)`, from StructRow and MapRow values and inside unions:
 *   the getters on `GetVisitor.prototype`;
 * - cached when vector.mjs loads, long before this can run: each Vector's `get` (an own closure
 *   for one chunk, a non-writable method of a per-type prototype for several). So each Vector
 *   of text gets its own `get`, given when its constructor assigns `data`, which it does for
 *   every Vector (a table's column, a list's entries, a map's keys, a slice).
 * A value's bytes are found as apache-arrow finds them (a Utf8View's by its BinaryView getter,
 * the same layout), so every answer is apache-arrow's but for the kept U+FEFF; invalid UTF-8
 * decodes to U+FFFD as TextDecoder does (test/runtime/arrow/leading-bom-arrow.test.ts).
 *
 * Installed once per apache-arrow by every path that reads tables (read-bytes.ts,
 * file-batch-reader.ts), before apache-arrow makes the table: every Vector a read hands over is
 * made after it. It holds for the app's own apache-arrow text too (a Vector made before the first
 * read keeps apache-arrow's `get`).
 */
import { type Data, type DataType, Type, Vector } from "apache-arrow";
import { bigIntToNumber } from "apache-arrow/util/bigint";
import { wrapChunkedCall1 } from "apache-arrow/util/chunk";
import { GetVisitor } from "apache-arrow/visitor/get";
import { decodeUtf8 } from "../columns/utf8.js";

type Getter = (data: Data, index: number) => unknown;

const INSTALLED = Symbol.for("legolas-ts/arrow-text");

/**
 * A Utf8 or LargeUtf8 value, as apache-arrow's `getUtf8` finds its bytes. The decoder reads the
 * range itself (Node's without making a view first: 1.7x apache-arrow's speed); offsets outside
 * the values, which only hand-made data holds (a read's guard/data-bounds.ts refuses them), are
 * clamped by `subarray` as apache-arrow's are.
 */
const getUtf8: Getter = (data, index) => {
  if (!data.getValid(index)) return null;
  const offsets = data.valueOffsets as ArrayLike<number | bigint>;
  if (index + 1 >= offsets.length) return null;
  const values = data.values as Uint8Array;
  const start = bigIntToNumber(offsets[index]!);
  const end = bigIntToNumber(offsets[index + 1]!);
  if (0 <= start && start <= end && end <= values.length) return decodeUtf8(values, start, end);
  const bytes = values.subarray(start, end);
  return decodeUtf8(bytes, 0, bytes.length);
};

/** Makes apache-arrow decode text with `decodeUtf8`; idempotent. */
export function useUtf8DecoderInArrow(): void {
  const getters = GetVisitor.prototype as unknown as Record<string, Getter> & Record<symbol, unknown>;
  if (getters[INSTALLED] === true) return;
  // A Utf8View's bytes as apache-arrow finds them (its BinaryView getter: the same layout).
  const viewBytes = getters.visitBinaryView!;
  const getUtf8View: Getter = (data, index) => {
    const bytes = viewBytes(data, index) as Uint8Array | null;
    return bytes === null ? null : decodeUtf8(bytes, 0, bytes.length);
  };
  getters.visitUtf8 = getUtf8;
  getters.visitLargeUtf8 = getUtf8;
  getters.visitUtf8View = getUtf8View;
  const byTypeId = new Map<Type, Getter>([
    [Type.Utf8, getUtf8],
    [Type.LargeUtf8, getUtf8],
    [Type.Utf8View, getUtf8View],
  ]);
  giveVectorsOfText((type) => byTypeId.get(type.typeId));
  getters[INSTALLED] = true;
}

/** Where a Vector keeps its `data` once `giveVectorsOfText` has made `data` an accessor. */
const DATA = Symbol("legolas-ts/arrow-text/data");

/**
 * Lets `getterOf` give a Vector its `get` when the Vector's constructor assigns its `data`, after
 * it has set its one-chunk closure or its per-type prototype. The assignment lands on a setter
 * on `Vector.prototype`, which keeps `data` under a symbol: defining an own `data` property
 * instead doubled the cost of making a Vector, which apache-arrow does for every list value it
 * gets (a List<Float32>'s `get(i)`: 170 ns, 410 ns with `Object.defineProperty`, 176 ns so).
 */
function giveVectorsOfText(getterOf: (type: DataType) => Getter | undefined): void {
  const defaultData = (Vector.prototype as { data: readonly Data[] }).data;
  type Hooked = Vector & { [DATA]?: readonly Data[] };
  Object.defineProperty(Vector.prototype, "data", {
    configurable: true,
    get(this: Hooked) {
      return this[DATA] ?? defaultData;
    },
    set(this: Hooked, data: readonly Data[]) {
      this[DATA] = data;
      const getter = data.length > 0 ? getterOf(data[0]!.type) : undefined;
      if (getter === undefined) return;
      if (data.length === 1) {
        // The constructor's own closure, replaced in place.
        const only = data[0]!;
        (this as { get: (index: number) => unknown }).get = (index) => getter(only, index);
      } else {
        // The per-type prototype's `get` is not writable; an own property still shadows it,
        // hidden as the method is, and redefinable (MemoizedVector, `memoize()`, redefines it).
        Object.defineProperty(this, "get", { value: wrapChunkedCall1(getter), writable: true, configurable: true });
      }
    },
  });
}
