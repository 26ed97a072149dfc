/**
 * The first record batch of an IPC file or stream, as its metadata lays it out in the bytes: where
 * its field nodes and buffers are, so a test can make the batch lie about one of them in place
 * (no length changes, so the footer still points at every message). Reads the flatbuffers
 * (Message.fbs: Message {version, header_type, header, bodyLength}; RecordBatch {length, nodes,
 * buffers}) without the runtime's guard, which is what is tested.
 */
import { slotAt } from "./flatbuffer-slots.js";

/** A FieldNode {length, null_count} or a Buffer {offset, length}: two int64s at `at`. */
export interface Pair {
  readonly at: number;
  readonly first: bigint;
  readonly second: bigint;
}

export interface BatchMetadata {
  readonly nodes: readonly Pair[];
  readonly buffers: readonly Pair[];
}

const RECORD_BATCH = 3;

export function firstRecordBatch(bytes: Uint8Array): BatchMetadata {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => view.getUint32(at, true);
  const field = (table: number, slot: number): number => slotAt(view, table, slot);
  const pairs = (table: number, slot: number): Pair[] => {
    const at = field(table, slot);
    const start = at + u32(at);
    return Array.from({ length: u32(start) }, (_, k) => {
      const p = start + 4 + 16 * k;
      return { at: p, first: view.getBigInt64(p, true), second: view.getBigInt64(p + 8, true) };
    });
  };
  // Messages follow the file's magic and padding, or start the stream: a continuation marker, a length, a Message.
  for (let at = bytes[0] === 0x41 ? 8 : 0; at + 8 <= bytes.length; ) {
    const length = view.getInt32(at + 4, true);
    const message = at + 8 + u32(at + 8);
    const headerAt = field(message, 2);
    const bodyAt = field(message, 3);
    if (view.getUint8(field(message, 1)) === RECORD_BATCH) {
      const batch = headerAt + u32(headerAt);
      return { nodes: pairs(batch, 1), buffers: pairs(batch, 2) };
    }
    at += 8 + length + (bodyAt === 0 ? 0 : Number(view.getBigInt64(bodyAt, true)));
  }
  throw new Error("internal: no record batch message");
}

/** `bytes` with the int64 at `at` set to `value`. */
export function withInt64(bytes: Uint8Array, at: number, value: bigint): Uint8Array {
  const out = bytes.slice();
  new DataView(out.buffer).setBigInt64(at, value, true);
  return out;
}
