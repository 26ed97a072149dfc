/**
 * Values from YAML printed as TypeScript literals. Every string goes through `JSON.stringify`,
 * so no name, doc or default can break out of its literal, whatever characters it holds.
 */
import { isPlainPropertyKey } from "../../runtime/field-names.js";

export function literal(value: unknown): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
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

function objectLiteral(object: Record<string, unknown>): string {
  const entries = Object.entries(object).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return "{}";
  return `{ ${entries.map(([key, value]) => `${propertyKey(key)}: ${literal(value)}`).join(", ")} }`;
}

function propertyKey(key: string): string {
  return isPlainPropertyKey(key) ? key : JSON.stringify(key);
}

/** Text for a JSDoc block: a `*\/` inside it would end the comment early, so it is broken up. */
export function docText(text: string): string {
  return text.replaceAll("*/", "*\\/").trim();
}
