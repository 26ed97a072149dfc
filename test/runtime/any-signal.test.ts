/**
 * One signal for several where `AbortSignal.any` is missing (Node before 20.3, which the
 * package's engines allow): made by hand, and used by the reads of many files.
 */
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { readTableBatches, writeTableBytes } from "legolas-ts";
import { anySignal } from "../../runtime/any-signal.js";
import { TrainingLogV1SchemaVersion } from "../generated/index.js";
import { trainingLogRow } from "../scale/helpers/training-log.js";

describe("without AbortSignal.any", () => {
  const any = AbortSignal.any;
  beforeEach(() => {
    delete (AbortSignal as { any?: unknown }).any;
  });
  afterEach(() => {
    AbortSignal.any = any;
  });

  test("anySignal aborts with the reason of the first signal aborted, or of one aborted already", () => {
    const [first, second] = [new AbortController(), new AbortController()];
    const combined = anySignal([first.signal, second.signal]);
    expect(combined.aborted).toBe(false);
    second.abort("second");
    first.abort("first");
    expect(combined.reason).toBe("second");
    expect(anySignal([new AbortController().signal, first.signal]).reason).toBe("first");
  });

  test("many tables read with a signal: every row", async () => {
    const table = writeTableBytes([trainingLogRow(0, 10)], TrainingLogV1SchemaVersion);
    let rows = 0;
    for await (const batch of readTableBatches([table, table], { signal: new AbortController().signal }))
      rows += batch.rows.length;
    expect(rows).toBe(2);
  });
});
