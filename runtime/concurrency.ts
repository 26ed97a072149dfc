/**
 * Doing several asynchronous reads at once, within a bound: files and batches are read with
 * their I/O overlapping (a request in flight while another batch is validated), never with more
 * in memory than the bound allows.
 */

/**
 * `work` over `items` with at most `limit` in flight, results in input order. Once one fails, no
 * item is started: the caller has its error, and the rest would be work nobody waits for (the
 * requests of a read that failed, sent to its server after the caller gave up on it).
 */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await work(items[index]!, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * An async iterator started before it is wanted: its first result is asked for at once (a file
 * opened, its first batch fetched, while the caller uses another's), the others when wanted, so
 * that what it reads ahead is its own affair (file-batch-reader.ts bounds it).
 */
export class StartedEarly<T> {
  private first: Promise<IteratorResult<T>> | null;

  constructor(private readonly iterator: AsyncIterator<T>) {
    this.first = iterator.next();
    // Its failure is handled when it is awaited in turn; until then it is not "unhandled".
    this.first.catch(() => undefined);
  }

  next(): Promise<IteratorResult<T>> {
    const first = this.first;
    this.first = null;
    return first ?? this.iterator.next();
  }

  /** Stops the iterator (its `finally` blocks run), whether or not its first result was taken. */
  async close(): Promise<void> {
    await this.iterator.return?.();
  }
}

/** A place in a {@link ByteBudget}'s line. */
export interface BudgetTicket {
  /** Resolves once it is this ticket's turn and `bytes` fit; they are held until {@link release}. */
  take(bytes: number): Promise<void>;
  /** Gives back the bytes taken; a ticket that took none gives up its turn (its take, if waiting, is refused). */
  release(): void;
}

/** A ticket in the line: what it asked for, and how to answer it. */
interface Place {
  bytes: number | null;
  grant(): void;
  refuse(error: Error): void;
}

/**
 * Bytes held at once by reads done ahead of their use, bounded. Each read gets a ticket, in the
 * order of use, and takes its bytes in that order: once the bytes held and its own stay within
 * `limit`, or once nothing else is held (a read larger than the limit goes alone, never waits
 * forever). The bytes are held until the ticket is released, when their user is done with them.
 */
export class ByteBudget {
  private held = 0;
  private closed = false;
  /** Tickets that have not taken their bytes yet, in turn. */
  private readonly line: Place[] = [];

  constructor(private readonly limit: number) {}

  ticket(): BudgetTicket {
    const place: Place = { bytes: null, grant: () => undefined, refuse: () => undefined };
    this.line.push(place);
    let holding = 0;
    let released = false;
    return {
      take: (bytes) =>
        new Promise<void>((resolve, reject) => {
          if (released || this.closed) return reject(readDropped());
          place.bytes = bytes;
          place.grant = () => {
            holding = bytes;
            resolve();
          };
          place.refuse = reject;
          this.admit();
        }),
      release: () => {
        if (released) return;
        released = true;
        const waiting = this.line.indexOf(place);
        if (waiting >= 0) {
          this.line.splice(waiting, 1);
          place.refuse(readDropped());
        }
        this.held -= holding;
        this.admit();
      },
    };
  }

  /** Refuses every take still waiting, and every later one: the reads ahead are dropped. */
  close(): void {
    this.closed = true;
    for (const place of this.line.splice(0)) place.refuse(readDropped());
  }

  private admit(): void {
    for (let head = this.line[0]; head?.bytes != null; head = this.line[0]) {
      if (this.held > 0 && this.held + head.bytes > this.limit) return;
      this.line.shift();
      this.held += head.bytes;
      head.grant();
    }
  }
}

function readDropped(): Error {
  return new Error("the read ahead was dropped");
}
