/**
 * The first rows of a table as `legolas inspect --head N` shows them: each value as plain JSON
 * data, read from the Arrow columns as they are (a file need not comply with any schema version to
 * be looked at). Values keep Legolas's JSON forms where the column says what they are: UUID
 * columns (`JuliaLang.UUID`) as UUID strings, timestamps and dates as ISO text (to the
 * millisecond), binary as base64, a Weights column as its shape; int64 stays a `bigint` (`--json`
 * writes it as a decimal string), a float32 prints as its shortest decimal. Long lists are cut
 * after {@link LIST_ITEMS_SHOWN} items, so that a row of a million floats prints as a line.
 */
import { DataType, Precision, type Field, type Table } from "apache-arrow";
import { extensionNameOf, UUID_EXTENSION, WEIGHTS_EXTENSION } from "legolas-ts/internal/internal";
import { uuidFromArrowBytes } from "legolas-ts/internal/internal";

/** A value as data: JSON's kinds, and `bigint` (see {@link headJson}). */
export type HeadValue = null | boolean | number | bigint | string | HeadValue[] | { [key: string]: HeadValue };

/** `JSON.stringify`'s replacer for facts holding head rows: a `bigint` as its decimal string, as Legolas's JSON has int64. */
export function headJson(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? String(value) : value;
}

/** Items of a list shown before the rest is counted (`"… 999980 more"`). */
export const LIST_ITEMS_SHOWN = 20;

/** The first `count` rows of `table`, column by column in the table's order. */
export function tableHead(table: Table, count: number): Record<string, HeadValue>[] {
  const rows: Record<string, HeadValue>[] = [];
  for (let index = 0; index < Math.min(count, table.numRows); index++) {
    const row: Record<string, HeadValue> = {};
    for (const [k, field] of table.schema.fields.entries())
      row[field.name] = headValue(table.getChildAt(k)!.get(index), field);
    rows.push(row);
  }
  return rows;
}

function headValue(value: unknown, field: Field): HeadValue {
  if (value === null || value === undefined) return null;
  const extension = extensionNameOf(field);
  if (extension === WEIGHTS_EXTENSION) return weightsShape(value);
  if (extension === UUID_EXTENSION && value instanceof Uint8Array && value.length === 16)
    return uuidFromArrowBytes(value, 0);
  const { type } = field;
  if (DataType.isTimestamp(type) && typeof value === "number") return new Date(value).toISOString();
  if (DataType.isDate(type) && typeof value === "number") return new Date(value).toISOString().slice(0, 10);
  if (DataType.isFloat(type) && type.precision === Precision.SINGLE && typeof value === "number") return float32(value);
  if (DataType.isStruct(type)) {
    // By position, not by name: apache-arrow's row answers `constructor` or `toJSON` with its own members.
    const values = [...(value as Iterable<[string, unknown]>)].map(([, child]) => child);
    return Object.fromEntries(type.children.map((child, k) => [child.name, headValue(values[k], child)]));
  }
  if (DataType.isList(type) || DataType.isFixedSizeList(type)) {
    const items = [...(value as Iterable<unknown>)].slice(0, LIST_ITEMS_SHOWN + 1);
    const length = (value as { length: number }).length;
    const shown = items.slice(0, LIST_ITEMS_SHOWN).map((item) => headValue(item, type.children[0]!));
    return length > LIST_ITEMS_SHOWN ? [...shown, `… ${length - LIST_ITEMS_SHOWN} more`] : shown;
  }
  return scalar(value);
}

/** The shortest decimal that is the same float32 (`0.06`, not `0.05999999865889549`). */
function float32(value: number): number | string {
  if (!Number.isFinite(value)) return String(value);
  for (let digits = 1; digits < 9; digits++) {
    const shorter = Number(value.toPrecision(digits));
    if (Math.fround(shorter) === value) return shorter;
  }
  return value;
}

function scalar(value: unknown): HeadValue {
  switch (typeof value) {
    case "bigint":
      return value;
    case "number":
      return Number.isFinite(value) ? value : String(value);
    case "string":
    case "boolean":
      return value;
    default:
      if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
      if (value instanceof Date) return value.toISOString();
      return String(value);
  }
}

/** A Weights value: its arrays' count and their elements, the shapes being `inspect`'s weights section. */
function weightsShape(value: unknown): string {
  const arrays = [...((value as { weights?: Iterable<{ vec?: { length: number } }> }).weights ?? [])];
  const elements = arrays.reduce((sum, array) => sum + (array?.vec?.length ?? 0), 0);
  return `Weights: ${arrays.length} array${arrays.length === 1 ? "" : "s"}, ${elements} elements`;
}

/** A value as one line of text for a table cell, cut at `width` characters. */
export function cellText(value: HeadValue, width = 48): string {
  const text = compact(value);
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function compact(value: HeadValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return `"${value}"`;
  if (Array.isArray(value)) return `[${value.map(compact).join(", ")}]`;
  if (typeof value === "object")
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}: ${compact(item)}`)
      .join(", ")}}`;
  return String(value);
}
