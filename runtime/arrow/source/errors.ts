/** The error of a source whose bytes could not be had. */
import { LegolasError } from "../../errors.js";

/**
 * A source whose bytes could not be had: an HTTP error, a failed fetch, an unreadable `Blob`, bytes
 * whose buffer was transferred away.
 */
export class SourceReadError extends LegolasError {
  override readonly name = "SourceReadError";
  readonly code = "source_unreadable";
  constructor(
    readonly source: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${reason}`, options);
  }
}

/** The error for bytes whose buffer was transferred (to a worker, or by `structuredClone`) before they were read. */
export function detachedBytesError(source: string): SourceReadError {
  return new SourceReadError(
    source,
    "their buffer is detached (it was transferred, e.g. by postMessage or structuredClone with transfer), so they hold nothing to read; read them before transferring them, or transfer a copy (bytes.slice())",
  );
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
