/** The exit codes of every `legolas` command. */
export const EXIT = {
  /** Done; nothing wrong found. */
  ok: 0,
  /** The command found what it checks for: stale output, violations, an incompatible change. */
  failed: 1,
  /** The command could not run: declaration errors, unreadable input, bad usage, output it could not write. */
  invalid: 2,
} as const;
