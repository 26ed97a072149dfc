/**
 * The linear replacements of apache-arrow's quadratic steps (runtime/arrow/ipc/linear-arrow.ts)
 * are installed by writes as well as reads: a program that only writes a wide arrow.Table used to
 * go through apache-arrow's Schema.assign, quadratic in the column count (20,000 columns:
 * writeTableBytes 7.7-8.3 s against 1.7-2.2 s with the linear one, measured in one process).
 * Vitest runs this file in a process of its own, so nothing has been read before it.
 */
import { Int32, RecordBatchReader, Schema, Table, vectorFromArray } from "apache-arrow";
import { expect, test, vi } from "vitest";
import { ModelV1SchemaVersion, readTableBytes, writeTableBytes } from "legolas-ts";
import { linearSchemaAssign } from "../../../runtime/arrow/ipc/schema-assign.js";

test("writing an arrow.Table installs the linear Schema.assign before apache-arrow builds its batches", () => {
  expect(Schema.prototype.assign).not.toBe(linearSchemaAssign);
  const columns = Object.fromEntries(
    Array.from({ length: 5_000 }, (_, k) => [`extra_${k}`, vectorFromArray([k], new Int32())]),
  );
  const table = new Table({ ...columns, architecture_version: vectorFromArray([1n]) });
  const bytes = writeTableBytes(table, ModelV1SchemaVersion);
  expect(Schema.prototype.assign).toBe(linearSchemaAssign);
  expect(bytes.length).toBeGreaterThan(5_000 * 8);
});

test("once installed, a read opens apache-arrow's one reader of its bytes, not another to find where to install", () => {
  const bytes = writeTableBytes([{ architecture_version: 1n }], ModelV1SchemaVersion);
  readTableBytes(bytes);
  const from = vi.spyOn(RecordBatchReader, "from");
  try {
    readTableBytes(bytes);
    // A one-row file's read spent 3% of its CPU on an empty reader opened to find the prototype.
    expect(from).toHaveBeenCalledTimes(1);
  } finally {
    from.mockRestore();
  }
});
