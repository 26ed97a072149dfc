/**
 * The Weights values of a record batch that LegolasFlux.jl cannot read back, refused before a
 * table is written. Arrow.jl builds a Weights value from its storage with `ArrowTypes.fromarrow`,
 * which calls LegolasFlux's `Weights(v::AbstractVector{<:FlatArray})`; that takes the element type
 * from the first value of the first array, `typeof(first(first(v).vec))`, and so throws a
 * BoundsError on a value with no arrays or whose first array holds no values. An array of zero
 * dimensions (a scalar: one value, `size` empty) and an empty array after the first read fine.
 *
 * Every writer runs {@link refuseJuliaUnreadableWeights} on each batch before it writes any:
 * those of rows on the batches they encoded, that of an Arrow table on its own batches. A read
 * takes such values; julia-unreadable-rows.ts reports them ({@link unreadableWeightsIn}). Values are
 * looked for at any depth (a struct's or record's child, a list's, tuple's or map's elements, a
 * dictionary's values) where everything enclosing them is present: Julia reads nothing under a
 * missing value. A union's values are looked into through the member each child holds, as the
 * readers match them (validate/julia-containers.ts): Weights is no union's member, but a member
 * may hold it (`union<list<Weights>, int64>`).
 */
import { DataType, type Data, type Field, type RecordBatch, type Schema, type Struct } from "apache-arrow";
import type { FieldDescriptor, FieldType, SchemaVersion } from "../schema-version-types.js";
import { mayHoldKind } from "../field-types.js";
import { JuliaUnreadableWeightsError } from "../weights/errors.js";
import { isPresent, numberOffsets } from "./columns/buffers.js";
import { anyFieldType } from "./columns/decode.js";
import { unionOfChildren } from "./columns/julia-containers.js";
import { chunkIndex, dictionaryChunks } from "./columns/dictionary-chunks.js";
import { weightsStorage, weightsTypeViolations } from "./columns/weights.js";
import { unionChildMembers } from "./validate/julia-containers.js";
import { storageMatches } from "./validate/table-schema.js";

/** A Weights value Julia cannot read: where it is below the value looked into (`""`, `.weights`, `[1]`), and why. */
interface Found {
  readonly path: string;
  readonly problem: JuliaUnreadableWeightsError["problem"];
  readonly firstSize: readonly number[];
}

/** Such a value in a batch: the row holding it (its index in the batch) and its place in the row (`weights`, `runs[1].weights`). */
export interface UnreadableWeights extends Found {
  readonly row: number;
}

/** What finds, in the values of one batch's column, the first such Weights value inside value `index`. */
type Finder = (data: Data) => (index: number) => Found | null;

/** A column (or child) that may hold Weights, and how to look into it. */
interface Looked {
  readonly name: string;
  readonly index: number;
  readonly find: Finder;
}

const FINDERS = new WeakMap<Schema, { readonly version: SchemaVersion<object, never>; readonly columns: Looked[] }>();

/**
 * Throws for a row of `batch` (whose first is row `firstRowIndex` of the table) that holds, at
 * any depth, a Weights value with no arrays or whose first array holds no values: the first such
 * row of the first column that has one.
 *
 * @throws JuliaUnreadableWeightsError naming the row, the value's place and what to write instead.
 */
export function refuseJuliaUnreadableWeights(
  schemaVersion: SchemaVersion<object, never>,
  batch: RecordBatch,
  firstRowIndex: number,
): void {
  for (const { row, path, problem, firstSize } of unreadableWeightsIn(schemaVersion, batch))
    throw new JuliaUnreadableWeightsError(schemaVersion.identifier, firstRowIndex + row, path, problem, firstSize);
}

/**
 * Each such Weights value of `batch`, column by column, row by row within a column: the first in
 * each row's value of a column (a list of them gives its first).
 */
export function* unreadableWeightsIn(
  schemaVersion: SchemaVersion<object, never>,
  batch: RecordBatch,
): Generator<UnreadableWeights> {
  let compiled = FINDERS.get(batch.schema);
  if (compiled?.version !== schemaVersion) {
    compiled = { version: schemaVersion, columns: lookedInto(schemaVersion.fields, batch.schema.fields) };
    FINDERS.set(batch.schema, compiled);
  }
  if (batch.numRows === 0) return;
  for (const { name, index, find } of compiled.columns) {
    const at = find(batch.data.children[index]!);
    for (let row = 0; row < batch.numRows; row++) {
      const found = at(row);
      if (found !== null) yield { ...found, row, path: name + found.path };
    }
  }
}

/** The fields among `declared` that may hold Weights, matched by name to the `stored` ones. */
function lookedInto(declared: readonly FieldDescriptor[], stored: readonly Field[]): Looked[] {
  return declared.flatMap((field) => {
    const index = stored.findIndex((column) => column.name === field.name);
    const find = index < 0 ? null : finderOf(field.type, stored[index]!);
    return find === null ? [] : [{ name: field.name, index, find }];
  });
}

/** The finder of values of `type` stored as `column`; `null` where none can hold Weights. */
function finderOf(type: FieldType, column: Field): Finder | null {
  // An `any` column reads as its storage's type, a Weights storage labelled as one included.
  const resolved = type.kind === "any" ? anyFieldType(column) : type;
  if (!mayHoldKind(resolved, HOLDING_WEIGHTS)) return null;
  const arrowType = column.type as DataType;
  if (DataType.isDictionary(arrowType)) {
    const values = finderOf(resolved, column.clone({ type: arrowType.dictionary }));
    return values === null ? null : dictionaryFinder(values);
  }
  const children = (arrowType.children ?? []) as Field[];
  switch (resolved.kind) {
    case "weights":
      // Unvalidated, an Arrow table may hold another storage here, which is no Weights to Julia either.
      return weightsTypeViolations("", arrowType).length === 0 ? weightsFinder(arrowType as Struct) : null;
    case "struct":
      return childrenFinder(lookedInto(resolved.fields, children), (child) => `.${child.name}`);
    case "record":
      return childrenFinder(lookedInto(resolved.schemaVersion().fields, children), (child) => `.${child.name}`);
    case "tuple":
      // Arrow.jl's Struct of "1", "2", ..., read by position.
      return childrenFinder(positional(resolved.elements, children), atPosition);
    case "ntuple":
      // A FixedSizeList, or Arrow.jl's Struct of "1", "2", ... (columns/decode.ts `ntupleAsTuple`).
      if (DataType.isStruct(arrowType))
        return childrenFinder(
          positional(
            children.map(() => resolved.element),
            children,
          ),
          atPosition,
        );
      return listFinder(resolved.element, arrowType);
    case "list":
    case "vector":
    case "set":
      return listFinder(resolved.element, arrowType);
    case "union":
      return unionFinder(resolved, column);
    case "map": {
      // A List of key-value Structs, read by position.
      if (!DataType.isMap(arrowType)) return null;
      const parts = (children[0]!.type as Struct).children;
      return elementsFinder(childrenFinder(positional([resolved.key, resolved.value], parts), atPosition));
    }
    default:
      return null;
  }
}

/** The kinds whose values may be Weights: an `any` may, as its storage says. */
const HOLDING_WEIGHTS: ReadonlySet<FieldType["kind"]> = new Set(["weights", "any"]);

/** `types` matched to the `stored` children in order, each named by its position. */
function positional(types: readonly FieldType[], stored: readonly Field[]): Looked[] {
  return types.flatMap((type, index) => {
    const find = stored[index] === undefined ? null : finderOf(type, stored[index]);
    return find === null ? [] : [{ name: String(index), index, find }];
  });
}

function weightsFinder(arrowType: Struct): Finder {
  const storageOf = weightsStorage(arrowType);
  return (data) => {
    const { arrayOffsets, vecOffsets, sizeOffsets, sizes } = storageOf(data);
    return (i) => {
      if (!isPresent(data, i)) return null;
      const first = arrayOffsets[i]!;
      if (first === arrayOffsets[i + 1]) return { path: "", problem: "no_arrays", firstSize: [] };
      if (vecOffsets[first] !== vecOffsets[first + 1]) return null;
      const firstSize = Array.from(sizes.subarray(sizeOffsets[first]!, sizeOffsets[first + 1]!), Number);
      return { path: "", problem: "empty_first_array", firstSize };
    };
  };
}

/** A struct's (or tuple's) values looked into child by child, the struct present; `step` names a child's place. */
function childrenFinder(children: readonly Looked[], step: (child: Looked) => string): Finder | null {
  if (children.length === 0) return null;
  return (data) => {
    const within = children.map((child) => ({ step: step(child), at: child.find(data.children[child.index]!) }));
    return (i) => {
      if (!isPresent(data, i)) return null;
      for (const { step, at } of within) {
        const found = at(i);
        if (found !== null) return { ...found, path: step + found.path };
      }
      return null;
    };
  };
}

const atPosition = (child: Looked) => `[${child.index}]`;

/** The finder of lists of `element` stored as `arrowType`: a storage whose offsets `numberOffsets` reads, else none (unvalidated, a table may hold another). */
function listFinder(element: FieldType, arrowType: DataType): Finder | null {
  const lists = DataType.isList(arrowType) || DataType.isLargeList(arrowType) || DataType.isFixedSizeList(arrowType);
  return lists ? elementsFinder(finderOf(element, (arrowType.children as Field[])[0]!)) : null;
}

/** A list's (or map's) values looked into element by element, the list present; `null` when its elements hold no Weights. */
function elementsFinder(elements: Finder | null): Finder | null {
  if (elements === null) return null;
  return (data) => {
    const offsets = numberOffsets(data);
    const at = elements(data.children[0]!);
    return (i) => {
      if (!isPresent(data, i)) return null;
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        const found = at(j);
        if (found !== null) return { ...found, path: `[${j - offsets[i]!}]${found.path}` };
      }
      return null;
    };
  };
}

/**
 * The finder of a union's values stored as `column`: a DenseUnion's or SparseUnion's through the
 * child each value is in, or a plain column of one member's storage (a child schema's narrowing)
 * as that member; none where no member's storage matches (unvalidated, a table may hold another).
 */
function unionFinder(type: Extract<FieldType, { kind: "union" }>, column: Field): Finder | null {
  const arrowType = column.type as DataType;
  if (!DataType.isUnion(arrowType)) {
    const member = type.members.find((m) => storageMatches(m, arrowType, column));
    return member === undefined ? null : finderOf(member, column);
  }
  const members = unionChildMembers(type, arrowType, storageMatches);
  const children = arrowType.children as Field[];
  const finders = (members ?? []).map((m, k) => (m === null ? null : finderOf(type.members[m]!, children[k]!)));
  return finders.some((find) => find !== null) ? unionOfChildren(arrowType, finders) : null;
}

/** A dictionary-encoded column's values looked into through their indices (each chunk of the dictionary once). */
function dictionaryFinder(values: Finder): Finder {
  return (data) => {
    const dictionary = dictionaryChunks(data.dictionary);
    if (dictionary === null) return () => null;
    const { chain, count } = dictionary;
    const chunks = chain.chunks.slice(0, count).map(values);
    const indices = data.values as ArrayLike<number | bigint>;
    return (i) => {
      if (!isPresent(data, i)) return null;
      const index = Number(indices[i]);
      const k = chunkIndex(dictionary, index);
      return chunks[k]!(index - chain.starts[k]!);
    };
  };
}
