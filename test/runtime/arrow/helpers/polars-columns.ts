/**
 * The columns of `test.all-types@1` that Polars can build and read (plain Arrow types, no
 * `JuliaLang.*` extension), each with random values as our rows hold them, the Polars
 * Series of such values, and one comparable form of a value read by either side.
 */
import fc from "fast-check";
import pl from "nodejs-polars";

export interface PolarsColumn {
  /** Whether test.all-types@1 requires it: a table must hold it, never null. */
  readonly required: boolean;
  /** Values as our rows hold them (and our writer takes). */
  readonly values: fc.Arbitrary<unknown>;
  /** The Polars Series of `values` (null for a missing value). */
  series(name: string, values: readonly unknown[]): pl.Series;
  /** A column Polars read, as `comparable` gives our values. */
  fromPolars(series: pl.Series): unknown[];
  /** One of our rows' values in a form that `toEqual` compares exactly. */
  comparable(value: unknown): unknown;
}

/**
 * A Series of `dtype`: nodejs-polars builds no list Series without a value in it ("not a valid
 * conversion to 'DataType'"), so such a one is cast from a Series of nulls, and one of empty
 * lists only is a list of nulls until cast.
 */
function seriesOf(name: string, values: unknown[], dtype: pl.DataType): pl.Series {
  if (values.every((value) => value === null)) return pl.Series(name, values as null[]).cast(dtype);
  return pl.Series(name, values, dtype).cast(dtype);
}

/** A column Polars builds from the JavaScript values our rows hold. */
function direct(dtype: pl.DataType, values: fc.Arbitrary<unknown>, required = false): PolarsColumn {
  return {
    required,
    values,
    series: (name, held) => seriesOf(name, held.map(toPolars), dtype),
    fromPolars: (series) => series.toArray(),
    comparable: toPolars,
  };
}

/** Typed arrays (lists of numbers) as plain arrays: what Polars takes and gives. */
function toPolars(value: unknown): unknown {
  return ArrayBuffer.isView(value) ? [...(value as unknown as Iterable<unknown>)] : value;
}

/**
 * 64-bit integers (and timestamps, lists of them) as decimal text: Polars' JavaScript input and
 * output of them goes through numbers, which lose digits past 2^53. `stored` is the column's
 * type, reached from `asText` through `asInteger`.
 */
function wide(
  values: fc.Arbitrary<unknown>,
  text: (value: unknown) => unknown,
  stored: pl.DataType,
  asText: pl.DataType = pl.Utf8,
  asInteger: pl.DataType = stored,
): PolarsColumn {
  return {
    required: false,
    values,
    series: (name, held) => seriesOf(name, held.map(text), asText).cast(asInteger).cast(stored),
    fromPolars: (series) => series.cast(asInteger).cast(asText).toArray(),
    comparable: text,
  };
}

const decimal = (value: unknown) => (value === null ? null : String(value));
const decimals = (value: unknown) => (value === null ? null : [...(value as BigInt64Array)].map(String));
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });

/**
 * Text that puts strings at the edges that matter to Arrow's layouts: empty, 12 bytes and either
 * side (a Utf8View string of at most 12 bytes is held inline, a longer one in a data buffer), and
 * long runs of 1- to 4-byte characters that fill Polars' data buffers (which start at 8 KiB and
 * double) and their neighbours' ends.
 */
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 14 }),
  fc.integer({ min: 11, max: 13 }).map((length) => "x".repeat(length)),
  fc
    .tuple(fc.constantFrom("a", "é", "€", "😀"), fc.integer({ min: 1000, max: 9000 }))
    .map(([character, count]) => character.repeat(count)),
);

/**
 * A struct column, built from its fields' Series: nodejs-polars builds a struct from JavaScript
 * objects by the first one's types (a null `note` there makes every note null), and no null
 * struct at all, so Polars makes the missing ones null itself.
 */
function pointSeries(name: string, values: readonly unknown[]): pl.Series {
  const points = values as readonly ({ x: number; note: string | null } | null)[];
  const fields = pl.DataFrame([
    seriesOf(
      "x",
      points.map((point) => point?.x ?? null),
      pl.Float64,
    ),
    seriesOf(
      "note",
      points.map((point) => point?.note ?? null),
      pl.Utf8,
    ),
    pl.Series(
      "present",
      points.map((point) => point !== null),
      pl.Bool,
    ),
  ]);
  const point = pl.struct([pl.col("x"), pl.col("note")]);
  return fields.select(pl.when(pl.col("present")).then(point).otherwise(pl.lit(null)).alias(name)).getColumn(name);
}

const hex = (value: unknown) => (value === null ? null : Buffer.from(value as Uint8Array).toString("hex"));

export const POLARS_COLUMNS = {
  flag: direct(pl.Bool, fc.boolean(), true),
  tiny: direct(pl.Int8, fc.integer({ min: -128, max: 127 })),
  small: direct(pl.Int16, fc.integer({ min: -32768, max: 32767 }), true),
  medium: direct(pl.Int32, fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })),
  big: wide(int64, decimal, pl.Int64),
  ubyte: direct(pl.UInt8, fc.integer({ min: 0, max: 255 }), true),
  ushort: direct(pl.UInt16, fc.integer({ min: 0, max: 65535 })),
  uint: direct(pl.UInt32, fc.integer({ min: 0, max: 2 ** 32 - 1 }), true),
  ubig: wide(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), decimal, pl.UInt64),
  single: direct(pl.Float32, fc.float()),
  double: direct(pl.Float64, fc.double(), true),
  text: direct(pl.Utf8, text),
  blob: {
    required: false,
    values: fc.uint8Array({ maxLength: 20 }),
    // Polars builds binary from hex text, and gives it to JavaScript as a list of bytes.
    series: (name, held) => seriesOf(name, held.map(hex), pl.Utf8).str.decode("hex"),
    fromPolars: (series) =>
      series
        .cast(pl.List(pl.UInt8))
        .toArray()
        .map((bytes) => hex(bytes && Uint8Array.from(bytes))),
    comparable: hex,
  },
  point: {
    required: false,
    values: fc.record({ x: fc.double(), note: fc.option(text, { nil: null }) }),
    series: pointSeries,
    // Polars gives a missing struct as one of missing fields.
    fromPolars: (series) => {
      const missing = series.isNull().toArray();
      return series.toArray().map((point, k) => (missing[k] ? null : point));
    },
    comparable: (point) => point && { ...(point as object) },
  },
  at: wide(int64, decimal, pl.Datetime("ns"), pl.Utf8, pl.Int64),
  floats: direct(pl.List(pl.Float32), fc.float32Array({ maxLength: 5 })),
  ints: wide(fc.bigInt64Array({ maxLength: 4 }), decimals, pl.List(pl.Int64), pl.List(pl.Utf8)),
  bytes: direct(pl.List(pl.UInt8), fc.uint8Array({ maxLength: 5 })),
  names: direct(pl.List(pl.Utf8), fc.array(text, { maxLength: 3 })),
} satisfies Record<string, PolarsColumn>;

export type PolarsColumnName = keyof typeof POLARS_COLUMNS;
