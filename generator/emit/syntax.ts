/**
 * The TypeScript syntax every emitter prints: literals, property names and accesses, doc text,
 * and the tests of a value's type that validators and converters share.
 * Every string goes through `JSON.stringify`, so no name, doc or default can break out of its
 * literal, whatever characters it holds.
 */
import { isPlainPropertyKey, propertyKey } from "legolas-ts/internal/field-names";
import { typedArrayName, type AbstractTypeName, type DeclaredFieldType } from "legolas-ts/internal/field-types";
import type { RuntimeSymbol } from "legolas-ts/internal/symbols";
import type { GeneratedFile } from "./generated-file.js";
import { commentText } from "./comment-text.js";
import { stringLiteral } from "./string-literal.js";
import { containerMismatch } from "./julia-containers.js";

/**
 * A value from YAML as a TypeScript literal. `print` may print a value, at any depth, itself
 * (a nested record's reference, say); where it returns `undefined`, the value is printed as data.
 */
export function literal(value: unknown, print?: (value: unknown) => string | undefined): string {
  const printed = print?.(value);
  if (printed !== undefined) return printed;
  switch (typeof value) {
    case "string":
      return stringLiteral(value);
    case "bigint":
      return `${value}n`;
    case "number":
      return Object.is(value, -0) ? "-0" : Number.isNaN(value) ? "NaN" : String(value);
    case "boolean":
      return String(value);
    case "undefined":
      return "undefined";
    default:
      if (value === null) return "null";
      if (Array.isArray(value)) return `[${value.map((element) => literal(element, print)).join(", ")}]`;
      return objectLiteral(value as Record<string, unknown>, print);
  }
}

/**
 * A value's path (`path` plus literal parts and indices) as one template literal, e.g.
 * `${path}names[${i}]`; the literal parts are escaped like a string's.
 */
export function templateLiteral(
  parts: readonly ({ readonly literal: string } | { readonly expression: string })[],
): string {
  const text = parts
    .map((part) => ("literal" in part ? templateText(part.literal) : `\${${part.expression}}`))
    .join("");
  return `\`${text}\``;
}

function templateText(text: string): string {
  // JSON's escapes (backslashes, control characters, lone surrogates) hold in a template too;
  // a double quote needs none there, a backtick and a `${` do.
  return JSON.stringify(text)
    .slice(1, -1)
    .replace(/\\(.)|`|\$\{/g, (match, escaped: string | undefined) => {
      if (escaped === undefined) return `\\${match}`;
      return escaped === '"' ? '"' : match;
    });
}

function objectLiteral(
  object: Record<string, unknown>,
  print: ((value: unknown) => string | undefined) | undefined,
): string {
  const entries = Object.entries(object).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([key, value]) => `${objectKey(key)}: ${literal(value, print)}`).join(", ")} }`;
}

/** `key` as written in an object literal: bare when it is an identifier, else quoted. */
function objectKey(key: string): string {
  return isPlainPropertyKey(key) ? key : stringLiteral(key);
}

/** `row.key` when field `name`'s property key is an identifier, else `row["key"]`; safe for any field name. */
export function propertyAccess(object: string, name: string): string {
  const key = propertyKey(name);
  return isPlainPropertyKey(key) ? `${object}.${key}` : `${object}[${stringLiteral(key)}]`;
}

/** Field `name`'s property as written in an object literal, interface or class body. */
export function propertyName(name: string): string {
  return objectKey(propertyKey(name));
}

/**
 * Reads field `name` of an input or row. No field's property key is one every object inherits
 * (`toString` is held as `toString$`, see runtime/field-names.ts), so a plain read never picks up
 * an Object.prototype method in place of a missing value.
 */
export function fieldRead(object: string, name: string): string {
  // Always an element access, as `noPropertyAccessFromIndexSignature` asks of a record read.
  return `${object}[${stringLiteral(propertyKey(name))}]`;
}

/** A YAML doc as the text of a JSDoc block, its lines kept (see comment-text.ts). */
export function docText(text: string): string {
  return commentText(text.trim(), { lines: true });
}

/**
 * The runtime's test of a value of `type`, where it has one: every scalar type but `bool` and
 * `string` (which read better as `typeof`), the guard a typed-array conversion takes per element.
 */
export function runtimeGuard(type: DeclaredFieldType): RuntimeSymbol | null {
  switch (type.kind) {
    case "int":
      return INT_GUARDS[`${type.signed ? "" : "u"}int${type.bits}`] ?? null;
    case "float":
      return type.bits === 16 ? "isFloat16" : type.bits === 32 ? "isFloat32" : "isFloat64";
    case "char":
      return "isChar";
    case "version":
      return "isVersion";
    case "schema-version":
      return "isSchemaVersionIdentifier";
    case "abstract":
      return ABSTRACT_GUARDS[type.name];
    case "uuid":
      return "isUuid";
    case "date":
      return "isDay";
    case "datetime":
      return "isDateTime";
    case "time":
      return "isTimeOfDay";
    case "timestamp":
    case "duration":
      return "isInt64";
    case "weights":
      return "isWeights";
    default:
      return null;
  }
}

const INT_GUARDS: Readonly<Record<string, RuntimeSymbol>> = {
  int8: "isInt8",
  int16: "isInt16",
  int32: "isInt32",
  int64: "isInt64",
  uint8: "isUint8",
  uint16: "isUint16",
  uint32: "isUint32",
  uint64: "isUint64",
  int128: "isInt128",
  uint128: "isUint128",
};

const ABSTRACT_GUARDS: Readonly<Record<AbstractTypeName, RuntimeSymbol>> = {
  integer: "isInteger",
  real: "isReal",
  number: "isReal",
  period: "isInt64",
};

/** A boolean expression that is true when `value` does not have the (outer) shape of `type`. */
export function typeMismatch(type: DeclaredFieldType, value: string, file: GeneratedFile): string {
  switch (type.kind) {
    case "bool":
      return `typeof ${value} !== "boolean"`;
    case "float":
      return type.bits === 64 ? `typeof ${value} !== "number"` : `!${file.runtime(runtimeGuard(type)!)}(${value})`;
    case "string":
    case "symbol":
      return `typeof ${value} !== "string"`;
    case "binary":
      return `!(${value} instanceof Uint8Array)`;
    case "ntuple":
    case "set":
    case "tuple":
    case "map":
    case "union":
      return containerMismatch(type, value, file);
    case "list":
    case "vector": {
      // A bare AbstractVector (vector<any>) holds any vector: an array, or a typed array.
      if (type.element.kind === "any") return `!${file.runtime("isList")}(${value}) && !ArrayBuffer.isView(${value})`;
      const arrayType = typedArrayName(type.element);
      // isList: an array without holes (a sparse one is refused before its elements are walked).
      return arrayType === null ? `!${file.runtime("isList")}(${value})` : `!(${value} instanceof ${arrayType})`;
    }
    case "struct":
      return `!${file.runtime("isStructObject")}(${value})`;
    case "any":
      return `!${file.runtime("isReadable")}(${value})`;
    case "record":
      return `typeof ${value} !== "object" || ${value} === null || Array.isArray(${value})`;
    default:
      return `!${file.runtime(runtimeGuard(type)!)}(${value})`;
  }
}
