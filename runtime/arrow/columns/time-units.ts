/**
 * The Arrow storages of Julia's `DateTime` and `Time` other than the ones Arrow.jl writes, and
 * how their stored counts become the values legolas-ts holds. Arrow.jl writes a `DateTime` as
 * Timestamp(MILLISECOND) and a `Time` as Time64(NANOSECOND), but reads any Timestamp without a
 * zone as a `DateTime` and any Time32/Time64 as a `Time` (src/eltypes.jl, `finaljuliatype`), and
 * Legolas.jl accepts whatever Arrow.jl reads: pandas and pyarrow write `datetime64[ns]` and
 * `datetime64[us]` columns, Polars `Datetime("us")`, and a Legolas table they write is valid.
 *
 * The precision rule. A `datetime` is a JavaScript `Date`, whole milliseconds, and so is Julia's
 * `DateTime`. A count of microseconds or nanoseconds becomes milliseconds exactly as Arrow.jl's
 * conversion makes it (`Dates.toms`, which is `div`): the sub-millisecond part is dropped, toward
 * zero, so that both languages read the same instant from the same file. `-1` ns is therefore
 * 1970-01-01T00:00:00.000, as in Julia. The exact count stays in the Arrow table a read returns.
 * A `time` is a bigint count of nanoseconds, so every unit converts exactly. A `timestamp<unit>`
 * is a bigint count of its unit: Arrow.jl reads a Timestamp of any unit as a `DateTime`, or with a
 * zone as a `ZonedDateTime` (both in milliseconds, `Dates.toms`), so a field reads any unit of its
 * zone, a finer one truncated toward zero as Julia truncates it, a coarser one exactly.
 */
import { DataType, DateUnit, type Date_, type Duration, type Time, type Timestamp, TimeUnit } from "apache-arrow";

/** Counts of each Arrow time unit in one second. */
const PER_SECOND: Readonly<Record<TimeUnit, bigint>> = {
  [TimeUnit.SECOND]: 1n,
  [TimeUnit.MILLISECOND]: 1_000n,
  [TimeUnit.MICROSECOND]: 1_000_000n,
  [TimeUnit.NANOSECOND]: 1_000_000_000n,
};

/**
 * Whether `unit` is one of Arrow's four time units. A file's schema may say any number (a damaged
 * or hostile one does); such a column is no `datetime` or `time` storage, so it is refused as a
 * column of another type rather than converted with no scale.
 */
function isTimeUnit(unit: number): unit is TimeUnit {
  return Object.hasOwn(PER_SECOND, unit);
}

/** Whether `type` stores a `datetime`: a Timestamp of any unit without a time zone, or a Date(MILLISECOND). */
export function isDateTimeStorage(type: DataType): type is Timestamp | Date_ {
  return (
    (DataType.isTimestamp(type) && (type.timezone ?? null) === null && isTimeUnit(type.unit)) ||
    (DataType.isDate(type) && type.unit === DateUnit.MILLISECOND)
  );
}

/** Whether `type` stores a `timestamp` of some zone: a Timestamp of any of Arrow's four units. */
export function isTimestampStorage(type: DataType): type is Timestamp {
  return DataType.isTimestamp(type) && isTimeUnit(type.unit);
}

/**
 * Whether `type` stores a `time`: Time32 (seconds, milliseconds) or Time64 (microseconds,
 * nanoseconds). A Time of another width (a damaged file) is none: apache-arrow has no array for it.
 */
export function isTimeOfDayStorage(type: DataType): type is Time {
  return DataType.isTime(type) && isTimeUnit(type.unit) && (type.bitWidth === 32 || type.bitWidth === 64);
}

/**
 * How a stored count becomes a count of `target` units: multiplied (a coarser unit) or divided,
 * truncating toward zero (a finer one), as Julia's `Dates.toms`/`Dates.tons` do.
 */
export interface UnitChange {
  readonly multiply: bigint;
  readonly divide: bigint;
}

/** From a `datetime` column's storage to milliseconds since 1970. */
export function dateTimeUnitChange(type: Timestamp | Date_): UnitChange {
  return DataType.isDate(type) ? SAME : unitChange(type.unit, TimeUnit.MILLISECOND);
}

/** From a `timestamp` column's storage to counts of the field's own unit. */
export function timestampUnitChange(type: Timestamp, unit: TimeUnit): UnitChange {
  return unitChange(type.unit, unit);
}

/** From a `time` column's storage to nanoseconds since midnight. */
export function timeOfDayUnitChange(type: Time): UnitChange {
  return unitChange(type.unit, TimeUnit.NANOSECOND);
}

/** From a Duration's storage to nanoseconds: a `period` (julia-scalars.ts), exact from every unit. */
export function durationUnitChange(type: Duration): UnitChange {
  return unitChange(type.unit, TimeUnit.NANOSECOND);
}

/** Whether `type` is a Duration of one of Arrow's four units: what Julia reads as a `Dates.Period`. */
export function isDurationStorage(type: DataType): type is Duration {
  return DataType.isDuration(type) && isTimeUnit(type.unit);
}

const SAME: UnitChange = { multiply: 1n, divide: 1n };

function unitChange(from: TimeUnit, to: TimeUnit): UnitChange {
  const source = PER_SECOND[from];
  const target = PER_SECOND[to];
  return source <= target ? { multiply: target / source, divide: 1n } : { multiply: 1n, divide: source / target };
}

/** `stored` in the target unit (BigInt division truncates toward zero, as Julia's `div`). */
export function changeUnit(stored: bigint, change: UnitChange): bigint {
  return (stored * change.multiply) / change.divide;
}

/**
 * The stored counts that land within `[low, high]` target units: what a column scan compares,
 * so that it converts nothing. Division truncates toward zero, so `high` is reached from up to
 * `divide - 1` counts above it, and `low` from as far below.
 */
export function storedRange(low: bigint, high: bigint, change: UnitChange): { low: bigint; high: bigint } {
  const { multiply, divide } = change;
  return {
    low: ceilDiv(low, multiply) * divide - (low <= 0n ? divide - 1n : 0n),
    high: floorDiv(high, multiply) * divide + (high >= 0n ? divide - 1n : 0n),
  };
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b > a ? q - 1n : q;
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return q * b < a ? q + 1n : q;
}
