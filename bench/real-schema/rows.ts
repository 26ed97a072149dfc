/**
 * The rows of the real-schema benchmarks (issue 24): `bench.reading@1` as an application holds
 * them before writing (plain objects, `id` a bigint, `samples` a Float32Array, the nested
 * `source` a plain object), pools of valid and invalid rows for the validators, and
 * `bench.simple@1` and `bench.metrics@1` rows.
 */
import type { BenchMetricsV1Input } from "../generated/bench.metrics.js";
import type { BenchReadingV1Input } from "../generated/bench.reading.js";
import type { BenchSimpleV1Input } from "../generated/bench.simple.js";

export const SAMPLES_PER_ROW = 8;

const hex = (value: number, digits: number) => (value >>> 0).toString(16).padStart(digits, "0").slice(-digits);

/** A canonical lower-case UUID made from `i` (version 4 layout; unique per row). */
export function uuidOf(i: number): string {
  return `${hex(i, 8)}-${hex(i >>> 16, 4)}-4${hex(i, 3)}-8${hex(i * 7, 3)}-${hex(i * 31, 8)}${hex(i, 4)}`;
}

/** A 40-digit lower-case hex string made from `i`, like a git commit. */
export function commitOf(i: number): string {
  return `${hex(i * 2654435761, 8)}${hex(i * 40503, 8)}${hex(i, 8)}${hex(i * 97, 8)}${hex(i * 13, 8)}`;
}

export type ReadingRow = BenchReadingV1Input & {
  readonly id: bigint;
  readonly value: number;
  readonly label: string;
  readonly note: string | null;
  readonly samples: Float32Array;
  readonly source: { readonly commit: string; readonly attempt: number };
};

/** Row `i`: distinct values, half the notes null, ASCII strings. */
export function readingRow(i: number): ReadingRow {
  const samples = new Float32Array(SAMPLES_PER_ROW);
  for (let k = 0; k < SAMPLES_PER_ROW; k++) samples[k] = ((i + k) % 1000) / 1000;
  return {
    id: BigInt(i),
    value: i * 0.5,
    gain: Math.fround((i % 1000) / 10),
    label: `sensor-${i % 1000}-${i}`,
    valid: i % 3 !== 0,
    note: (i & 1) === 0 ? null : `n${i}`,
    samples,
    uuid: uuidOf(i),
    source: { commit: commitOf(i), attempt: i % 5 },
    level: i % 1001,
  };
}

export function readingRows(count: number): ReadingRow[] {
  const rows = new Array<ReadingRow>(count);
  for (let i = 0; i < count; i++) rows[i] = readingRow(i);
  return rows;
}

/** The rows one at a time, never all in memory: the input of a streaming write. */
export function* readingRowStream(count: number): Generator<ReadingRow> {
  for (let i = 0; i < count; i++) yield readingRow(i);
}

import { POOL } from "../validation/rows.js";

export { POOL };

/**
 * Pools of valid and invalid rows as a validator meets them (already converted: `id` a bigint,
 * `samples` a Float32Array). Each invalid row has one fault, of every kind in turn: a UUID or
 * commit that misses its pattern (by one character), a bound, a length, a wrong type, a missing field.
 */
export function readingPools(): { valid: object[]; invalid: object[] } {
  const valid = Array.from({ length: POOL }, (_, i) => readingRow(i * 7919 + 1));
  const faults: ((row: ReadingRow) => object)[] = [
    (row) => ({ ...row, uuid: `${row.uuid.slice(0, 35)}g` }),
    (row) => ({ ...row, source: { ...row.source, commit: `${row.source.commit.slice(0, 39)}G` } }),
    (row) => ({ ...row, gain: 100.5 }),
    (row) => ({ ...row, label: "x".repeat(33) }),
    (row) => ({ ...row, level: -1 }),
    (row) => ({ ...row, value: "1.5" }),
    (row) => ({ ...row, id: undefined }),
    (row) => ({ ...row, uuid: row.uuid.toUpperCase() }),
  ];
  const invalid = valid.map((row, i) => faults[i % faults.length]!(row as ReadingRow));
  return { valid, invalid };
}

export type SimpleRow = BenchSimpleV1Input & { readonly id: bigint; readonly note: string | null };

export function simpleRows(count: number): SimpleRow[] {
  const rows = new Array<SimpleRow>(count);
  for (let i = 0; i < count; i++)
    rows[i] = { id: BigInt(i), value: i * 0.25, note: (i & 1) === 0 ? null : `n${i}`, valid: i % 3 !== 0 };
  return rows;
}

/** One training step's metrics a row, as a training loop logs them. */
export function metricsRows(count: number): BenchMetricsV1Input[] {
  const rows = new Array<BenchMetricsV1Input>(count);
  for (let i = 0; i < count; i++)
    rows[i] = {
      epoch: i >> 14,
      step: i + 1,
      layer: i % 100,
      batch_size: 32 + (i % 5),
      loss: 1 / (1 + i),
      accuracy: (i % 1000) / 1000,
      learning_rate: 0.001,
      grad_norm: i % 977,
    };
  return rows;
}
