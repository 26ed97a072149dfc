/**
 * Arrow IPC *file* bytes that Arrow.jl can read, produced batch by batch.
 *
 * Arrow JS's RecordBatchFileWriter writes the magic and then record batches, keeping the schema
 * only in the footer. Arrow.jl ignores the footer and reads the messages after the magic as a
 * stream, which must begin with a Schema message ("first arrow ipc message MUST be a schema
 * message"), and the Arrow spec describes the file body as a stream too. So our writer puts the
 * schema message back where the spec and Julia's files have it; everything else, footer included,
 * is apache-arrow's.
 */
import { Message, RecordBatchFileWriter, type RecordBatch, type Schema } from "apache-arrow";

class LegolasFileWriter extends RecordBatchFileWriter {
  protected override _writeSchema(schema: Schema): this {
    // The magic and its padding (what the base class writes), then the stream's Schema message.
    this._writeMagic()._writePadding(2);
    return this._writeMessage(Message.from(schema));
  }
}

/** The whole file at once, for tables that are in memory anyway (browser builds, tests). */
export function ipcFileBytes(schema: Schema, batches: Iterable<RecordBatch>): Uint8Array {
  const writer = new LegolasFileWriter();
  writer.reset(undefined, schema);
  for (const batch of batches) writer.write(batch);
  writer.finish();
  return writer.toUint8Array(true);
}

const NOT_READY = Symbol("not ready");
const notReady = Promise.resolve(NOT_READY);

/**
 * The file's bytes as chunks, produced while `batches` is consumed: after each batch the chunks
 * written so far are handed on, so memory holds about one batch, whatever the file's size. The
 * chunks are views of the batches' own buffers (arrow pads them; nothing is concatenated).
 */
export async function* ipcFileChunks(
  schema: Schema,
  batches: Iterable<RecordBatch> | AsyncIterable<RecordBatch>,
): AsyncGenerator<Uint8Array> {
  const writer = new LegolasFileWriter();
  const queue = writer[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<Uint8Array>> | null = null;

  // The writer's queue resolves `next()` at once while it holds chunks and leaves it pending
  // when empty; racing it against an already-resolved promise tells the two apart without
  // losing the pending read, which is kept for the next round.
  async function* written(): AsyncGenerator<Uint8Array> {
    for (;;) {
      pending ??= queue.next();
      const result = await Promise.race([pending, notReady]);
      if (result === NOT_READY) return;
      pending = null;
      if (result.done === true) return;
      yield result.value;
    }
  }

  writer.reset(undefined, schema);
  yield* written();
  for await (const batch of batches) {
    writer.write(batch);
    yield* written();
  }
  writer.finish();
  for (;;) {
    const result = await (pending ?? queue.next());
    pending = null;
    if (result.done === true) return;
    yield result.value;
  }
}
