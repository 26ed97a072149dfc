/** What a synchronous call throws, for tests that look into a refusal's fields. */

/** The error `run` throws (fails the test when it throws nothing). */
export function errorOf<E = Error & Record<string, unknown>>(run: () => unknown): E {
  try {
    run();
  } catch (error) {
    return error as E;
  }
  throw new Error("expected an error");
}
