/**
 * The rows of the table benchmarks (items 3 and 4 of issue 5): `bench.sample@1`, 10 columns,
 * as an application holds them before writing (plain objects, `id` already a bigint, `samples`
 * a Float32Array), so that neither side converts anything the other does not.
 */
import type { BenchSampleV1Input } from "../generated/bench.sample.js";

export const SITES = ["north", "south", "east", "west"] as const;
/** Elements of every `samples` list. */
export const SAMPLES_PER_ROW = 8;

/** Row `i`: distinct values, half the notes null, ASCII strings of 6 to 24 characters. */
export function sampleRow(
  i: number,
): BenchSampleV1Input & { readonly id: bigint; readonly note: string | null; readonly samples: Float32Array } {
  const samples = new Float32Array(SAMPLES_PER_ROW);
  for (let k = 0; k < SAMPLES_PER_ROW; k++) samples[k] = ((i + k) % 1000) / 1000;
  return {
    id: BigInt(i),
    subject: i % 1000,
    channel: i & 63,
    value: i * 0.001,
    gain: Math.fround(1 + (i % 10) / 8),
    label: `subject-${i % 1000}-rec-${i}`,
    site: SITES[i & 3]!,
    valid: i % 7 !== 0,
    note: (i & 1) === 0 ? null : `n${i}`,
    samples,
  };
}

export type SampleRow = ReturnType<typeof sampleRow>;

export function sampleRows(count: number): SampleRow[] {
  const rows = new Array<SampleRow>(count);
  for (let i = 0; i < count; i++) rows[i] = sampleRow(i);
  return rows;
}

/** The rows one at a time, never all in memory: the input of a streaming write. */
export function* sampleRowStream(count: number): Generator<SampleRow> {
  for (let i = 0; i < count; i++) yield sampleRow(i);
}
