/** The error of a source whose bytes could not be had. */
import { LegolasError } from "../../errors.js";

/** A source whose bytes could not be had: an HTTP error, a failed fetch, an unreadable `Blob`. */
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

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
