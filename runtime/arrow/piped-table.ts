/**
 * A table read once, in order, as its bytes come: from a pipe (`cat t.arrow | legolas validate -`,
 * `curl … | legolas validate -`), a socket or a response body, none of which can be read in
 * ranges as a file is (footer first, then batch by batch). Memory holds one message at a time,
 * however large the table.
 *
 * Either IPC format is read as the stream of messages it holds: an IPC file is the magic
 * "ARROW1" and its padding, that stream, then its footer. Each message is checked as the walk of
 * a whole file checks it (guard/stream-checks.ts) once its bytes have come, then given to
 * apache-arrow's stream reader; its batches are read and validated as a stream-format file's are
 * (file-batch-reader.ts). A file's footer, which comes last, is checked once its last batch has
 * been read (ipc/piped-footer.ts): a file damaged anywhere is refused with the errors a read of
 * it from a path gives, but after the batches before the damage were given.
 *
 * An IPC file whose stream holds no Schema message (apache-arrow's own file writer writes none:
 * its schema is in the footer alone) cannot be read before its end: its bytes are kept until
 * then, and read from its footer as a file is ({@link useWholePipedFiles}: held whole here, in a
 * temporary file under Node).
 */
import { checkArrowEnds, ARROW_MAGIC } from "./read-bytes.js";
import { ArrowBatchFile, type PipedTable } from "./file-batch-reader.js";
import { type IpcFacts, SCHEMA } from "./guard/ipc-bounds.js";
import { StreamChecks } from "./guard/stream-checks.js";
import { checkPipedFooter, type FooterChecks, refusalBeforeMessages, type StreamMessage } from "./ipc/piped-footer.js";
import type { ByteRange, RandomAccessSource } from "./source/byte-source.js";
import { SourceReadError } from "./source/errors.js";
import { bytesSource } from "./source/memory-source.js";
import { PipedBytes } from "./source/piped-bytes.js";
import { openTableSource, openedTableFile, type TableFile } from "./table-batches.js";

/**
 * Keeps all the bytes of a piped IPC file that can be read only from its footer (its stream holds
 * no Schema message), the first of them still held by `pipe`, and gives them as a source to read
 * by that footer, named `name`.
 */
export type KeepWholePipedFile = (pipe: PipedBytes, name: string) => Promise<RandomAccessSource>;

let keepWhole: KeepWholePipedFile = holdWhole;

/**
 * Makes `keep` the way every piped IPC file read from its footer is kept: the Node layer keeps
 * them in a temporary file (source/piped-spill.ts, installed by arrow/table-files.ts); the browser
 * build, which has no files, holds them whole.
 */
export function useWholePipedFiles(keep: KeepWholePipedFile): void {
  keepWhole = keep;
}

/** Where an IPC file's stream starts: after the magic "ARROW1" and two bytes of padding. */
const FILE_STREAM_START = 8;
/**
 * The bytes of a footer beyond its blocks (each {@link BLOCK_BYTES}) and its copy of the schema:
 * its other parts and padding. A footer longer than these and the blocks of every message of
 * its stream lists more than the stream holds; only that much of a piped file's end is held.
 */
const FOOTER_SLACK = 2 ** 20;
/** A footer's Block: offset (int64), metadata length (int32, 4 bytes padding), body length (int64). */
const BLOCK_BYTES = 24;
/** The first bytes of an IPC file, which a piped one was found to start with. */
const FILE_START = Uint8Array.from([...ARROW_MAGIC, 0, 0]);

/**
 * Opens the table whose bytes `input` gives, once, in order (Node's `process.stdin`, a
 * `ReadableStream` of a response body, any async iterable of `Uint8Array`s), for one pass over its
 * batches, in order (`readBatches`, `recordBatches`, `readTable`); `name` names it in errors.
 * Reads its schema only. A table in either IPC format, of any size: memory holds one message
 * (the schema, a dictionary, a record batch) at a time, except for an IPC file whose stream holds
 * no Schema message (apache-arrow's file writer writes none), which can be read only from its
 * footer, once it has all come: under Node it is written to a private temporary file (removed
 * once opened) and read from there as a file by its path is, with that read's checks and errors;
 * in a browser it is held whole. Its
 * `batchCount` is `null` and `rowCounts()` and `readBatch` throw `StreamRandomAccessError`, as
 * for a stream-format file; its `byteLength` and `bytesRead` are the bytes come so far.
 *
 * Throws what `openTableFile` throws for its first bytes (`NotArrowFileError`,
 * `CorruptTableError`). Damage further on is thrown where it is met, as each message comes: a
 * batch is given only once its message passed the checks a read of the file by its path makes
 * (a damaged batch is never given), and an IPC file's footer, which comes last, is checked against
 * the stream it followed (the schema, every block, the Legolas metadata) after its last batch,
 * by the read of that pass. `streamFinished` is known once the batches have all been read.
 */
export async function openPipedTable(input: AsyncIterable<Uint8Array>, name = "input"): Promise<TableFile> {
  const pipe = new PipedBytes(input);
  try {
    const headEnd = await pipe.fill(FILE_STREAM_START);
    const head = pipe.bytesAt(0, headEnd);
    const isFile = ARROW_MAGIC.every((byte, k) => head[k] === byte);
    // Neither format's start: refused as a file with these first bytes is.
    if (!isFile) checkArrowEnds(head, head, headEnd, name);
    const reading = new PipedMessages(pipe, isFile, name);
    if (isFile && !(await reading.startsWithSchema())) return openTableSource(await keepWhole(pipe, name));
    const source = pipedSource(pipe, name);
    return openedTableFile(await ArrowBatchFile.openPiped(source, reading.messages, reading), name);
  } catch (error) {
    await pipe.close();
    throw error;
  }
}

/** A message's prefix: its size (8 bytes with the continuation marker, 4 before Arrow 0.15) and the metadata length it states. */
interface MessagePrefix {
  readonly size: number;
  readonly length: number;
}

/** The messages of a piped table, each checked before apache-arrow reads it, and its end. */
class PipedMessages implements PipedTable {
  private readonly checks: StreamChecks;
  /** Every message of the stream so far, in order, for the check of an IPC file's footer. */
  private readonly seen: StreamMessage[] = [];
  /** The metadata of the stream's first message, the Schema message in an IPC file. */
  private schemaMetadata = new Uint8Array(0);
  /** Where the stream ends, once met: its end-of-stream marker, or in an IPC file its footer. */
  private streamEnd: number | null = null;
  /** Whether damage at the first batch has been looked behind (once: the walk's is thrown on to the reader). */
  private firstBatchLookedBehind = false;

  constructor(
    private readonly pipe: PipedBytes,
    private readonly isFile: boolean,
    private readonly name: string,
  ) {
    this.checks = new StreamChecks(isFile, name);
  }

  get format(): "file" | "stream" {
    return this.isFile ? "file" : "stream";
  }

  get facts(): IpcFacts {
    return this.checks.facts;
  }

  /** Whether the first message of an IPC file's stream is a Schema message, its bytes held. */
  async startsWithSchema(): Promise<boolean> {
    const at = FILE_STREAM_START;
    const prefix = await this.prefixAt(at);
    if (prefix !== null && this.endsFileStream(prefix)) return false;
    if (prefix === null || prefix.length <= 0) return true;
    if ((await this.pipe.fill(at + prefix.size + prefix.length)) < at + prefix.size + prefix.length) return true;
    // A message that is out of bounds is refused by the read of the stream.
    try {
      return this.checks.header(this.pipe.bytesAt(at + prefix.size, prefix.length)).type === SCHEMA;
    } catch {
      return true;
    }
  }

  /**
   * Each message's bytes once checked (its prefix and metadata, then its body), up to the end of
   * the stream: one walk, which apache-arrow's reader takes, and {@link refusalOfSchema} finishes
   * when the read stops at the schema.
   */
  readonly messages: AsyncGenerator<Uint8Array> = this.walk();

  /**
   * `refusal`, the read's refusal of the table for what the stream's Schema message says (a
   * version not registered, columns that do not comply), made before any batch was read, unless
   * the file is damaged where a read by its path looks before it makes that refusal: its end and
   * its footer, whose copy of the schema it compares ("as-opened", ipc/piped-footer.ts). So the
   * rest of the stream is read, each message checked and let go (memory holds one), and the
   * footer checked against it: a footer whose schema differs, or that is damaged, or a file cut
   * short, is what is returned. Damage in a later batch is not: it was found after the refusal,
   * and a read by its path, which checks a batch when it reads it, never finds it; a footer behind
   * a damaged message cannot be found, only the file's end (still read, so a file cut short is
   * refused as cut). A stream has no second copy: `refusal` stands.
   */
  async refusalOfSchema(refusal: unknown): Promise<unknown> {
    if (!this.isFile) return refusal;
    try {
      for await (const _ of this.messages);
    } catch {
      return (await this.cutShort()) ?? refusal;
    }
    try {
      await this.finish("as-opened");
    } catch (damage) {
      return damage;
    }
    return refusal;
  }

  /** The `NotArrowFileError` of an IPC file cut short, once its bytes have all come (none held); `null` when it ends as one does. */
  private async cutShort(): Promise<unknown> {
    return (await this.drainToEnd(0)).cut;
  }

  /**
   * Reads the rest of the bytes, holding the last `keep` of them (`tail`): `cut`, the
   * `NotArrowFileError` of an IPC file cut short, or `null`.
   */
  private async drainToEnd(keep: number): Promise<{ readonly cut: unknown; readonly tail: Uint8Array }> {
    const tail = await this.pipe.drainKeepingLast(keep);
    try {
      this.checkFileEnds(this.pipe.size);
      return { cut: null, tail };
    } catch (cut) {
      return { cut, tail };
    }
  }

  /**
   * What to throw for `damage` met at an IPC file's first batch (its message, or its data read by
   * the stream's copy of the schema), which may come of that copy being damaged, as a read by its
   * path refuses first (its footer's copy differs): that refusal, or the file's end's or its
   * footer's, which that read checks first too (ipc/piped-footer.ts `refusalBeforeMessages`);
   * else `damage`. The rest of the bytes are read for it, the messages left counted by their
   * prefixes ({@link messagesLeft}), holding the last bytes a footer listing them all can take
   * ({@link footerReach}; where those prefixes are damaged too, {@link FOOTER_SLACK} and those seen).
   * Damage met further on is thrown as met, at once.
   */
  async refusalOfFirstBatch(damage: unknown): Promise<unknown> {
    if (!this.isFile || this.firstBatchLookedBehind) return damage;
    this.firstBatchLookedBehind = true;
    const { cut, tail } = await this.messagesLeft()
      .then((left) => this.drainToEnd(this.footerReach(left ?? 0)))
      .catch(() => ({ cut: null, tail: null }));
    if (cut !== null) return cut;
    if (tail === null || this.seen.length === 0) return damage;
    return (await refusalBeforeMessages(this.pipe.size, tail, this.schemaMetadata, this.name)) ?? damage;
  }

  /**
   * The bytes a footer listing every message of the stream can take, `left` of them not yet seen:
   * its blocks, its copy of the schema (as long as the stream's) and {@link FOOTER_SLACK}.
   */
  private footerReach(left: number): number {
    return FOOTER_SLACK + BLOCK_BYTES * (this.seen.length + left) + this.schemaMetadata.length;
  }

  /**
   * How many messages the stream holds after those seen, found by their prefixes and headers
   * alone (not checked against the schema, which damage met there may come of), each let go
   * once passed; `null` where those are damaged too, or the bytes end inside one. The read then
   * stands at the stream's end.
   */
  private async messagesLeft(): Promise<number | null> {
    const last = this.seen.at(-1);
    let at = last === undefined ? FILE_STREAM_START : last.offset + last.metaDataLength + last.bodyLength;
    for (let count = 0; ; count++) {
      this.pipe.release(at);
      const prefix = await this.prefixAt(at);
      if (prefix === null || prefix.length < 0) return null;
      if (prefix.length === 0 || this.endsFileStream(prefix)) return count;
      const metadataEnd = at + prefix.size + prefix.length;
      if ((await this.pipe.fill(metadataEnd)) < metadataEnd) return null;
      const bodyLength = this.bodyLengthOf(this.pipe.bytesAt(at + prefix.size, prefix.length));
      this.pipe.release(metadataEnd);
      at = metadataEnd + bodyLength;
      if (bodyLength < 0 || (await this.pipe.skipTo(at)) < at) return null;
    }
  }

  /** The body length the message header `metadata` states; -1 where it is damaged. */
  private bodyLengthOf(metadata: Uint8Array): number {
    try {
      return this.checks.header(metadata).bodyLength;
    } catch {
      return -1;
    }
  }

  /** {@link checkedMessages}, damage at the first message after the Schema message looked behind ({@link refusalOfFirstBatch}). */
  private async *walk(): AsyncGenerator<Uint8Array> {
    try {
      yield* this.checkedMessages();
    } catch (damage) {
      throw this.seen.length === 1 ? await this.refusalOfFirstBatch(damage) : damage;
    }
  }

  private async *checkedMessages(): AsyncGenerator<Uint8Array> {
    const { pipe, checks } = this;
    const pieceAt = (at: number, length: number) => pipe.bytesAt(at, length);
    for (let at = this.isFile ? FILE_STREAM_START : 0; ; ) {
      pipe.release(at);
      const prefix = await this.prefixAt(at);
      // The bytes end before a whole prefix: checked as the end of a stream.
      if (prefix === null) return this.checkCut(at);
      if (prefix.length === 0 || this.endsFileStream(prefix)) {
        this.streamEnd = at;
        return;
      }
      // A negative length: the walk says so whatever follows.
      if (prefix.length < 0) checks.check(at, at + 8, pieceAt);
      const metadataEnd = at + prefix.size + prefix.length;
      if ((await pipe.fill(metadataEnd)) < metadataEnd) return this.checkCut(at);
      const metadata = pipe.bytesAt(at + prefix.size, prefix.length);
      const { type, bodyLength } = checks.header(metadata);
      if (bodyLength < 0) checks.check(at, metadataEnd, pieceAt);
      const end = metadataEnd + bodyLength;
      if ((await pipe.fill(end)) < end) return this.checkCut(at);
      checks.check(at, end, pieceAt);
      // Its own copy, which holds no chunk of the pipe.
      if (this.seen.length === 0) this.schemaMetadata = metadata.slice();
      this.seen.push({ type, offset: at, metaDataLength: prefix.size + prefix.length, bodyLength });
      yield pipe.bytesAt(at, prefix.size + prefix.length);
      if (bodyLength > 0) yield pipe.bytesAt(metadataEnd, bodyLength);
      at = end;
    }
  }

  /**
   * After the last batch: a stream must end at its end-of-stream marker (or, unfinished, where a
   * message ends), a file with its footer, which must list the stream's messages (`footerChecks`
   * says how much of it is checked).
   */
  async finish(footerChecks: FooterChecks = "all"): Promise<void> {
    const { pipe, checks, streamEnd } = this;
    const pieceAt = (at: number, length: number) => pipe.bytesAt(at, length);
    // The read stopped where the bytes ended: the messages checked that.
    if (streamEnd === null) return;
    if (!this.isFile) {
      const size = await pipe.drain();
      checks.check(streamEnd, size, pieceAt);
      return;
    }
    // The footer, held: a longer one lists more than the stream holds, and is not held.
    const reach = this.footerReach(0);
    await pipe.drainKeepingLast(reach);
    const size = pipe.size;
    this.checkFileEnds(size);
    await checkPipedFooter(size, streamEnd, this.seen, this.schemaMetadata, pieceAt, this.name, footerChecks, reach);
  }

  /**
   * The bytes end inside the message at `at` (or before its prefix): a stream is checked as the
   * walk of one of that size checks its last message; a file is one cut short.
   */
  private checkCut(at: number): void {
    const size = this.pipe.size;
    if (this.isFile) this.checkFileEnds(size);
    this.checks.check(at, size, (from, length) => this.pipe.bytesAt(from, length));
  }

  /** An IPC file must end with the magic: a `NotArrowFileError` saying it is cut short when not. */
  private checkFileEnds(size: number): void {
    const last = this.pipe.lastBytes;
    checkArrowEnds(FILE_START, last.subarray(Math.max(0, last.length - ARROW_MAGIC.length)), size, this.name);
  }

  /**
   * Whether an IPC file's stream ends before a message of this prefix: one without the
   * continuation marker is its footer (Arrow.jl writes no end-of-stream marker before it), as
   * Arrow.jl's reader, which reads on while it finds the marker, takes it.
   */
  private endsFileStream(prefix: MessagePrefix): boolean {
    return this.isFile && prefix.size === 4;
  }

  /** The prefix of the message at `at` (its size, 4 or 8 bytes, and the metadata length it states), `null` when fewer than 8 bytes are left. */
  private async prefixAt(at: number): Promise<MessagePrefix | null> {
    if ((await this.pipe.fill(at + 8)) < at + 8) return null;
    const bytes = this.pipe.bytesAt(at, 8);
    const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
    const first = view.getInt32(0, true);
    return first === -1 ? { size: 8, length: view.getInt32(4, true) } : { size: 4, length: first };
  }
}

/** The piped bytes as the batch reader names and closes its source; they are read as a stream, never in ranges. */
function pipedSource(pipe: PipedBytes, name: string): RandomAccessSource {
  return {
    name,
    get size() {
      return pipe.size;
    },
    get bytesRead() {
      return pipe.size;
    },
    read: async (ranges: readonly ByteRange[]) => {
      throw new RangeError(`${name} is read as its bytes come: ${ranges.length} ranges cannot be read`);
    },
    assertUnchanged: async () => undefined,
    assertNotAborted: () => undefined,
    close: () => pipe.close(),
  };
}

/**
 * All the bytes, held in one buffer: those of an IPC file whose schema is in its footer alone.
 * A `SourceReadError` when they are more than one buffer holds.
 */
async function holdWhole(pipe: PipedBytes, name: string): Promise<RandomAccessSource> {
  const size = await pipe.fillAll();
  try {
    return bytesSource(pipe.bytesAt(0, size), name);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new SourceReadError(
      name,
      `it is an Arrow IPC file whose stream holds no Schema message (apache-arrow's file writer writes none), so it is read from its footer, which comes last: held whole, its ${size} bytes are more than one buffer holds. Pass its path, or write it with a writer that writes the Schema message (legolas-ts, Arrow.jl, pyarrow)`,
      { cause: error },
    );
  }
}
