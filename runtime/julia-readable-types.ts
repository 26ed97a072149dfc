/**
 * Whether Legolas.jl can read any table of a field type: a declaration no Julia table satisfies
 * would have legolas-ts write files Julia refuses (DESIGN.md: we write what Julia reads).
 *
 * `Legolas.validate` asks the type Arrow.jl reads a column as to be a subtype of the declared
 * one (Legolas.jl src/schemas.jl, `_check_for_expected_field`, after `accepted_field_type`), and
 * Arrow.jl reads concrete types only (arrow-julia src/eltypes.jl, `juliaeltype`): an `Int64`,
 * never an `Integer`; a List as a `Vector`, never an `AbstractVector`. Julia's parametric types
 * are invariant, so wherever a type stands as a parameter of `Vector`, `AbstractVector`, `Set`,
 * `Dict` or a `NamedTuple`, what Arrow.jl reads must be exactly it: `Vector{Int64}` is no
 * `AbstractVector{Integer}`. Tuples and unions are covariant: their parts need only be
 * subtypes. A field's own `list<T>` is `Vector{T}`, which `accepted_field_type` widens to
 * `AbstractVector{<:T}` (and so on into its elements), so `list<integer>` reads a List of Int64.
 *
 * One more twist: Arrow.jl builds a List column, and a List directly inside it (and so on
 * down), as a SubArray of its child (src/table.jl, `build` of ListTypes, since Arrow.jl 2.6),
 * where a List anywhere else (in a struct, a map, a tuple) is typed by `juliaeltype` as a
 * `Vector`. So `vector<list<int64>>` reads as a vector of SubArrays, no `AbstractVector{Vector{Int64}}`,
 * while `map<string, list<list<int64>>>` reads as exactly that `Dict`.
 */
import { whyJuliaRefusesTimeZone } from "./arrow/time-zones.js";
import { formatFieldType, type DeclaredFieldType } from "./field-types.js";
import { containedTypes, isJuliaContainer } from "./julia-containers.js";

/** Where a type stands in its field, as Legolas.jl compares it with what Arrow.jl reads. */
interface Place {
  /** Stands as a parameter of an invariant type: what Arrow.jl reads must be exactly it. */
  readonly exact: boolean;
  /** Is the column, or a List of the column's chain of Lists, which Arrow.jl reads as a SubArray. */
  readonly listChain: boolean;
}

/** A field of a schema version (`accepted_field_type` applies), or the child of an inline struct. */
export type FieldPlace = "version" | "struct";

/**
 * Why no file Julia reads has a field of `type` (the field's whole type), with what to write
 * instead; `null` when some file has.
 */
export function juliaUnreadable(type: DeclaredFieldType, place: FieldPlace): string | null {
  const start: Place = { exact: place === "struct", listChain: place === "version" };
  const why = firstProblem(type, start);
  if (why === null) return null;
  const instead = [...new Set([rewrite(type, start, false), rewrite(type, start, true)])].filter(
    (text): text is string => text !== null,
  );
  const accepted =
    place === "version" && instead.some((text) => text.startsWith("list<")) && type.kind === "vector"
      ? " (a field's own list<T> is Julia's Vector{T}, which Legolas.jl accepts as any AbstractVector{<:T})"
      : "";
  return (
    `type ${formatFieldType(type)}${place === "struct" ? " (an inline struct's child)" : ""} is no type Julia reads: ${why}, ` +
    `so Legolas.read refuses every file of it, Julia's own included; write ${instead.join(" or ")}${accepted}`
  );
}

/**
 * Why no file Julia reads has the field `name` of `type` (a version's own field), as `legolas
 * generate` refuses a YAML one (rule `julia-unreadable`): its type, an inline struct's child's
 * type, a time zone TimeZones.jl refuses (at any depth); `null` when some file has. A record's
 * fields are its own version's to check.
 */
export function juliaUnreadableField(name: string, type: DeclaredFieldType): string | null {
  const why = juliaUnreadable(type, "version") ?? unreadableWithin(type);
  return why === null ? null : `field ${JSON.stringify(name)}: ${why}`;
}

/** Why Julia reads no file of a part of `type`: a struct's child, a time zone. */
function unreadableWithin(type: DeclaredFieldType): string | null {
  if (type.kind === "timestamp" && type.timezone !== null) {
    const refused = whyJuliaRefusesTimeZone(type.timezone);
    if (refused !== null) return `time zone ${refused}`;
  }
  if (type.kind === "struct") {
    for (const child of type.fields) {
      const why = juliaUnreadable(child.type, "struct") ?? unreadableWithin(child.type);
      if (why !== null) return `child ${JSON.stringify(child.name)}: ${why}`;
    }
    return null;
  }
  const parts = type.kind === "list" ? [type.element] : isJuliaContainer(type) ? containedTypes(type) : [];
  for (const part of parts) {
    const why = unreadableWithin(part);
    if (why !== null) return why;
  }
  return null;
}

/** The parts of `type` and where each stands; none for a type that holds no other. */
function partsOf(type: DeclaredFieldType, place: Place): [DeclaredFieldType, Place][] {
  const invariant = { exact: true, listChain: false };
  const covariant = place.exact ? invariant : { exact: false, listChain: false };
  switch (type.kind) {
    case "list":
      // accepted_field_type widens the field's own list, and the lists of its chain, to AbstractVector{<:T}.
      return [[type.element, isWidened(place) ? place : invariant]];
    case "vector":
      return [[type.element, { exact: true, listChain: place.listChain }]];
    case "set":
      return [[type.element, invariant]];
    case "map":
      return [
        [type.key, invariant],
        [type.value, invariant],
      ];
    case "tuple":
      return type.elements.map((element) => [element, covariant]);
    case "union":
      return type.members.map((member) => [member, covariant]);
    case "ntuple":
      return [[type.element, covariant]];
    default:
      // A struct's children are checked where they are declared; a record is read as its own type.
      return [];
  }
}

/** The field's own type, or an element of its chain of lists: where `accepted_field_type` widens a `list`. */
function isWidened(place: Place): boolean {
  return !place.exact && place.listChain;
}

/** Whether Arrow.jl reads exactly `type` where it stands, parts included. */
function readsExactly(type: DeclaredFieldType, place: Place): boolean {
  if (type.kind === "abstract" || type.kind === "vector" || (type.kind === "list" && place.listChain)) return false;
  return partsOf(type, place).every(([part, partPlace]) => readsExactly(part, partPlace));
}

function firstProblem(type: DeclaredFieldType, place: Place): string | null {
  if (place.exact && !readsExactly(type, place)) return notExact(type, place, null);
  for (const [part, partPlace] of partsOf(type, place)) {
    if (partPlace.exact && !readsExactly(part, partPlace)) return notExact(part, partPlace, type);
    const inner = firstProblem(part, partPlace);
    if (inner !== null) return inner;
  }
  return null;
}

/** Why `part`, standing as an invariant parameter of `holder` (of the struct it is a child of: `null`), is refused. */
function notExact(part: DeclaredFieldType, place: Place, holder: DeclaredFieldType | null): string {
  const asSubArray = place.listChain && (part.kind === "list" || part.kind === "vector");
  const read = asSubArray
    ? `Arrow.jl reads a List inside a List as a SubArray (a view of the inner List's values), no ${juliaType(part, false)}`
    : `Arrow.jl reads ${formatFieldType(part)} as ${juliaType(part, true)}`;
  if (holder === null)
    return `${read}, and a NamedTuple (an inline struct) is invariant in its field types (one whose child is ${juliaType(part, true)} is no NamedTuple whose child is ${juliaType(part, false)})`;
  const heldAsRead = asSubArray ? "a vector of SubArrays" : juliaType(holder, true);
  return `${read}, and ${invariantName(holder)} is invariant (${heldAsRead} is no ${juliaType(holder, false)})`;
}

function invariantName(holder: DeclaredFieldType): string {
  switch (holder.kind) {
    case "list":
      return "Vector";
    case "vector":
      return "AbstractVector";
    case "set":
      return "Set";
    default:
      return "Dict";
  }
}

/**
 * The nearest type some Julia table has: an abstract part where it must be exact replaced by the
 * storage written for it, a `vector` by a `list`; `preferList` turns the field's own `vector` into
 * a `list` (accepted as any `AbstractVector{<:T}`) rather than making its element exact. `null`
 * where only the container holding `type` can be rewritten (a list of a List's chain).
 */
function rewrite(type: DeclaredFieldType, place: Place, preferList: boolean): string | null {
  if (place.exact && type.kind === "abstract") return STORAGE_OF[type.name];
  if (place.exact && (type.kind === "list" || type.kind === "vector") && place.listChain) return null;
  const parts = partsOf(type, place).map(([part, partPlace]) => rewrite(part, partPlace, preferList));
  switch (type.kind) {
    case "list":
      return parts[0] === null ? null : `list<${parts[0]}>`;
    case "vector": {
      // Where a list would be widened, the element of a list may stay inexact.
      const listElement = isWidened(place) ? rewrite(type.element, place, preferList) : null;
      const exactElement = parts[0] ?? null;
      if (!place.exact && exactElement !== null && !(preferList && listElement !== null))
        return `vector<${exactElement}>`;
      const element = listElement ?? exactElement;
      return element === null ? null : `list<${element}>`;
    }
    case "set":
    case "map":
    case "tuple":
    case "union":
      return parts.includes(null) ? null : `${type.kind}<${parts.join(", ")}>`;
    case "ntuple":
      return parts[0] === null ? null : `ntuple<${parts[0]}, ${type.length}>`;
    default:
      return formatFieldType(type);
  }
}

/** What Arrow.jl writes, and so Julia reads, for each abstract type (runtime's julia-scalar-storage.ts). */
const STORAGE_OF = { integer: "int64", real: "float64", number: "float64", period: "duration" } as const;

const JULIA_ABSTRACT = { integer: "Integer", real: "Real", number: "Number", period: "Period" } as const;
const JULIA_STORAGE = { integer: "Int64", real: "Float64", number: "Float64", period: "Nanosecond" } as const;
const JULIA_PERIOD = { s: "Second", ms: "Millisecond", us: "Microsecond", ns: "Nanosecond" } as const;

/** `type` in Julia's notation, as declared or (`read`) as Arrow.jl reads it. */
function juliaType(type: DeclaredFieldType, read: boolean): string {
  const of = (part: DeclaredFieldType) => juliaType(part, read);
  switch (type.kind) {
    case "bool":
      return "Bool";
    case "int":
      return `${type.signed ? "" : "U"}Int${type.bits}`;
    case "float":
      return `Float${type.bits}`;
    case "string":
      return "String";
    case "binary":
      return "Base.CodeUnits{UInt8, String}";
    case "uuid":
      return "UUID";
    case "date":
      return "Date";
    case "datetime":
      return "DateTime";
    case "time":
      return "Time";
    case "timestamp":
      return type.timezone === null ? "DateTime" : "ZonedDateTime";
    case "duration":
      return JULIA_PERIOD[type.unit];
    case "symbol":
      return "Symbol";
    case "char":
      return "Char";
    case "version":
      return "VersionNumber";
    case "schema-version":
      return "SchemaVersion";
    case "weights":
      return "Weights";
    case "any":
      return "Any";
    case "abstract":
      return read ? JULIA_STORAGE[type.name] : JULIA_ABSTRACT[type.name];
    case "list":
      return `Vector{${of(type.element)}}`;
    case "vector":
      return read ? `Vector{${of(type.element)}}` : `AbstractVector{${of(type.element)}}`;
    case "set":
      return `Set{${of(type.element)}}`;
    case "map":
      return `Dict{${of(type.key)}, ${of(type.value)}}`;
    case "tuple":
      return `Tuple{${type.elements.map(of).join(", ")}}`;
    case "ntuple":
      return `NTuple{${type.length}, ${of(type.element)}}`;
    case "union":
      return `Union{${type.members.map(of).join(", ")}}`;
    case "struct":
      return "NamedTuple";
    case "record":
      return `the record type of ${type.identifier}`;
  }
}
