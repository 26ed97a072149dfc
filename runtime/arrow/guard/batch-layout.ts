/**
 * What a record batch's metadata must say so that every read path reads the same bytes. Our
 * readers take a batch's buffers two ways: the whole-file and stream reads hand the body to
 * apache-arrow, which makes typed-array views into it, while the read by the footer
 * (ipc/batch-loader.ts) fetches each buffer into memory of its own and builds the batch from
 * the field nodes. Two things in a batch's metadata were read differently by the two, so both
 * are refused here, in the metadata walk every path runs before apache-arrow parses the batch
 * (guard/ipc-bounds.ts), with one `NotArrowFileError`:
 *
 * - A buffer that holds bytes must start at a multiple of 8 of its body. Arrow's IPC format
 *   requires it of writers (Columnar.rst, "Buffer Alignment and Padding"; apache/arrow#22320:
 *   "each buffer must start at an aligned 8-byte offset"), Arrow C++ and pyarrow refuse
 *   anything else ("did not start on 8-byte aligned offset"), and every writer we read from
 *   aligns them: Arrow.jl (its `alignment` defaults to 8), apache-arrow and ours. apache-arrow's
 *   views refuse an offset its element size does not divide (a RangeError), where the fetched
 *   copy reads the bytes shifted; an offset one byte off is corruption far more often than a
 *   writer's choice, and read as it stands it gives every value of the column wrong. Arrow.jl
 *   copies such a buffer and reads it; reading it on every path here would mean patching
 *   apache-arrow's loaders, for files no Arrow writer makes. Empty buffers may sit anywhere:
 *   nothing is viewed, and apache-arrow's and our writers of compressed bodies place them
 *   unpadded (which is why the rule is on buffers that hold bytes, compressed or not, as C++'s).
 * - Each column (top-level field node) must hold as many values as its batch has rows
 *   (Columnar.rst, "Record Batch message": the nodes of a batch's columns have its length).
 *   apache-arrow's RecordBatch pads a shorter column with nulls and cuts a longer one
 *   (`ensureSameLengthData`), so a whole read took a column of 3 + 2^48 values as 3 rows where
 *   the read by the footer refused it, and a shorter optional column read as nulls. Arrow C++
 *   refuses both ("Array length did not match record batch length"). A batch's length is a
 *   count, never negative.
 */
import type { SchemaLayout } from "./compressed-bodies.js";
import type { FlatBuffer } from "./flatbuffer.js";

type FieldLayout = SchemaLayout["fields"][number];

/** The alignment Arrow's IPC format requires of every buffer's offset in its message body. */
const BUFFER_ALIGNMENT = 8;

/** A buffer of `length` bytes at `offset` of its body, checked to sit where every reader reads it alike. */
export function checkBufferAlignment(
  index: number,
  offset: number,
  length: number,
  fail: (problem: string) => never,
): void {
  if (length > 0 && offset % BUFFER_ALIGNMENT !== 0) {
    fail(
      `buffer ${index} of a batch starts at byte ${offset} of its body, where Arrow's IPC format requires a multiple of ${BUFFER_ALIGNMENT}`,
    );
  }
}

/**
 * The columns of a RecordBatch table of `fb`, laid out as `fields` (the schema's), checked to
 * be as long as the batch. Nodes the batch lacks are left to the readers, which refuse them.
 */
export function checkColumnLengths(
  fb: FlatBuffer,
  batch: number,
  fields: readonly FieldLayout[],
  fail: (problem: string) => never,
): void {
  const lengthAt = fb.field(batch, 0);
  const rows = lengthAt === 0 ? 0 : fb.i64(lengthAt);
  if (rows < 0) fail(`a record batch's length is ${rows}`);
  const nodes = fb.vector(batch, 1, 16); // FieldNode {length: int64, null_count: int64}
  let node = 0;
  for (const [column, field] of fields.entries()) {
    if (node >= nodes.length) return;
    const values = fb.i64(nodes.start + 16 * node);
    if (values !== rows) fail(`column ${column} holds ${values} values where its record batch's length is ${rows}`);
    node += nodeCount(field);
  }
}

/** The field nodes a column of this layout takes in a batch: its own and its children's, depth first. */
function nodeCount(field: FieldLayout): number {
  let count = 1;
  for (const child of field.children) count += nodeCount(child);
  return count;
}
