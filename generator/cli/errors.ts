/**
 * A command used wrongly: a bad flag value, a missing or unknown argument, a folder or file that
 * is not there. Every command throws it and main.ts alone prints it, as
 * `legolas <command>: <message>` without a stack trace, and exits 2 (`EXIT.invalid`).
 */
export class UsageError extends Error {
  override readonly name: string = "UsageError";
}
