/**
 * Doing several asynchronous reads at once, within a bound: files and batches are read with
 * their I/O overlapping (a request in flight while another batch is validated), never with more
 * in memory than the bound allows.
 */

/** `work` over `items` with at most `limit` in flight, results in input order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * An async iterator run ahead: up to `ahead` of its results are asked for before they are
 * wanted, so that its work (a file opened, a batch fetched and validated) overlaps the caller's.
 * Its results come in order, its errors where they occur in that order.
 */
export class ReadAhead<T> {
  private readonly pending: Promise<IteratorResult<T>>[] = [];
  private done = false;

  constructor(
    private readonly iterator: AsyncIterator<T>,
    private readonly ahead: number,
  ) {
    this.fill();
  }

  async next(): Promise<IteratorResult<T>> {
    this.fill();
    const result = await this.pending.shift()!;
    if (result.done) this.done = true;
    else this.fill();
    return result;
  }

  /** Stops the iterator (its `finally` blocks run), whatever was asked ahead. */
  async close(): Promise<void> {
    this.done = true;
    await this.iterator.return?.();
  }

  private fill(): void {
    while (!this.done && this.pending.length < Math.max(1, this.ahead)) {
      const result = this.iterator.next();
      // Its failure is handled when it is awaited in turn; until then it is not "unhandled".
      result.catch(() => undefined);
      this.pending.push(result);
    }
  }
}
