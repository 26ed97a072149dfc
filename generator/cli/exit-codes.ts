/** The exit codes of every `legolas` command. */
export const EXIT = {
  /** Done; nothing wrong found. */
  ok: 0,
  /** The command found what it checks for: stale output, violations, an incompatible change. */
  failed: 1,
  /** The command could not run: declaration errors, unreadable input, bad usage, output it could not write. */
  invalid: 2,
} as const;

/**
 * What each exit code says of each command, as its `--help` ends with them (docs/cli.md gives
 * the details): a CI script's author reads them there first. Each fits a line of 80 columns.
 */
export const EXIT_MEANINGS: Readonly<Record<string, Readonly<Partial<Record<keyof typeof EXIT, string>>>>> = {
  generate: {
    ok: "written, or up to date",
    failed: "with --check: the output is stale (its patch on stdout)",
    invalid: "could not run: declaration errors, bad usage, output it could not write",
  },
  compat: {
    ok: "every comparison passes (compatible, or correctly bumped)",
    failed: "a breaking change without a new version (by default), or a version removed",
    invalid: "could not run: declaration errors, bad usage",
  },
  init: { ok: "the starter schema written", invalid: "it exists already (nothing changed), or bad usage" },
  docs: {
    ok: "written, or up to date",
    failed: "with --check: the reference is missing or stale",
    invalid: "could not run: declaration errors, bad usage, a schemas.md not its own",
  },
  inspect: {
    ok: "inspected",
    failed: "the columns violate the file's schema version",
    invalid: "not a readable Arrow file, declaration errors, or bad usage",
  },
  validate: {
    ok: "every file is a valid Legolas table",
    failed: "a file is invalid, partial, unfinished, or of no registered version",
    invalid: "a file could not be read at all, declaration errors, or bad usage",
  },
};

/** The `Exit codes:` section that ends the `--help` of `command`, or of the whole command line. */
export function exitCodesHelp(command?: string): string {
  const meanings = command === undefined ? undefined : EXIT_MEANINGS[command];
  const lines =
    meanings === undefined
      ? [
          `${EXIT.ok}  all is well`,
          `${EXIT.failed}  found what it checks for: stale output, violations, an incompatible change`,
          `${EXIT.invalid}  could not run: declaration errors, unreadable input, bad usage`,
        ]
      : (Object.keys(EXIT) as (keyof typeof EXIT)[]).flatMap((outcome) =>
          meanings[outcome] === undefined ? [] : [`${EXIT[outcome]}  ${meanings[outcome]}`],
        );
  const more = meanings === undefined ? "\nEach command's --help says what its codes mean." : "";
  return `\nExit codes:\n${lines.map((line) => `  ${line}`).join("\n")}${more}`;
}
