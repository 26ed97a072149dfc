/**
 * The TypeScript syntax every emitter prints: literals, property names and accesses, doc text,
 * indentation, negation. Every string goes through `JSON.stringify`, so no name, doc or default
 * can break out of its literal, whatever characters it holds.
 */
import { isPlainPropertyKey, propertyKey } from "../../runtime/field-names.js";
import { stringLiteral } from "../../runtime/string-literal.js";

/** A value from YAML as a TypeScript literal. */
export function literal(value: unknown): string {
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
      if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
      return objectLiteral(value as Record<string, unknown>);
  }
}


/**
 * A value's path (`path` plus literal parts and indices) as one template literal, e.g.
 * `${path}names[${i}]`; the literal parts are escaped like a string's.
 */
export function templateLiteral(parts: readonly ({ readonly literal: string } | { readonly expression: string })[]): string {
  const text = parts.map((part) => ("literal" in part ? templateText(part.literal) : `\${${part.expression}}`)).join("");
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


function objectLiteral(object: Record<string, unknown>): string {
  const entries = Object.entries(object).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([key, value]) => `${objectKey(key)}: ${literal(value)}`).join(", ")} }`;
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

/** `!condition`, parenthesised unless the condition is a single call or name. */
export function negate(condition: string): string {
  return /^[\w$.]+(\([\w$.]*\))?$/.test(condition) ? `!${condition}` : `!(${condition})`;
}

/** Lines one level (two spaces) deeper; empty lines stay empty. */
export function indent(lines: readonly string[]): string[] {
  return lines.map((line) => (line === "" ? line : `  ${line}`));
}

/** Text for a JSDoc block: a `*\/` inside it would end the comment early, so it is broken up. */
export function docText(text: string): string {
  return text.replaceAll("*/", "*\\/").trim();
}
