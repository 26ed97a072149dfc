/**
 * The field-type model: every type a YAML schema can name, as plain data (declared in
 * schema-version-types.ts beside the descriptor its nested records point at), and the facts about
 * a type that the runtime and the generator share (its YAML name, typed-array form, bigint-ness).
 * Its Arrow storage is `arrow/schema.ts`'s; its TypeScript type text is the generator's
 * (generator/emit/type-script.ts). What works on a type here needs only its records' names, so
 * it takes the generator's declared types and the runtime's alike.
 */
import type {
  DeclaredFieldType,
  FieldDescriptor,
  FieldType,
  RecordName,
  TimeUnitName,
} from "./schema-version-types.js";
import { containedTypes, formatContainerType, isJuliaContainer } from "./julia-containers.js";

export type {
  AbstractTypeName,
  Constraints,
  DeclaredFieldDescriptor,
  DeclaredFieldType,
  DefaultValue,
  FieldDescriptor,
  FieldKind,
  FieldType,
  IntBits,
  RecordName,
  RecordReference,
  TimeUnitName,
} from "./schema-version-types.js";

export const TIME_UNITS: readonly TimeUnitName[] = ["s", "ms", "us", "ns"];

/** The name of a type as written in YAML: `int64`, `list<string>`, `timestamp<ms, UTC>`. */
export function formatFieldType(type: DeclaredFieldType): string {
  if (isJuliaContainer(type)) return formatContainerType(type, formatFieldType);
  switch (type.kind) {
    case "int":
      return `${type.signed ? "int" : "uint"}${type.bits}`;
    case "float":
      return `float${type.bits}`;
    case "schema-version":
      return "SchemaVersion";
    case "abstract":
      return type.name;
    case "timestamp":
      if (type.timezone !== null) return `timestamp<${type.unit}, ${type.timezone}>`;
      return type.unit === "ns" ? "timestamp" : `timestamp<${type.unit}>`;
    case "duration":
      return type.unit === "ns" ? "duration" : `duration<${type.unit}>`;
    case "list":
      return `list<${formatFieldType(type.element)}>`;
    case "struct":
      return `struct{${type.fields.map((f) => `${f.name}: ${formatFieldType(f.type)}${f.optional ? "?" : ""}`).join(", ")}}`;
    case "record":
      return type.identifier;
    case "weights":
      return "Weights";
    default:
      return type.kind;
  }
}

/** Whether a valid row (or a struct's or record's value) may leave `field` out: it is optional or has a default. */
export function isLeavable(field: FieldDescriptor<RecordName>): boolean {
  return field.optional || field.default !== undefined;
}

/**
 * Whether a value of `field` can hold, at any depth, a struct or nested record (`fieldsOf` gives a
 * record's fields) with a child that may be left out: where a key that misspells such a child, and
 * is dropped, may hide (misspelt-optional-keys.ts walks only these). A field made by a `value:`
 * expression or taking `input: any` is made by the schema's code: no key of its input is compared.
 */
export function mayHoldLeavableChild<Record extends RecordName>(
  field: FieldDescriptor<Record>,
  fieldsOf: (record: Record) => readonly FieldDescriptor<Record>[],
): boolean {
  if (field.computed === true || field.input !== undefined) return false;
  const holdsIn = (fields: readonly FieldDescriptor<Record>[]) =>
    fields.some((child) => isLeavable(child) || mayHoldLeavableChild(child, fieldsOf));
  const holds = (type: FieldType<Record>): boolean => {
    switch (type.kind) {
      case "struct":
        // An `any` value's struct keeps the object's own keys: none is dropped.
        return type.keys !== "own" && holdsIn(type.fields);
      case "record":
        return holdsIn(fieldsOf(type));
      default:
        return heldTypes(type).some(holds);
    }
  };
  return holds(field.type);
}

/** Whether two field types are the same type (constraints and optionality aside). */
export function sameFieldType(a: DeclaredFieldType, b: DeclaredFieldType): boolean {
  return formatFieldType(a) === formatFieldType(b);
}

/**
 * Numeric element types whose lists are held as typed arrays (not float16 and the 128-bit
 * integers, whose Arrow buffers no typed array of JavaScript reads as values: plain arrays).
 */
export function typedArrayName(type: DeclaredFieldType): TypedArrayName | null {
  if (type.kind === "float") return type.bits === 16 ? null : type.bits === 32 ? "Float32Array" : "Float64Array";
  if (type.kind !== "int" || type.bits === 128) return null;
  if (type.bits === 64) return type.signed ? "BigInt64Array" : "BigUint64Array";
  return `${type.signed ? "Int" : "Uint"}${type.bits}Array` as TypedArrayName;
}

export type TypedArrayName =
  | "Int8Array"
  | "Int16Array"
  | "Int32Array"
  | "BigInt64Array"
  | "Uint8Array"
  | "Uint16Array"
  | "Uint32Array"
  | "BigUint64Array"
  | "Float32Array"
  | "Float64Array";

/** Whether values of this type are text with a string's constraints: `string`, and Julia's `symbol`. */
export function isTextType(type: DeclaredFieldType): boolean {
  return type.kind === "string" || type.kind === "symbol";
}

/** Whether values of this type are JavaScript `bigint`s. */
export function isBigIntType(type: DeclaredFieldType): boolean {
  return (
    (type.kind === "int" && type.bits >= 64) ||
    (type.kind === "abstract" && type.name === "period") ||
    type.kind === "timestamp" ||
    type.kind === "duration" ||
    type.kind === "time"
  );
}

/**
 * Whether a value of `type` may hold a value of one of `kinds` (itself, or at any depth: a list's
 * elements, a tuple's parts, a map's keys and values, a union's members, a struct's or nested
 * record's fields), so that a walk of its values for those has something to look at. An `any`
 * may hold anything, so it counts when `kinds` names it.
 */
export function mayHoldKind(type: FieldType, kinds: ReadonlySet<FieldType["kind"]>): boolean {
  if (kinds.has(type.kind)) return true;
  const holds = (inner: FieldType) => mayHoldKind(inner, kinds);
  switch (type.kind) {
    case "struct":
      return type.fields.some((field) => holds(field.type));
    case "record":
      return type.schemaVersion().fields.some((field) => holds(field.type));
    default:
      return heldTypes(type).some(holds);
  }
}

/**
 * The types a value of `type` holds directly, a struct's and record's fields aside: a list's
 * element, and a Julia container's (julia-containers.ts `containedTypes`).
 */
function heldTypes<Record extends RecordName>(type: FieldType<Record>): readonly FieldType<Record>[] {
  if (type.kind === "list") return [type.element];
  return isJuliaContainer(type) ? containedTypes(type) : [];
}
