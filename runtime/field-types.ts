/**
 * The field-type model: every type a YAML schema can name, as plain data (declared in
 * schema-version-types.ts beside the descriptor its nested records point at). This is the one
 * place where a Legolas type meets its TypeScript value type (here) and its Arrow storage type
 * (`arrow/schema.ts`), so the generator and the table I/O can never disagree. What works on a
 * type here needs only its records' names, so it takes the generator's declared types and the
 * runtime's alike.
 */
import { isPlainPropertyKey, propertyKey } from "./field-names.js";
import { stringLiteral } from "./string-literal.js";
import type { DeclaredFieldDescriptor, DeclaredFieldType, TimeUnitName } from "./schema-version-types.js";

export type {
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
  switch (type.kind) {
    case "int":
      return `${type.signed ? "int" : "uint"}${type.bits}`;
    case "float":
      return `float${type.bits}`;
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

/** Whether two field types are the same type (constraints and optionality aside). */
export function sameFieldType(a: DeclaredFieldType, b: DeclaredFieldType): boolean {
  return formatFieldType(a) === formatFieldType(b);
}

/** Numeric element types whose lists are held as typed arrays. */
export function typedArrayName(type: DeclaredFieldType): TypedArrayName | null {
  if (type.kind === "float") return type.bits === 32 ? "Float32Array" : "Float64Array";
  if (type.kind !== "int") return null;
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

/** Whether values of this type are JavaScript `bigint`s. */
export function isBigIntType(type: DeclaredFieldType): boolean {
  return (
    (type.kind === "int" && type.bits === 64) ||
    type.kind === "timestamp" ||
    type.kind === "duration" ||
    type.kind === "time"
  );
}

/**
 * How TypeScript code names the types that are not built in: nested record classes and runtime
 * classes. The generator passes one that also records the imports these names need.
 */
export interface TypeNamer {
  /** The row class (or, with `input`, its input type) of a nested record, e.g. `ChildV1`. */
  record(identifier: string, form: "row" | "input"): string;
  /** A class exported by the runtime, e.g. `Weights`. */
  runtime(name: "Weights" | "WeightsInput"): string;
}

/** The TypeScript type of a converted value: what a row holds. */
export function valueTypeScript(type: DeclaredFieldType, namer: TypeNamer): string {
  switch (type.kind) {
    case "bool":
      return "boolean";
    case "int":
      return type.bits === 64 ? "bigint" : "number";
    case "float":
      return "number";
    case "string":
    case "uuid":
      return "string";
    case "binary":
      return "Uint8Array";
    case "date":
    case "datetime":
      return "Date";
    case "timestamp":
    case "duration":
    case "time":
      return "bigint";
    case "list":
      return typedArrayName(type.element) ?? `${parenthesize(valueTypeScript(type.element, namer))}[]`;
    case "struct":
      return structTypeScript(type.fields, (f) => fieldTypeScript(f, namer, "value"), false);
    case "record":
      return namer.record(type.identifier, "row");
    case "weights":
      return namer.runtime("Weights");
  }
}

/** The TypeScript type a constructor accepts: like the value type, with the conversions it makes. */
export function inputTypeScript(type: DeclaredFieldType, namer: TypeNamer): string {
  switch (type.kind) {
    case "int":
      return type.bits === 64 ? "bigint | number" : "number";
    case "date":
    case "datetime":
      return "Date | string";
    case "timestamp":
      return "bigint | number | Date";
    case "duration":
    case "time":
      return "bigint | number";
    case "list": {
      const element = parenthesize(inputTypeScript(type.element, namer));
      const typed = typedArrayName(type.element);
      return typed === null ? `readonly ${element}[]` : `${typed} | readonly ${element}[]`;
    }
    case "struct":
      return structTypeScript(type.fields, (f) => fieldTypeScript(f, namer, "input"), true);
    case "record":
      return `${namer.record(type.identifier, "row")} | ${namer.record(type.identifier, "input")}`;
    case "weights":
      return `${namer.runtime("Weights")} | ${namer.runtime("WeightsInput")}`;
    default:
      return valueTypeScript(type, namer);
  }
}

/**
 * The TypeScript type of a field's value (`form: "value"`) or of what a constructor accepts for
 * it (`"input"`): its type's, narrowed to the union of the literals of a `values:` enumeration,
 * so that `kind: "d"` is a type error rather than a violation at run time.
 */
export function fieldTypeScript(field: DeclaredFieldDescriptor, namer: TypeNamer, form: "value" | "input"): string {
  const enumeration = enumerationTypeScript(field, form);
  if (enumeration !== null) return enumeration;
  return form === "value" ? valueTypeScript(field.type, namer) : inputTypeScript(field.type, namer);
}

function enumerationTypeScript({ type, constraints }: DeclaredFieldDescriptor, form: "value" | "input"): string | null {
  const values = constraints.values;
  if (
    values === undefined ||
    type.kind === "date" ||
    values.some((value) => typeof value === "number" && !Number.isFinite(value))
  )
    return null;
  const literals = values.map((value) =>
    typeof value === "string" ? stringLiteral(value) : typeof value === "bigint" ? `${value}n` : String(value),
  );
  // An int64 input may be the same value as a safe-integer number.
  const numbers = form === "input" ? values.flatMap((value) => (typeof value === "bigint" ? [String(value)] : [])) : [];
  return [...literals, ...numbers].join(" | ");
}

function structTypeScript(
  fields: readonly DeclaredFieldDescriptor[],
  typeOf: (field: DeclaredFieldDescriptor) => string,
  input: boolean,
): string {
  const members = fields.map((f) => {
    const key = propertyKey(f.name);
    // Quoted only where it must be, as the formatter writes keys (biome.jsonc).
    const name = isPlainPropertyKey(key) ? key : JSON.stringify(key);
    if (input && (f.optional || f.default !== undefined)) return `${name}?: ${typeOf(f)} | null`;
    return `${name}: ${typeOf(f)}${f.optional ? " | null" : ""}`;
  });
  return `{ ${members.join("; ")} }`;
}

/**
 * An element type before `[]`: a union needs parentheses, a type literal (`{ ... }`) does not,
 * and so does a `readonly` array (`readonly readonly T[][]` would make the outer array readonly).
 */
function parenthesize(typeText: string): string {
  const union = typeText.includes("|") && !/^\{.*\}$/s.test(typeText);
  return union || typeText.startsWith("readonly ") ? `(${typeText})` : typeText;
}
