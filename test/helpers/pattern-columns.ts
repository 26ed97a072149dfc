/**
 * String columns for the pattern tests (test/generator/patterns.test.ts,
 * test/runtime/pattern-kernel.property.test.ts): values as an Arrow string column's bytes and
 * offsets, and what an automaton rejects of them.
 */
import { expect } from "vitest";
import type { PatternAutomaton } from "../../runtime/patterns.js";

const utf8 = new TextEncoder();

/** `values` (texts, or bytes as they are) as an Arrow string column's value bytes and offsets. */
export function stringColumn(values: readonly (string | Uint8Array)[]): { bytes: Uint8Array; offsets: Int32Array } {
  const encoded = values.map((each) => (typeof each === "string" ? utf8.encode(each) : each));
  const offsets = new Int32Array(values.length + 1);
  encoded.forEach((bytes, i) => (offsets[i + 1] = offsets[i]! + bytes.length));
  const bytes = new Uint8Array(offsets[values.length]!);
  encoded.forEach((each, i) => bytes.set(each, offsets[i]!));
  return { bytes, offsets };
}

/** A 1 for each value `forEachRejected` rejects, a 0 for the others; each must be rejected once, in order. */
export function rejectedFlags(
  automaton: PatternAutomaton,
  bytes: Uint8Array,
  offsets: Int32Array,
  n: number,
): number[] {
  const flags = new Array<number>(n).fill(0);
  let last = -1;
  automaton.forEachRejected(bytes, offsets, n, (i) => {
    expect(i).toBeGreaterThan(last);
    flags[(last = i)] = 1;
  });
  return flags;
}
