/**
 * `legolas inspect` of a table larger than it may hold: its facts are taken batch by batch, so
 * that memory holds a batch, never the table. Alone in its file, so that the process's peak
 * memory is this test's.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { runCli } from "./helpers.js";
import type { TableFacts } from "../../generator/cli/table-facts.js";
import { writeTable } from "../../runtime/arrow/table-files.js";
import { FlatArray, ModelV1SchemaVersion, Weights } from "../../runtime/index.js";

const MiB = 2 ** 20;
const BATCHES = 192;
const FLOATS_PER_ROW = MiB;
const TABLE_BYTES = BATCHES * FLOATS_PER_ROW * 4;

test("inspect --head 1 of a zstd table of 768 MiB in 192 batches of one model row: its facts, the process's peak memory rising by less than half the table", async () => {
  const folder = mkdtempSync(join(tmpdir(), "legolas-inspect-large-"));
  const path = join(folder, "model.arrow");
  try {
    // One array of 4 MiB in every row: the writer holds one, and zstd keeps the file at about 4 MB.
    const vec = new Float32Array(FLOATS_PER_ROW).fill(0.5);
    async function* rows() {
      for (let i = 0; i < BATCHES; i++) yield { weights: new Weights([new FlatArray(vec, [FLOATS_PER_ROW])]) };
    }
    await writeTable(path, rows(), ModelV1SchemaVersion, { batchSize: 1, compression: "zstd" });
    const peakAtStart = process.resourceUsage().maxRSS * 1024;
    const result = await runCli("inspect", "--json", "--head", "1", path);
    const peakRise = process.resourceUsage().maxRSS * 1024 - peakAtStart;

    expect(result.code).toBe(0);
    const facts = JSON.parse(result.out) as TableFacts;
    expect({ rows: facts.rows, batches: facts.batches, compression: facts.compression }).toEqual({
      rows: BATCHES,
      batches: BATCHES,
      compression: ["zstd"],
    });
    expect(facts.check.violations).toEqual([]);
    expect(facts.head).toEqual([
      { weights: `Weights: 1 array, ${FLOATS_PER_ROW} elements`, architecture_version: null },
    ]);
    expect(facts.weights[0]!.rows).toHaveLength(BATCHES);
    expect(facts.weights[0]!.rows.at(-1)).toEqual({
      row: BATCHES - 1,
      arrays: [{ index: 0, shape: [FLOATS_PER_ROW], size: [FLOATS_PER_ROW], elements: FLOATS_PER_ROW }],
      elements: FLOATS_PER_ROW,
    });
    // Holding every batch, as inspect did, raised it by the whole table (840 MiB); batch by batch, by about 100 MiB.
    expect(peakRise).toBeLessThan(TABLE_BYTES / 2);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}, 120_000);
