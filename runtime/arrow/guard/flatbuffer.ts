/**
 * Bounds-checked reads of a flatbuffer (an Arrow Footer or Message), shared by the walks of
 * guard/: the metadata bounds (ipc-bounds.ts), the compressed bodies (compressed-bodies.ts) and
 * the batch layout (batch-layout.ts). A read outside the bytes, or a table visit past the
 * budget, throws `Corrupt`, which the walks' caller turns into one `NotArrowFileError`.
 */

/** Metadata that contradicts itself: the message says what, the caller says where. */
export class Corrupt extends Error {}

/**
 * A stream whose bytes end inside a message: its writer stopped mid-write or is still writing,
 * or a length in the message is damaged. The bytes cannot tell which, so the caller names both,
 * not "corrupt" alone, which would send its user looking for damage that may not be there.
 */
export class CutShort extends Corrupt {}

/**
 * The largest vtable entry (a vtable's size, a field's place in its table) read here as the
 * parser apache-arrow uses reads it. The format's entries are unsigned, but flatbuffers'
 * JavaScript reads them as int16: past this, an entry is a negative offset there, and apache-arrow
 * would read other bytes than this walk checked.
 */
const MAX_VTABLE_ENTRY = 0x7fff;

/** Bounds-checked reads of one flatbuffer (a Footer or a Message). */
export class FlatBuffer {
  readonly #view: DataView;
  /** Tables this walk may still visit: shared subtables cannot multiply the work. */
  budget: number;

  constructor(readonly bytes: Uint8Array) {
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.budget = Math.max(16, bytes.length >> 2);
  }

  #at(position: number, size: number): number {
    if (!Number.isSafeInteger(position) || position < 0 || position + size > this.bytes.length) {
      throw new Corrupt(`a metadata read at ${position} falls outside its ${this.bytes.length} bytes`);
    }
    return position;
  }
  u8(p: number): number {
    return this.#view.getUint8(this.#at(p, 1));
  }
  i16(p: number): number {
    return this.#view.getInt16(this.#at(p, 2), true);
  }
  u16(p: number): number {
    return this.#view.getUint16(this.#at(p, 2), true);
  }
  i32(p: number): number {
    return this.#view.getInt32(this.#at(p, 4), true);
  }
  u32(p: number): number {
    return this.#view.getUint32(this.#at(p, 4), true);
  }
  i64(p: number): number {
    return Number(this.#view.getBigInt64(this.#at(p, 8), true));
  }

  /** The table the uoffset at `p` points to. */
  table(p: number): number {
    if (--this.budget < 0)
      throw new Corrupt("its metadata holds more tables than its size allows (shared or cyclic subtables)");
    const table = p + this.u32(p);
    const vtable = table - this.i32(table);
    const size = this.u16(vtable);
    if (size < 4 || size % 2 !== 0 || size > MAX_VTABLE_ENTRY) throw new Corrupt(`a vtable of ${size} bytes`);
    this.#at(vtable, size);
    this.#at(table, this.u16(vtable + 2));
    return table;
  }

  /** Where field `slot` of `table` sits, or 0 when it is absent. */
  field(table: number, slot: number): number {
    const vtable = table - this.i32(table);
    const entry = 4 + 2 * slot;
    if (entry >= this.u16(vtable)) return 0;
    const offset = this.u16(vtable + entry);
    if (offset > MAX_VTABLE_ENTRY) throw new Corrupt(`a field ${offset} bytes into its table`);
    return offset === 0 ? 0 : this.#at(table + offset, 1);
  }

  /** The vector in field `slot`: where its elements start and how many, each `size` bytes, all inside. */
  vector(table: number, slot: number, size: number): { start: number; length: number } {
    const p = this.field(table, slot);
    if (p === 0) return { start: 0, length: 0 };
    const at = p + this.u32(p);
    const length = this.u32(at);
    if (at + 4 + length * size > this.bytes.length) {
      throw new Corrupt(
        `a vector of ${length} elements of ${size} bytes runs past the end of its ${this.bytes.length} bytes`,
      );
    }
    return { start: at + 4, length };
  }

  /** Visits each table of the vector of tables in field `slot`. */
  tables(table: number, slot: number, visit: (table: number) => void): void {
    const { start, length } = this.vector(table, slot, 4);
    for (let k = 0; k < length; k++) visit(this.table(start + 4 * k));
  }
}

/**
 * A piece of the file the walk needs: `length` bytes at `at`, always inside the file (the walk
 * checks that before it asks). The walk is a generator that yields the pieces it needs and is
 * given their bytes, so that one walk serves bytes in memory (each piece a subarray, no copy)
 * and a file read piece by piece (the footer and each message's metadata, never a body).
 */
export interface Piece {
  readonly at: number;
  readonly length: number;
}
export type Walk<Result = void> = Generator<Piece, Result, Uint8Array>;
