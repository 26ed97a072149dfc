/**
 * Bytes that come once, in order, in pieces of any size (a pipe, a socket, a response body): read
 * forward only, each byte held from when it comes until the reader lets it go, so that a reader
 * of one message at a time holds one message, whatever the size of the whole.
 */
import { joinedBytes } from "./byte-source.js";

/** The last bytes of the input kept whatever is let go of: an IPC file's magic (6), as a file's end is checked. */
const LAST_BYTES = 8;

export class PipedBytes {
  private readonly chunks: Uint8Array[] = [];
  /** Where the first chunk held starts. */
  private heldFrom = 0;
  /** The bytes come so far: where the next chunk starts. */
  private received = 0;
  private ended = false;
  /** The last bytes come, up to {@link LAST_BYTES}: how an input ends, once it has. */
  private last: Uint8Array = new Uint8Array(0);
  private readonly input: AsyncIterator<Uint8Array>;

  constructor(input: AsyncIterable<Uint8Array>) {
    this.input = input[Symbol.asyncIterator]();
  }

  /** The bytes come so far; all of them once {@link fill} has met the end. */
  get size(): number {
    return this.received;
  }

  /** The last bytes come so far (up to 8): the end of the input once it has all come, held or not. */
  get lastBytes(): Uint8Array {
    return this.last;
  }

  /** Whether the bytes have all come. */
  get done(): boolean {
    return this.ended;
  }

  /** Waits until the bytes up to `end` have come, or all have: returns how far they reach now. */
  async fill(end: number): Promise<number> {
    while (this.received < end && !this.ended) {
      const next = await this.input.next();
      if (next.done === true) this.ended = true;
      else this.take(next.value);
    }
    return Math.min(end, this.received);
  }

  /**
   * Waits until the bytes up to `end` have come, or all have, holding none that end before it
   * (a message's body passed over): returns how far they reach now.
   */
  async skipTo(end: number): Promise<number> {
    this.release(end);
    while (this.received < end && !this.ended) {
      await this.fill(this.received + 1);
      this.release(end);
    }
    return Math.min(end, this.received);
  }

  /** Waits for all the bytes, holding them. */
  async fillAll(): Promise<number> {
    return this.fill(Number.POSITIVE_INFINITY);
  }

  /** Waits for all the bytes, holding none of those that come now: their count is all that is kept. */
  async drain(): Promise<number> {
    for await (const _ of this.unheld());
    return this.received;
  }

  /**
   * Waits for all the bytes, holding of those that come now the last `length` at most: returns
   * the last bytes held, up to `length` (an IPC file's footer, when it is no longer).
   */
  async drainKeepingLast(length: number): Promise<Uint8Array> {
    while (!this.ended) {
      await this.fill(this.received + 1);
      this.release(this.received - length);
    }
    const held = this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
    const kept = this.heldFrom + held === this.received ? Math.min(length, held) : 0;
    return this.bytesAt(this.received - kept, kept);
  }

  /**
   * Every byte from the first held on, in order, a piece at a time, none held once given: those
   * held, then the rest as they come. For a reader that keeps them elsewhere (a file).
   */
  async *handOver(): AsyncGenerator<Uint8Array> {
    for (let chunk = this.chunks.shift(); chunk !== undefined; chunk = this.chunks.shift()) {
      this.heldFrom += chunk.length;
      yield chunk;
    }
    yield* this.unheld();
  }

  /** The `length` bytes at `at`, which are held: a view of one chunk, or the chunks they span joined. */
  bytesAt(at: number, length: number): Uint8Array {
    if (at < this.heldFrom || at + length > this.received)
      throw new RangeError(`bytes ${at} to ${at + length} are not held (${this.heldFrom} to ${this.received} are)`);
    const parts: Uint8Array[] = [];
    let chunkStart = this.heldFrom;
    for (const chunk of this.chunks) {
      const chunkEnd = chunkStart + chunk.length;
      if (chunkEnd > at && chunkStart < at + length)
        parts.push(chunk.subarray(Math.max(0, at - chunkStart), Math.min(chunk.length, at + length - chunkStart)));
      if (chunkEnd >= at + length) break;
      chunkStart = chunkEnd;
    }
    const gathered = parts.reduce((sum, part) => sum + part.length, 0);
    // Bytes counted by drain() but not held.
    if (gathered !== length) throw new RangeError(`bytes ${at} to ${at + length} are not all held`);
    return parts.length === 1 ? parts[0]! : joinedBytes(parts, length);
  }

  /** Lets go of the bytes before `at`: the chunks that end there or before. */
  release(at: number): void {
    let count = 0;
    while (count < this.chunks.length && this.heldFrom + this.chunks[count]!.length <= at)
      this.heldFrom += this.chunks[count++]!.length;
    this.chunks.splice(0, count);
  }

  /** Stops reading: the input is told it is not wanted any more (`return()`). */
  async close(): Promise<void> {
    this.chunks.length = 0;
    if (!this.ended) {
      this.ended = true;
      await this.input.return?.();
    }
  }

  /** The pieces still to come, each counted (and its last bytes kept) but not held. */
  private async *unheld(): AsyncGenerator<Uint8Array> {
    while (!this.ended) {
      const next = await this.input.next();
      if (next.done === true) this.ended = true;
      else {
        this.received += next.value.length;
        this.keepLast(next.value);
        yield next.value;
      }
    }
  }

  private take(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.chunks.length === 0) this.heldFrom = this.received;
    this.chunks.push(chunk);
    this.received += chunk.length;
    this.keepLast(chunk);
  }

  private keepLast(chunk: Uint8Array): void {
    if (chunk.length >= LAST_BYTES) this.last = chunk.slice(chunk.length - LAST_BYTES);
    else {
      const joined = joinedBytes([this.last, chunk], this.last.length + chunk.length);
      this.last = joined.subarray(Math.max(0, joined.length - LAST_BYTES));
    }
  }
}
