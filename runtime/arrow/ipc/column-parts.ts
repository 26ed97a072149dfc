/**
 * Which parts of a record batch's metadata belong to which column. A RecordBatch message lists
 * the field nodes and buffers of every column, depth first, in schema order (Arrow columnar
 * format, "Record batches"); how many each column takes follows from its type, which the guard
 * already knows (guard/compressed-bodies.ts, `schemaLayout`), plus, for a view column, the count
 * of its variadic buffers in this batch. Picking some columns is picking their parts.
 */
import type { BufferRegion, FieldNode } from "apache-arrow/ipc/metadata/message";
import type { SchemaLayout } from "../guard/compressed-bodies.js";

type FieldLayout = SchemaLayout["fields"][number];

/** The metadata of a record batch, as apache-arrow decodes it. */
export interface BatchMetadata {
  readonly nodes: readonly FieldNode[];
  readonly buffers: readonly BufferRegion[];
  readonly variadicBufferCounts: readonly number[];
}

/** The parts of the picked columns, in their order, as a batch of those columns alone would list them. */
export interface ColumnParts {
  readonly nodes: FieldNode[];
  readonly buffers: BufferRegion[];
  readonly variadicBufferCounts: number[];
}

/**
 * The parts of the columns at `columns` (indexes into the schema, ascending); `fail` is called
 * when the batch lists fewer parts than its schema needs.
 */
export function pickColumnParts(
  layout: SchemaLayout,
  batch: BatchMetadata,
  columns: readonly number[],
  fail: (problem: string) => never,
): ColumnParts {
  const picked: ColumnParts = { nodes: [], buffers: [], variadicBufferCounts: [] };
  const wanted = new Set(columns);
  let node = 0;
  let buffer = 0;
  let variadic = 0;
  const walk = (field: FieldLayout, keep: boolean): void => {
    const nodeAt = node++;
    if (nodeAt >= batch.nodes.length) fail("a record batch has fewer field nodes than its schema has fields");
    if (keep) picked.nodes.push(batch.nodes[nodeAt]!);
    let count = field.buffers.length;
    if (field.variadic) {
      const extra = batch.variadicBufferCounts[variadic++] ?? 0;
      if (keep) picked.variadicBufferCounts.push(extra);
      count += extra;
    }
    if (buffer + count > batch.buffers.length) fail("a record batch has fewer buffers than its schema needs");
    if (keep) for (let k = buffer; k < buffer + count; k++) picked.buffers.push(batch.buffers[k]!);
    buffer += count;
    for (const child of field.children) walk(child, keep);
  };
  const last = columns.reduce((max, index) => Math.max(max, index), -1);
  for (let index = 0; index <= last; index++) walk(layout.fields[index]!, wanted.has(index));
  return picked;
}
