/**
 * The precision rule of julia-storages.test.ts on every value: a `datetime` stored as a Timestamp
 * of any unit reads as the whole milliseconds Arrow.jl's `Dates.toms` gives (the count divided,
 * truncated toward zero; seconds multiplied), or is refused when that instant lies beyond a
 * JavaScript `Date`; a `time` stored as Time32/Time64 of any unit reads as its exact count of
 * nanoseconds, or is a RowValidationError when that is not within one day. Values are drawn from
 * the whole stored range and from around the edges that matter (1970, a Date's end, midnight).
 */
import {
  Field,
  makeData,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  TimeMicrosecond,
  TimeMillisecond,
  TimeNanosecond,
  TimeSecond,
  Timestamp,
  TimeUnit,
  type DataType,
} from "apache-arrow";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { readTableBytes, SCHEMA_QUALIFIED_KEY } from "legolas-ts";
import { JuliaStoragesV1SchemaVersion } from "../../generated/index.js";

const MAX_DATE_MS = 8_640_000_000_000_000n;
const NS_PER_DAY = 86_400_000_000_000n;

/** A one-column-plus file of `test.julia-storages@1`: `at` and, when given, `clock`. */
function fileOf(
  at: { type: DataType; values: BigInt64Array },
  clock?: { type: DataType; values: ArrayLike<number | bigint> },
) {
  const columns =
    clock === undefined
      ? [["at", at] as const]
      : ([
          ["at", at],
          ["clock", clock],
        ] as const);
  const fields = columns.map(([name, { type }]) => new Field(name, type, true));
  const children = columns.map(([, { type, values }]) =>
    makeData({ type, length: values.length, nullCount: 0, data: values } as never),
  );
  const schema = new Schema(fields, new Map([[SCHEMA_QUALIFIED_KEY, JuliaStoragesV1SchemaVersion.identifier]]));
  const batch = new RecordBatch(schema, makeData({ type: new Struct(fields), length: at.values.length, children }));
  return tableToIPC(new Table([batch]), "file");
}

/** Counts from the whole int64 range, from around 0, and from around the count that is a Date's last millisecond. */
function counts(edge: bigint): fc.Arbitrary<bigint> {
  return fc
    .oneof(
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
      fc.bigInt({ min: -10_000_000n, max: 10_000_000n }),
      fc.bigInt({ min: -1000n, max: 1000n }).chain((d) => fc.constantFrom(edge + d, -edge + d)),
    )
    .filter((v) => BigInt.asIntN(64, v) === v);
}

describe("datetime: every Timestamp unit", () => {
  test.each([
    ["s", TimeUnit.SECOND, (v: bigint) => v * 1000n, MAX_DATE_MS / 1000n],
    ["ms", TimeUnit.MILLISECOND, (v: bigint) => v, MAX_DATE_MS],
    ["us", TimeUnit.MICROSECOND, (v: bigint) => v / 1000n, MAX_DATE_MS * 1000n],
    ["ns", TimeUnit.NANOSECOND, (v: bigint) => v / 1_000_000n, MAX_DATE_MS],
  ])("Timestamp(%s): Dates.toms's milliseconds, or refused past a Date's range", (_, unit, toMilliseconds, edge) => {
    fc.assert(
      fc.property(fc.array(counts(edge), { minLength: 1, maxLength: 8 }), (stored) => {
        const bytes = fileOf({ type: new Timestamp(unit), values: BigInt64Array.from(stored) });
        const milliseconds = stored.map(toMilliseconds);
        const readable = milliseconds.every((value) => value >= -MAX_DATE_MS && value <= MAX_DATE_MS);
        for (const validate of ["rows", "columns"] as const) {
          const read = () =>
            readTableBytes(bytes, { schemaVersion: JuliaStoragesV1SchemaVersion, validate, rows: "eager" }).rows;
          if (readable) expect(read().map((row) => BigInt(row.at.getTime()))).toEqual(milliseconds);
          else expect(read).toThrow("beyond what a JavaScript Date holds");
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("time: every Time32 and Time64 unit", () => {
  test.each([
    ["Time32(s)", new TimeSecond(), 1_000_000_000n],
    ["Time32(ms)", new TimeMillisecond(), 1_000_000n],
    ["Time64(us)", new TimeMicrosecond(), 1_000n],
    ["Time64(ns)", new TimeNanosecond(), 1n],
  ])("%s: the exact nanoseconds, or a RowValidationError outside one day", (_, type, perCount) => {
    const range = type.bitWidth === 32 ? 2n ** 31n : 2n ** 63n;
    const count = fc.oneof(
      fc.bigInt({ min: -range, max: range - 1n }),
      fc.bigInt({ min: -2n, max: 2n }).chain((d) => fc.constantFrom(d, NS_PER_DAY / perCount + d - 1n)),
    );
    fc.assert(
      fc.property(fc.array(count, { minLength: 1, maxLength: 8 }), (stored) => {
        const clock = {
          type,
          values: type.bitWidth === 32 ? Int32Array.from(stored, Number) : BigInt64Array.from(stored),
        };
        const bytes = fileOf(
          { type: new Timestamp(TimeUnit.MILLISECOND), values: new BigInt64Array(stored.length) },
          clock,
        );
        const nanoseconds = stored.map((v) => v * perCount);
        const firstBad = nanoseconds.findIndex((ns) => ns < 0n || ns >= NS_PER_DAY);
        const read = () => readTableBytes(bytes, { schemaVersion: JuliaStoragesV1SchemaVersion, rows: "eager" }).rows;
        if (firstBad < 0) expect(read().map((row) => row.clock)).toEqual(nanoseconds);
        else expect(read).toThrow(expect.objectContaining({ name: "RowValidationError", rowIndex: firstBad }));
      }),
      { numRuns: 60 },
    );
  });
});
