/**
 * The first rows of a table as `legolas inspect --head N` shows them: each value as plain JSON
 * data, read from the Arrow columns as they are (a file need not comply with any schema version to
 * be looked at). Values show as a user knows them where the column says what they are: UUID
 * columns (`JuliaLang.UUID`) as UUID strings, a Julia `Char` as its character and a
 * `VersionNumber` as `1.2.3`, timestamps and dates as ISO text (every digit of a timestamp's unit;
 * one beyond a JavaScript Date as its count from 1970), a time of day as Julia prints a `Time` (`01:02:03.5`), a duration with its unit as Julia prints a
 * `Period` (`1500 milliseconds`), binary as base64, a Weights column as its shape, a Julia `Tuple`
 * as an array; 64- and
 * 128-bit integers stay a `bigint` (`--json` writes it as a decimal string), a float32 or float16
 * prints as its shortest decimal. A list (List, LargeList or FixedSizeList) is an array, a map the
 * array of its `[key, value]` pairs (as a row's JSON has a `Map`), a union's value its member's,
 * a dictionary-encoded value the value it stands for. Long lists and maps are cut after
 * {@link LIST_ITEMS_SHOWN} items, so that a row of a million floats prints as a line.
 */
import {
  type Data,
  DataType,
  type Date_,
  DateUnit,
  type Field,
  makeVector,
  Precision,
  type RecordBatch,
  type Struct,
  type Table,
  type Timestamp,
  TimeUnit,
  type Vector,
} from "apache-arrow";
import {
  CHAR_EXTENSION,
  changeUnit,
  dateTimeUnitChange,
  extensionNameOf,
  int128FromBytes,
  isTimeOfDayStorage,
  timeOfDayUnitChange,
  TUPLE_EXTENSION,
  UUID_EXTENSION,
  uuidFromArrowBytes,
  VERSION_NUMBER_EXTENSION,
  WEIGHTS_EXTENSION,
} from "legolas-ts/internal/internal-tables";
import { shortestFloat } from "../resolve/float-text.js";

/** A value as data: JSON's kinds, `bigint` (see {@link headJson}), and a {@link HeadSummary}. */
export type HeadValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | HeadSummary
  | HeadValue[]
  | { [key: string]: HeadValue };

/**
 * What stands for a value not shown as itself (a Weights value's shape, a long list's cut tail):
 * no text the table holds, so a cell shows it unquoted; JSON has it as a string.
 */
export class HeadSummary {
  constructor(readonly text: string) {}

  toJSON(): string {
    return this.text;
  }
}

/** `JSON.stringify`'s replacer for facts holding head rows: a `bigint` as its decimal string, as Legolas's JSON has int64. */
export function headJson(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? String(value) : value;
}

/** Items of a list shown before the rest is counted (`"… 999980 more"`). */
export const LIST_ITEMS_SHOWN = 20;

/** The first `count` rows of `table` (or of one of its batches), column by column in the table's order. */
export function tableHead(table: Table | RecordBatch, count: number): Record<string, HeadValue>[] {
  const rows: Record<string, HeadValue>[] = [];
  for (let index = 0; index < Math.min(count, table.numRows); index++) {
    // Entries, not assignments: `row["__proto__"] = value` would set the row's prototype, not show the column.
    const cells = table.schema.fields.map((field, k) => [
      field.name,
      headValue(...valueAt(table.getChildAt(k)!, index), field),
    ]);
    rows.push(Object.fromEntries(cells));
  }
  return rows;
}

/**
 * Value `i` of `data` (a column, or a part of one), read from its layout where apache-arrow's own
 * value would hide what it is: a union's member (whose type a value alone does not tell: a
 * Float64 and a Timestamp are both numbers), a dictionary's value, the items of a list (also a
 * LargeList, as Polars writes every list) and the entries of a map. `field`: the field holding
 * the value, whose extension name says what some storages mean.
 */
function headValue(data: Data, i: number, field: Field): HeadValue {
  const { type } = data;
  if (DataType.isUnion(type)) {
    const child = type.typeIdToChildIndex[data.typeIds[i]!]!;
    const at = DataType.isDenseUnion(type) ? (data.valueOffsets as Int32Array)[i]! : i;
    return headValue(data.children[child]!, at, type.children[child]!);
  }
  if (DataType.isNull(type) || !data.getValid(i)) return null;
  if (DataType.isDictionary(type)) return headValue(...valueAt(data.dictionary!, Number(data.values[i])), field);
  if (DataType.isList(type) || DataType.isLargeList(type) || DataType.isFixedSizeList(type)) {
    const [start, end] = DataType.isFixedSizeList(type)
      ? [i * type.listSize, (i + 1) * type.listSize]
      : [Number(data.valueOffsets[i]), Number(data.valueOffsets[i + 1])];
    return listed(start, end, (k) => headValue(data.children[0]!, k, type.children[0]!));
  }
  if (DataType.isMap(type)) {
    const entries = data.children[0]!;
    const [key, value] = (type.children[0]!.type as Struct).children;
    const pair = (k: number): HeadValue => [
      headValue(entries.children[0]!, k, key!),
      headValue(entries.children[1]!, k, value!),
    ];
    return listed(Number(data.valueOffsets[i]), Number(data.valueOffsets[i + 1]), pair);
  }
  if (DataType.isStruct(type)) return structValue(data, i, field);
  if (DataType.isTimestamp(type) || DataType.isDate(type)) return instantValue(data as Data<Timestamp | Date_>, i);
  return scalarValue(makeVector(data).get(i), field);
}

/**
 * A struct's value: a Weights value as its shape, a `VersionNumber` as Julia prints it, a Julia
 * `Tuple` as the array its parts are (as a row's JSON has a `tuple<...>`), any other by its
 * children's names.
 */
function structValue(data: Data, i: number, field: Field): HeadValue {
  const type = data.type as Struct;
  const extension = extensionNameOf(field);
  if (extension === WEIGHTS_EXTENSION) return weightsShape(makeVector(data).get(i));
  if (extension === VERSION_NUMBER_EXTENSION) {
    const version = versionText(structValues(makeVector(data).get(i)), type);
    if (version !== null) return version;
  }
  const parts = type.children.map((child, k): [string, HeadValue] => [
    child.name,
    headValue(data.children[k]!, i, child),
  ]);
  return extension === TUPLE_EXTENSION ? parts.map(([, part]) => part) : Object.fromEntries(parts);
}

/** The chunk of `vector` that holds its value `index`, and the value's index in that chunk. */
function valueAt(vector: Vector, index: number): [Data, number] {
  let at = index;
  for (const data of vector.data) {
    if (at < data.length) return [data, at];
    at -= data.length;
  }
  throw new RangeError(`no value ${index} in a vector of ${vector.length}`);
}

/** The items `start` to `end` (exclusive) of a list, the first {@link LIST_ITEMS_SHOWN} of them and a count of the rest. */
function listed(start: number, end: number, item: (k: number) => HeadValue): HeadValue[] {
  const shown = Array.from({ length: Math.min(end - start, LIST_ITEMS_SHOWN) }, (_, k) => item(start + k));
  return end - start > LIST_ITEMS_SHOWN
    ? [...shown, new HeadSummary(`… ${end - start - LIST_ITEMS_SHOWN} more`)]
    : shown;
}

/**
 * A value of a type with no parts to read apart, as apache-arrow gives it, read as its field's
 * type says (the loaded data of a 128-bit Int column is FixedSizeBinary(16) bytes).
 */
function scalarValue(value: unknown, field: Field): HeadValue {
  if (value === null || value === undefined) return null;
  const type = DataType.isDictionary(field.type) ? field.type.dictionary : field.type;
  const extension = extensionNameOf(field);
  if (extension === UUID_EXTENSION && value instanceof Uint8Array && value.length === 16)
    return uuidFromArrowBytes(value, 0);
  // A number past Unicode's last code point is no character: shown as the number it is.
  if (extension === CHAR_EXTENSION && typeof value === "number" && value <= 0x10ffff)
    return String.fromCodePoint(value);
  if (isTimeOfDayStorage(type) && (typeof value === "number" || typeof value === "bigint")) {
    const nanoseconds = changeUnit(BigInt(value), timeOfDayUnitChange(type));
    if (nanoseconds >= 0n && nanoseconds < NANOSECONDS_PER_DAY) return timeOfDayText(nanoseconds);
  }
  if (DataType.isDuration(type) && typeof value === "bigint") return durationText(value, type.unit);
  if (DataType.isInt(type) && type.bitWidth === (128 as number) && value instanceof Uint8Array && value.length === 16)
    return int128FromBytes(value, 0, type.isSigned);
  if (DataType.isFloat(type) && typeof value === "number" && type.precision !== Precision.DOUBLE)
    return shortestFloat(value, type.precision === Precision.SINGLE ? 32 : 16);
  return scalar(value);
}

/** A struct row's values in its type's order: by position, as apache-arrow's row answers `constructor` or `toJSON` with its own members. */
function structValues(value: unknown): unknown[] {
  return [...(value as Iterable<[string, unknown]>)].map(([, child]) => child);
}

/**
 * A `VersionNumber` as Julia prints it, without its `v`: `1.2.3`, and `1.2.3-rc.1+build.5` when
 * its prerelease or build tuples hold parts; `null` when the struct is not one.
 */
function versionText(values: readonly unknown[], type: Struct): string | null {
  const part = (name: string) => values[type.children.findIndex((child) => child.name === name)];
  const numbers = [part("major"), part("minor"), part("patch")];
  if (!numbers.every((n) => typeof n === "number" || typeof n === "bigint")) return null;
  const labels = (name: string, mark: string) => {
    const tuple = part(name);
    const items = tuple === null || tuple === undefined ? [] : structValues(tuple).map(String);
    return items.length === 0 ? "" : `${mark}${items.join(".")}`;
  };
  return `${numbers.join(".")}${labels("prerelease", "-")}${labels("build", "+")}`;
}

const NANOSECONDS_PER_DAY = 86_400_000_000_000n;
const MILLISECONDS_PER_DAY = 86_400_000n;
/** The milliseconds from 1970 that a JavaScript Date holds, either way. */
const DATE_RANGE = 8_640_000_000_000_000n;

/**
 * A timestamp as ISO text, a date to its day, from the count stored: a timestamp of microseconds
 * or nanoseconds with every digit of its unit (`2024-05-06T12:53:20.123456789Z`), the instant
 * before 1970 too (-1 ns is `1969-12-31T23:59:59.999999999Z`); one a Date cannot hold (a
 * timestamp<ms> holds any int64; apache-arrow's own value of a count past 2^53 ms throws) shows
 * as that count in its unit from 1970.
 */
function instantValue(data: Data<Timestamp | Date_>, i: number): HeadValue {
  const { type } = data;
  const stored = BigInt(data.values[i]!);
  const inDays = DataType.isDate(type) && type.unit === DateUnit.DAY;
  // A unit of no known scale (a damaged file's): the count as stored, as durationText shows one.
  if (!inDays && DataType.isTimestamp(type) && UNIT_WORDS[type.unit] === undefined) return stored;
  const change = inDays ? { multiply: MILLISECONDS_PER_DAY, divide: 1n } : dateTimeUnitChange(type);
  // The millisecond the instant falls in (rounded down, never toward zero) and the counts past it.
  const milliseconds = floorDiv(stored * change.multiply, change.divide);
  if (milliseconds < -DATE_RANGE || milliseconds > DATE_RANGE) {
    const count = inDays
      ? `${stored} days`
      : durationText(stored, DataType.isDate(type) ? TimeUnit.MILLISECOND : type.unit);
    return new HeadSummary(`${count} from 1970-01-01 (beyond a JavaScript Date)`);
  }
  const text = new Date(Number(milliseconds)).toISOString();
  if (DataType.isDate(type)) return text.slice(0, 10);
  if (change.divide === 1n) return text;
  const past = String(stored - milliseconds * change.divide).padStart(String(change.divide).length - 1, "0");
  return `${text.slice(0, -1)}${past}Z`;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b > a ? q - 1n : q;
}

/** A time of day as Julia prints a `Time`: `01:02:03`, its fraction of a second without trailing zeros (`01:02:03.5`). */
function timeOfDayText(nanoseconds: bigint): string {
  const seconds = nanoseconds / 1_000_000_000n;
  const clock = [seconds / 3600n, (seconds / 60n) % 60n, seconds % 60n].map((n) => String(n).padStart(2, "0"));
  const fraction = String(nanoseconds % 1_000_000_000n)
    .padStart(9, "0")
    .replace(/0+$/, "");
  return `${clock.join(":")}${fraction === "" ? "" : `.${fraction}`}`;
}

const UNIT_WORDS: Readonly<Record<TimeUnit, string>> = {
  [TimeUnit.SECOND]: "second",
  [TimeUnit.MILLISECOND]: "millisecond",
  [TimeUnit.MICROSECOND]: "microsecond",
  [TimeUnit.NANOSECOND]: "nanosecond",
};

/** A duration as Julia prints a `Period`: `1500 milliseconds`, `1 second`; a count of no known unit as its number. */
function durationText(count: bigint, unit: TimeUnit): string | bigint {
  const word = UNIT_WORDS[unit];
  if (word === undefined) return count;
  return `${count} ${word}${count === 1n || count === -1n ? "" : "s"}`;
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
function weightsShape(value: unknown): HeadSummary {
  const arrays = [...((value as { weights?: Iterable<{ vec?: { length: number } }> }).weights ?? [])];
  const elements = arrays.reduce((sum, array) => sum + (array?.vec?.length ?? 0), 0);
  return new HeadSummary(`Weights: ${arrays.length} array${arrays.length === 1 ? "" : "s"}, ${elements} elements`);
}

/**
 * `rows` with `"` and `\` escaped in every string they hold, as JSON escapes them, for a cell to
 * quote: `a", "b` then shows as one string, not two, and a backslash apart from the escapes that
 * `printableData` (run after this) gives control characters. Keys and summaries are no quoted text.
 */
export function withEscapedQuotes(rows: readonly Record<string, HeadValue>[]): Record<string, HeadValue>[] {
  const escaped = (value: HeadValue): HeadValue => {
    if (typeof value === "string") return value.replace(/["\\]/g, "\\$&");
    if (Array.isArray(value)) return value.map(escaped);
    if (value === null || typeof value !== "object" || value instanceof HeadSummary) return value;
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, escaped(item)]));
  };
  return rows.map((row) => escaped(row) as Record<string, HeadValue>);
}

/** A value as one line of text for a table cell, cut at `width` characters. */
export function cellText(value: HeadValue, width = 48): string {
  const text = compact(value);
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function compact(value: HeadValue): string {
  if (value === null) return "null";
  if (typeof value === "string") return `"${value}"`;
  if (value instanceof HeadSummary) return value.text;
  if (Array.isArray(value)) return `[${value.map(compact).join(", ")}]`;
  if (typeof value === "object")
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}: ${compact(item)}`)
      .join(", ")}}`;
  return String(value);
}
