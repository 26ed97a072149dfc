/**
 * The half of column-level validation that reads data: how many nulls stand where a value is
 * required, at any depth. The other half, table-schema.ts, reads only the columns' types. The
 * counts are summed batch by batch, so a table too large to hold is checked as it streams past.
 */
import { DataType, type Data, type Field, type RecordBatch, type Struct } from "apache-arrow";
import { formatFieldType, typedArrayName, type FieldDescriptor, type FieldType } from "../../field-types.js";
import type { Violation } from "../../violations.js";
import { WEIGHTS_ARRAYS } from "../schema.js";
import { bitmapNullCount, isPresent } from "../columns/buffers.js";
import {
  chunkIndex,
  dictionaryChunks,
  dictionaryHasNulls,
  dictionaryValueIsNull,
  type DictionaryChunks,
} from "../columns/dictionary-chunks.js";

/**
 * The null check that needs data, over `batches` (checked by guard/data-bounds.ts): a required
 * field without a default holding nulls, at any depth (a struct's or a record's required child,
 * a list's elements, any part of a Weights value), counted only where every
 * enclosing value is present (a child of a missing struct is null by construction). Legolas.jl types a column by its
 * values, so a nullable column for a required field passes when it holds no null. Columns without
 * nulls cost nothing: only a part that has nulls is visited value by value.
 *
 * Each is reported as the row class reports it in a row (its code, path and expected type),
 * once for the whole column, with how many nulls it found: a missing value, or, where a list is
 * held as one typed array (`list<float32>`, ...), the whole list of another type (an array with a null in it);
 * within a Weights value, no Weights value (naming the part: `1 null at arrays[].vec`).
 */
export function nullViolations(batches: readonly RecordBatch[], fields: readonly FieldDescriptor[]): Violation[] {
  const counter = new NullCounter(fields);
  for (const batch of batches) counter.add(batch);
  return counter.violations();
}

/** {@link nullViolations} counted batch by batch: the counts are summed over the batches added. */
export class NullCounter {
  private readonly counts: NullCounts = new Map();

  constructor(private readonly fields: readonly FieldDescriptor[]) {}

  add(batch: RecordBatch): void {
    // An empty batch may carry no child data at all.
    if (batch.numRows === 0) return;
    checkNullsIn("", this.fields, batch.schema.fields, batch.data.children, batch.numRows, null, this.counts);
  }

  violations(): Violation[] {
    return [...this.counts.values()].flatMap(({ path, type, within, nulls, nullElements }) => {
      const expected = formatFieldType(type);
      const violations: Violation[] = [];
      if (within !== undefined) {
        // The row class finds no Weights value there at all (weightsProblem says which part is null).
        if (nulls > 0) violations.push({ code: "incorrect_type", path, expected, found: nullsAt(nulls, within) });
        if (nullElements > 0)
          violations.push({ code: "incorrect_type", path, expected, found: nullsAt(nullElements, `${within}[]`) });
        return violations;
      }
      // A null element (`tags[]`, `span[1]`) is of the wrong type, as the row class says: only a field is missing.
      const code = path.endsWith("]") ? "incorrect_type" : "missing_field";
      if (nulls > 0) violations.push({ code, path, expected, found: counted(nulls, "null") });
      if (nullElements > 0)
        violations.push({ code: "incorrect_type", path, expected, found: counted(nullElements, "null element") });
      return violations;
    });
  }
}

const nullsAt = (n: number, within: string): string => `${counted(n, "null")} at ${within}`;

const counted = (n: number, what: string): string => `${n} ${what}${n === 1 ? "" : "s"}`;

/** Which of the first slots of a `Data` lie inside present values of everything enclosing it (1); `null`: all of them. */
export type Visible = Uint8Array | null;

/**
 * The nulls of the value of `type` at `path`, and those among its elements where it is a
 * typed-array list; for a Weights value, those `within` it (at `arrays[].vec`, say), each part apart.
 */
interface NullCount {
  readonly path: string;
  readonly type: FieldType;
  readonly within?: string;
  nulls: number;
  nullElements: number;
}

/** The null counts by path (and part within a Weights value). */
type NullCounts = Map<string, NullCount>;

function countAt(counts: NullCounts, path: string, type: FieldType, what: "nulls" | "nullElements", n: number): void {
  addCount(counts, { path, type, nulls: 0, nullElements: 0 }, what, n);
}

function addCount(counts: NullCounts, at: NullCount, what: "nulls" | "nullElements", n: number): void {
  if (n === 0) return;
  const key = at.within === undefined ? at.path : `${at.path} ${at.within}`;
  let count = counts.get(key);
  if (count === undefined) counts.set(key, (count = { ...at }));
  count[what] += n;
}

/**
 * `slots`: how many of each `Data`'s first values the enclosing values refer to. Only those are
 * looked at: the rest (a child of an empty struct, say) is not checked by guard/data-bounds.ts and
 * may claim any length.
 */
function checkNullsIn(
  prefix: string,
  declared: readonly FieldDescriptor[],
  found: readonly Field[],
  data: readonly Data[],
  slots: number,
  visible: Visible,
  counts: NullCounts,
): void {
  for (const field of declared) {
    const index = found.findIndex((f) => f.name === field.name);
    const child = data[index];
    if (index < 0 || child === undefined) continue;
    // A default fills a missing value in a row, as the row class's conversion does (a default
    // that breaks the field's rules is the value scans' to refuse, column-scan.ts).
    const required = !field.optional && field.default === undefined;
    checkNulls(prefix + field.name, field.type, required, child, slots, visible, counts);
  }
}

function checkNulls(
  path: string,
  type: FieldType,
  required: boolean,
  data: Data,
  slots: number,
  visible: Visible,
  counts: NullCounts,
): void {
  // A Null column is refused by the column check where the field is required.
  if (slots === 0 || DataType.isNull(data.type)) return;
  if (required) countAt(counts, path, type, "nulls", missingValues(data, slots, visible));
  if (DataType.isDictionary(data.type)) return checkDictionaryValues(path, type, data, slots, visible, counts);
  const fields = childFields(type);
  const inside = () => (bitmapNullCount(data) > 0 ? presentAndVisible(data, slots, visible) : visible);
  const first = data.children[0];
  if (type.kind === "weights" && DataType.isStruct(data.type)) {
    checkWeightsNulls(path, type, data, slots, inside(), counts);
  } else if (fields !== null && DataType.isStruct(data.type)) {
    checkNullsIn(`${path}.`, fields, data.type.children, data.children, slots, inside(), counts);
  } else if (
    (type.kind === "list" || type.kind === "vector" || type.kind === "set") &&
    (DataType.isList(data.type) || DataType.isLargeList(data.type)) &&
    first !== undefined
  ) {
    // The first `slots` lists hold the child's values up to offsets[slots] (guard/data-bounds.ts checked it is within the child).
    const elements = Number((data.valueOffsets as Int32Array | BigInt64Array)[slots]);
    const shown = listElementsVisible(data, slots, inside());
    checkElements(path, type, first, elements, shown, counts);
  } else if (type.kind === "ntuple" && DataType.isFixedSizeList(data.type) && first !== undefined) {
    const { length } = type;
    const shown = spread(inside(), length);
    checkElements(path, type, first, slots * length, shown, counts);
  } else if (type.kind === "tuple" && DataType.isStruct(data.type)) {
    const parts = inside();
    type.elements.forEach((element, k) => {
      const part = data.children[k];
      if (part !== undefined) checkNulls(`${path}[${k}]`, element, holdsNoNull(element), part, slots, parts, counts);
    });
  } else if (type.kind === "map" && DataType.isMap(data.type) && first !== undefined) {
    // A Map is a list of (key, value) entries: neither may be null where the map is present.
    const entries = Number((data.valueOffsets as Int32Array)[slots]);
    const present = listElementsVisible(data, slots, inside());
    [type.key, type.value].forEach((part, k) => {
      const column = first.children[k];
      if (column !== undefined)
        checkNulls(`${path}[][${k}]`, part, holdsNoNull(part), column, entries, present, counts);
    });
  }
}

/**
 * The nulls inside the dictionary values that the visible, present slots of a dictionary-encoded
 * `data` refer to (Arrow.jl's `dictencode=true` encodes lists, structs and records too): each
 * chunk of the dictionary is checked as a column whose visible values are those referred to, so
 * a value that many rows share counts once. A scalar's value has no inside.
 */
function checkDictionaryValues(
  path: string,
  type: FieldType,
  data: Data,
  slots: number,
  visible: Visible,
  counts: NullCounts,
): void {
  const dictionary = dictionaryChunks(data.dictionary);
  if (dictionary === null || !hasParts(type)) return;
  const { chain, count } = dictionary;
  const chunks = chain.chunks.slice(0, count);
  const referred = chunks.map((chunk) => new Uint8Array(chunk.length));
  const indices = data.values as ArrayLike<number | bigint>;
  for (let i = 0; i < slots; i++) {
    if ((visible !== null && visible[i] !== 1) || !isPresent(data, i)) continue;
    const index = Number(indices[i]);
    const k = chunkIndex(dictionary, index);
    referred[k]![index - chain.starts[k]!] = 1;
  }
  chunks.forEach((chunk, k) => checkNulls(path, type, false, chunk, chunk.length, referred[k]!, counts));
}

/** Whether a value of `type` has parts that may hold nulls of their own (a container, a struct or record, Weights). */
function hasParts(type: FieldType): boolean {
  return childFields(type) !== null || CONTAINER_KINDS.has(type.kind);
}

const CONTAINER_KINDS: ReadonlySet<FieldType["kind"]> = new Set([
  "weights",
  "list",
  "vector",
  "set",
  "ntuple",
  "tuple",
  "map",
]);

/**
 * The nulls within the Weights values at `path`, at any depth of their storage, counted by the
 * part that holds them, named as the value's (`arrays[].vec`): a Weights value with a null in it
 * is no Weights value, as the row class says.
 */
function checkWeightsNulls(
  path: string,
  type: FieldType,
  data: Data,
  slots: number,
  visible: Visible,
  counts: NullCounts,
): void {
  const list = data.children[(data.type as Struct).children.findIndex((child) => child.name === "weights")];
  if (list === undefined) return;
  const within: NullCounts = new Map();
  checkNulls("arrays", WEIGHTS_ARRAYS, true, list, slots, visible, within);
  for (const count of within.values()) {
    for (const what of ["nulls", "nullElements"] as const)
      addCount(counts, { path, type, within: count.path, nulls: 0, nullElements: 0 }, what, count[what]);
  }
}

/**
 * The elements (`data`) of the lists of `type` at `path`. A row holds a list of numbers as one
 * typed array, which a null element keeps it from being: the row class reports the list, of
 * another type. Any other list's null element is a missing value of its own.
 */
function checkElements(
  path: string,
  type: Extract<FieldType, { kind: "list" | "vector" | "ntuple" | "set" }>,
  data: Data,
  slots: number,
  visible: Visible,
  counts: NullCounts,
): void {
  if (type.kind !== "set" && typedArrayName(type.element) !== null)
    countAt(counts, path, type, "nullElements", missingValues(data, slots, visible));
  else checkNulls(`${path}[]`, type.element, holdsNoNull(type.element), data, slots, visible, counts);
}

/** How many of the first `slots` values of `data` that are visible are missing: null, or (dictionary-encoded) indexing a null. */
export function missingValues(data: Data, slots: number, visible: Visible): number {
  const dictionary = DataType.isDictionary(data.type) ? dictionaryChunks(data.dictionary) : null;
  if (dictionary !== null && dictionaryHasNulls(dictionary))
    return countDictionaryNulls(data, dictionary, slots, visible);
  if (bitmapNullCount(data) === 0) return 0;
  return visible === null && slots === data.length ? data.nullCount : countNulls(data, slots, visible);
}

/** The nulls among the first `slots` values of `data` that are visible. */
function countNulls(data: Data, slots: number, visible: Visible): number {
  const { nullBitmap, offset } = data;
  let nulls = 0;
  // Nulls without a bitmap: a column of the Null type, every value of which is null.
  if (nullBitmap === undefined || nullBitmap.length === 0) {
    for (let i = 0; i < slots; i++) if (visible === null || visible[i] === 1) nulls++;
    return nulls;
  }
  for (let i = 0; i < slots; i++) {
    const bit = offset + i;
    if ((visible === null || visible[i] === 1) && (nullBitmap[bit >> 3]! & (1 << (bit & 7))) === 0) nulls++;
  }
  return nulls;
}

/** The visible values among the first `slots` of a dictionary-encoded `data` that are null or index a null. */
function countDictionaryNulls(data: Data, dictionary: DictionaryChunks, slots: number, visible: Visible): number {
  const { nullBitmap, offset } = data;
  const indices = data.values as ArrayLike<number | bigint>;
  let nulls = 0;
  for (let i = 0; i < slots; i++) {
    if (visible !== null && visible[i] !== 1) continue;
    const bit = offset + i;
    const absent = data.nullCount > 0 && (nullBitmap[bit >> 3]! & (1 << (bit & 7))) === 0;
    // apache-arrow's slice cuts the indices to start at the slice; its validity bitmap keeps the offset.
    if (absent || dictionaryValueIsNull(dictionary, Number(indices[i]))) nulls++;
  }
  return nulls;
}

/** Which of the first `slots` values of `data` are visible and not null themselves. */
export function presentAndVisible(data: Data, slots: number, visible: Visible): Uint8Array {
  const { nullBitmap, offset } = data;
  const out = new Uint8Array(slots);
  for (let i = 0; i < slots; i++) {
    const bit = offset + i;
    out[i] = (visible === null || visible[i] === 1) && (nullBitmap[bit >> 3]! & (1 << (bit & 7))) !== 0 ? 1 : 0;
  }
  return out;
}

function childFields(type: FieldType): readonly FieldDescriptor[] | null {
  switch (type.kind) {
    case "struct":
      return type.fields;
    case "record":
      return type.schemaVersion().fields;
    default:
      return null;
  }
}

/** Whether an element of `type` must hold a value: any but `any`, which holds `missing` too. */
function holdsNoNull(type: FieldType): boolean {
  return type.kind !== "any";
}

/** Each of `visible`'s slots `length` times: the elements of fixed-size lists where the lists are visible. */
export function spread(visible: Visible, length: number): Visible {
  if (visible === null) return null;
  const mask = new Uint8Array(visible.length * length);
  visible.forEach((shown, row) => {
    if (shown === 1) mask.fill(1, row * length, (row + 1) * length);
  });
  return mask;
}

/** Which elements of a list column's child lie in its first `slots` lists, where those are visible. */
export function listElementsVisible(list: Data, slots: number, visible: Visible): Visible {
  const offsets = list.valueOffsets as Int32Array | BigInt64Array;
  // apache-arrow's slice cuts a list's offsets but keeps its child whole: the elements before
  // the first offset belong to lists outside the slice.
  const first = Number(offsets[0]);
  if (visible === null && first === 0) return null;
  const mask = new Uint8Array(Number(offsets[slots]));
  if (visible === null) return mask.fill(1, first);
  for (let row = 0; row < slots; row++) {
    if (visible[row] === 1) mask.fill(1, Number(offsets[row]), Number(offsets[row + 1]));
  }
  return mask;
}
