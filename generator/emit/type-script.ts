/**
 * The TypeScript text of each field type: what a row holds (`valueTypeScript`) and what a
 * constructor accepts (`inputTypeScript`), with enumerations narrowed to their literals. The type
 * model itself (kinds, typed-array forms) is the runtime's (legolas-ts field-types.ts).
 */
import { isPlainPropertyKey, propertyKey } from "legolas-ts/internal/field-names";
import { typedArrayName, type DeclaredFieldDescriptor, type DeclaredFieldType } from "legolas-ts/internal/field-types";
import { valueClass } from "legolas-ts/internal/julia-unions";
import { stringLiteral } from "./string-literal.js";

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
      return type.bits >= 64 ? "bigint" : "number";
    case "float":
      return "number";
    case "string":
    case "uuid":
    case "symbol":
    case "char":
    case "version":
    case "schema-version":
      return "string";
    case "abstract":
      return type.name === "period" ? "bigint" : "number | bigint";
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
    case "vector":
    case "ntuple":
      return typedArrayName(type.element) ?? `${parenthesize(valueTypeScript(type.element, namer))}[]`;
    case "set":
      return `Set<${valueTypeScript(type.element, namer)}>`;
    case "tuple":
      return `[${type.elements.map((element) => valueTypeScript(element, namer)).join(", ")}]`;
    case "map":
      return `Map<${valueTypeScript(type.key, namer)}, ${valueTypeScript(type.value, namer)}>`;
    case "union":
      return type.members.map((member) => parenthesize(valueTypeScript(member, namer))).join(" | ");
    case "struct":
      return structTypeScript(type.fields, (f) => fieldTypeScript(f, namer, "value"), false);
    case "record":
      return namer.record(type.identifier, "row");
    case "weights":
      return namer.runtime("Weights");
    case "any":
      return "unknown";
  }
}

/** The TypeScript type a constructor accepts: like the value type, with the conversions it makes. */
export function inputTypeScript(type: DeclaredFieldType, namer: TypeNamer): string {
  switch (type.kind) {
    case "int":
      return type.bits >= 64 ? "bigint | number" : "number";
    case "date":
    case "datetime":
      return "Date | string";
    case "timestamp":
      return "bigint | number | Date";
    case "duration":
    case "time":
      return "bigint | number";
    case "abstract":
      return "number | bigint";
    case "set": {
      const element = inputTypeScript(type.element, namer);
      return `ReadonlySet<${element}> | readonly ${parenthesize(element)}[]`;
    }
    case "union":
      return type.members.map((member) => unionMemberInputTypeScript(member, namer)).join(" | ");
    case "tuple":
      return `readonly [${type.elements.map((element) => inputTypeScript(element, namer)).join(", ")}]`;
    case "map": {
      const [key, value] = [inputTypeScript(type.key, namer), inputTypeScript(type.value, namer)];
      return `ReadonlyMap<${key}, ${value}> | readonly (readonly [${key}, ${value}])[]`;
    }
    case "list":
    case "vector":
    case "ntuple": {
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
 * What a union takes for `member`: a value's class says its member (runtime/julia-unions.ts), and
 * that member converts it, so the member's input of that class only: a `tuple<string, int64>`'s
 * `readonly [string, bigint | number]`, a `set<int64>`'s `ReadonlySet<bigint | number>` (an
 * array is no `Set`), but an `int64`'s `bigint` (a number is another member's, or none's).
 */
function unionMemberInputTypeScript(member: DeclaredFieldType, namer: TypeNamer): string {
  switch (member.kind) {
    case "set":
      return `ReadonlySet<${inputTypeScript(member.element, namer)}>`;
    case "map":
      return `ReadonlyMap<${inputTypeScript(member.key, namer)}, ${inputTypeScript(member.value, namer)}>`;
    case "list":
    case "vector":
    case "ntuple":
    case "tuple":
      return valueClass(member) === "Array" ? inputTypeScript(member, namer) : valueTypeScript(member, namer);
    default:
      return valueTypeScript(member, namer);
  }
}

/**
 * The TypeScript type of a field's value (`form: "value"`) or of what a constructor accepts for
 * it (`"input"`): its type's, narrowed to the union of the literals of a `values:` enumeration,
 * so that `kind: "d"` is a type error rather than a violation at run time.
 */
export function fieldTypeScript(field: DeclaredFieldDescriptor, namer: TypeNamer, form: "value" | "input"): string {
  if (form === "input" && field.input === "any") return "unknown";
  const enumeration = enumerationTypeScript(field, form);
  if (enumeration !== null) return enumeration;
  return form === "value" ? valueTypeScript(field.type, namer) : inputTypeScript(field.type, namer);
}

/** The type a row holds for a field: its value type, or `null` when the field is optional. */
export function valueType(field: DeclaredFieldDescriptor, namer: TypeNamer): string {
  if (field.type.kind === "any") return "unknown";
  return fieldTypeScript(field, namer, "value") + (field.optional ? " | null" : "");
}

function enumerationTypeScript({ type, constraints }: DeclaredFieldDescriptor, form: "value" | "input"): string | null {
  const values = constraints.values;
  if (
    values === undefined ||
    type.kind === "date" ||
    values.some((value) => typeof value === "number" && !Number.isFinite(value)) ||
    // A float32 or float16 holds its listed values rounded (0.1 as 0.10000000149011612), and
    // takes any number that rounds to one: no literal names them all.
    (form === "input" && type.kind === "float" && type.bits !== 64)
  )
    return null;
  const literals = values.flatMap((value) => listedValueTypes(type, value));
  if (form === "value") return literals.join(" | ");
  // What the constructor converts to a listed value: an int64's safe-integer number (none beyond
  // 2^53, which a number rounds), a uuid in capitals (it takes any case), a timestamp's Date.
  const asNumber = (value: unknown) => typeof value === "bigint" && Number.isSafeInteger(Number(value));
  const numbers = values.filter(asNumber).map(String);
  const capitals = type.kind === "uuid" ? values.map((value) => stringLiteral(String(value).toUpperCase())) : [];
  const dates = type.kind === "timestamp" ? ["Date"] : [];
  return [...new Set([...literals, ...numbers, ...capitals, ...dates])].join(" | ");
}

/** The types naming a listed value: its literal, or a SchemaVersion's {@link listedSchemaVersionTypes}. */
function listedValueTypes(type: DeclaredFieldType, value: string | number | bigint | boolean): string[] {
  if (typeof value !== "string") return [typeof value === "bigint" ? `${value}n` : String(value)];
  return type.kind === "schema-version" ? listedSchemaVersionTypes(value) : [stringLiteral(value)];
}

/**
 * The types of a SchemaVersion whose first link is `listed`: the link alone and followed by the
 * parents Legolas.jl writes (`"a@1" | \`a@1>${string}\``). A listed one is `name@version`
 * (resolve/constraints.ts), which holds no "`" or "${".
 */
export function listedSchemaVersionTypes(listed: string): string[] {
  return [stringLiteral(listed), `\`${listed}>\${string}\``];
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
    if (input && (f.optional || f.default !== undefined)) return `${name}?: ${typeOf(f)} | null | undefined`;
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
