/**
 * A table schema as text that two schemas share only when they are alike in everything apache-arrow
 * decoded of them: the key under which read-plans.ts keeps what a read derives from a schema.
 *
 * Every own property of the schema, its fields and their types is written out, whatever the type
 * (bit widths, units, time zones, dictionary ids and index types, union type ids, child fields,
 * names, nullability, metadata at every depth), with a tag for each kind of value so that no two
 * values write alike (`null` and `""`, `1` and `"1"`, an absent name and a null one). Not the
 * bytes of the file's Schema message: a file's footer holds the copy apache-arrow reads, amid
 * the blocks that differ from file to file, and what readers derive from is the decoded copy. A
 * value of a kind it does not know (none apache-arrow makes) gives `null`: no key, nothing kept.
 */
import type { Schema } from "apache-arrow";

export function schemaKey(schema: Schema): string | null {
  return text(schema);
}

/**
 * `value` as tagged text; `null` for a kind it does not know. No value's text is the start of
 * another's (a string is length-prefixed, a number ends in `;`, what holds others opens with its
 * kind and closes with `]`), so texts written one after the other read back one way only.
 */
function text(value: unknown): string | null {
  switch (typeof value) {
    case "string":
      return `s${value.length}:${value}`;
    case "number":
      return `n${Object.is(value, -0) ? "-0" : value};`;
    case "boolean":
      return value ? "T" : "F";
    case "bigint":
      return `b${value};`;
    case "undefined":
      return "u";
    case "object":
      return value === null ? "z" : objectText(value);
    default:
      return null;
  }
}

function objectText(value: object): string | null {
  let out: string;
  if (value instanceof Map) {
    out = "M";
    for (const [key, item] of value) {
      const [a, b] = [text(key), text(item)];
      if (a === null || b === null) return null;
      out += a + b;
    }
  } else if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    out = Array.isArray(value) ? "A" : `V${text(value.constructor.name)}`;
    const items = value as ArrayLike<unknown>;
    for (let k = 0; k < items.length; k++) {
      const item = text(items[k]);
      if (item === null) return null;
      out += item;
    }
  } else {
    // A Schema, Field or DataType (or a plain object such as a union's child indexes by type id): its class and own properties.
    out = `O${text(value.constructor?.name)}`;
    for (const key of Object.keys(value)) {
      const item = text((value as Record<string, unknown>)[key]);
      if (item === null) return null;
      out += text(key)! + item;
    }
  }
  return `${out}]`;
}
