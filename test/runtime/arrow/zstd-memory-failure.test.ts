/**
 * The ZSTD encoder when the engine cannot reserve its WebAssembly memory (V8 reserves ~10 GB of
 * address space for each, which `ulimit -v` may not leave): @bokuweb/zstd-wasm's Node build only
 * logs the failed instantiation and never settles its `init()`, so a compressed write would hang.
 * Here `WebAssembly.instantiate` refuses as V8 does under such a limit; the real library loads.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test, vi } from "vitest";
import { ModelV1SchemaVersion, readTable, writeTable } from "legolas-ts";

test("a zstd encoder whose WebAssembly memory cannot be reserved fails the write with a CompressionUnavailableError saying so, and writes nothing", {
  timeout: 15_000,
}, async () => {
  const instantiate = vi
    .spyOn(WebAssembly, "instantiate")
    .mockRejectedValue(
      new RangeError("WebAssembly.instantiate(): Out of memory: Cannot allocate Wasm memory for new instance"),
    );
  const folder = mkdtempSync(join(tmpdir(), "legolas-zstd-memory-"));
  const rows = [{ architecture_version: 2n }];

  await expect(
    writeTable(join(folder, "zstd.arrow"), rows, ModelV1SchemaVersion, { compression: "zstd" }),
  ).rejects.toMatchObject({
    name: "CompressionUnavailableError",
    code: "compression_unavailable",
    compression: "zstd",
    message: expect.stringMatching(
      /Out of memory.*address space for each WebAssembly memory.*ulimit -v.*compression: "lz4"/s,
    ),
  });
  expect(instantiate).toHaveBeenCalled();
  expect(existsSync(join(folder, "zstd.arrow"))).toBe(false);

  // The other codec writes, and the table reads back.
  await writeTable(join(folder, "lz4.arrow"), rows, ModelV1SchemaVersion, { compression: "lz4" });
  const table = await readTable(join(folder, "lz4.arrow"), { schemaVersion: ModelV1SchemaVersion });
  expect(table.rows.map((row) => row.architecture_version)).toEqual([2n]);
});
