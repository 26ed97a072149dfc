/**
 * apache-arrow's failures to parse, as the readers report them: a `NotArrowFileError` naming the
 * source. Errors of legolas-ts itself (a file that changed, a source that could not be read: the
 * sources turn the system's errors into these) pass through unchanged.
 */
import { LegolasError } from "../../errors.js";
import { NotArrowFileError } from "../errors.js";

export function parseFailure(error: unknown, source?: string): unknown {
  if (error instanceof LegolasError) return error;
  return new NotArrowFileError(
    `apache-arrow could not parse it: ${(error as Error)?.message ?? String(error)}`,
    source,
    {
      cause: error,
    },
  );
}

/** `step()`, its parse failures as {@link parseFailure}. */
export function parsing<T>(step: () => T, source?: string): T {
  try {
    return step();
  } catch (error) {
    throw parseFailure(error, source);
  }
}

/** The same for an asynchronous step. */
export async function parsingAsync<T>(step: () => Promise<T>, source?: string): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw parseFailure(error, source);
  }
}
