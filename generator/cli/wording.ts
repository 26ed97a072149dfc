/**
 * Words the commands share, so that a count, a change to the output folder, a failed run or a
 * command to run next reads the same whichever command prints it.
 */
import type { DeclarationDiagnostic } from "../errors.js";
import { printable } from "./terminal-text.js";

/** `1 row`, `2 rows`, `0 rows`: a count with its noun in the right number. */
export function counted(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}

/** A file the generator changed in its output folder, as `writeOutput` reports it. */
export interface ChangedFile {
  readonly path: string;
  readonly status: "changed" | "missing" | "obsolete";
}

/** `wrote index.ts, run.ts; removed old.ts`, or `up to date` when nothing changed. */
export function describeChanges(changes: readonly ChangedFile[]): string {
  if (changes.length === 0) return "up to date";
  const written = changes.filter((change) => change.status !== "obsolete").map((change) => change.path);
  const removed = changes.filter((change) => change.status === "obsolete").map((change) => change.path);
  return [
    ...(written.length > 0 ? [`wrote ${written.join(", ")}`] : []),
    ...(removed.length > 0 ? [`removed ${removed.join(", ")}`] : []),
  ].join("; ");
}

/**
 * What `generate` says while another run holds its output folder's lock (generator/write/output-lock.ts);
 * with `lock`, said by `--watch`, which waits without a limit, what to delete if no run holds it.
 */
export function waitingForOutput(out: string, holder: string, lock?: string): string {
  const line = `waiting for another legolas generate (${holder}) to finish writing ${out}`;
  return lock === undefined ? line : `${line} (if no generate runs there any more, delete ${lock})`;
}

/**
 * The line after a run's declaration errors: how many, and that `out` was left alone (`generate`
 * changes its folder all or nothing).
 */
export function declarationErrorsSummary(diagnostics: readonly DeclarationDiagnostic[], out: string): string {
  // Past its limit the generator lists a last "and N more errors" line instead of the rest.
  const listed = diagnostics.filter((diagnostic) => diagnostic.rule !== "too-many-errors").length;
  const count =
    listed === diagnostics.length ? counted(listed, "declaration error") : `more than ${listed} declaration errors`;
  return `${count}; ${out} left as it was`;
}

/**
 * A command the user is advised to run, as they would type it: each word that the shell would
 * split, expand or glob (a space, a quote, `$`, `*`, ...) quoted, the others left bare, so that
 * a folder the user named (`--out "my app/generated"`) reaches the command as one argument when
 * the line is pasted.
 */
export function commandLine(words: readonly string[], platform: NodeJS.Platform = process.platform): string {
  return words.map((word) => shellWord(word, platform)).join(" ");
}

/**
 * `path` as an argument of an advised command (`cd`, `legolas validate`): a relative name that
 * begins with a dash (`-runs`) as `./-runs`, which no command takes for a flag.
 */
export function pathArgument(path: string): string {
  return path.startsWith("-") ? `./${path}` : path;
}

/**
 * `legolas <args>` as advice: through npx --no-install, which runs the project's legolas-ts-cli
 * where plain `npx legolas` would download an unrelated registry package of that name and run it.
 */
export function legolasCommand(...args: readonly string[]): string {
  return commandLine(["npx", "--no-install", "legolas", ...args]);
}

/**
 * Words no shell reads specially, left bare. On Windows `\` is the path separator, and `,` and `=`
 * split the arguments of a batch file (npx.cmd); zsh expands a word that starts with `=`.
 */
const BARE = { posix: /^[\w@%+:,./-]+$/, win32: /^[\w@+:./\\-]+$/ };

/**
 * `word` as one shell word. POSIX shells take everything between single quotes literally but a
 * single quote, written `'\''` (close, an escaped quote, reopen). A character a terminal would
 * obey rather than show (a newline, ESC) is written as its UTF-8 bytes in `$'...'` (bash, zsh,
 * ksh, POSIX.1-2024), so that the line prints safely and still names the file. Windows names
 * hold no `"` nor controls, and both cmd and PowerShell group what is between double quotes.
 */
function shellWord(word: string, platform: NodeJS.Platform): string {
  if (platform === "win32") return BARE.win32.test(word) ? word : `"${word}"`;
  if (BARE.posix.test(word)) return word;
  if (printable(word) === word) return `'${word.replaceAll("'", "'\\''")}'`;
  return `$'${[...word].map(dollarQuoted).join("")}'`;
}

function dollarQuoted(character: string): string {
  if (character === "\\" || character === "'") return `\\${character}`;
  if (printable(character) === character) return character;
  return [...new TextEncoder().encode(character)].map((byte) => `\\x${byte.toString(16).padStart(2, "0")}`).join("");
}
