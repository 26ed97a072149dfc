/**
 * `legolas generate --watch`: regenerates whenever a YAML file in the schemas folder changes.
 * Changes are debounced (an editor's save is often several events), only files whose text changed
 * are parsed again (the others' declarations are kept), and declaration errors, or a folder left
 * with no schema file, are reported without stopping: the output stays as it was until the
 * schemas are valid again. What no edit of a schema can fix ends the watch (exit 2): an --out
 * that is a file, refused before watching starts, or that becomes one while watching.
 */
import { existsSync, watch, type FSWatcher } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { Diagnostics } from "../diagnostics.js";
import { generate, generateParsed, parseSource, parseSources, type SourceText } from "../generate.js";
import { forTarget, type OutputTarget } from "../javascript-target.js";
import type { SchemaFileDeclaration } from "../parse/declarations.js";
import { isSchemaFileName, readSchemaFileIfPresent } from "../schema-folder.js";
import type { SchemaFileInput } from "../resolve/resolve.js";
import { writeOutput } from "../write/output-folder.js";
import { assertFolderPath } from "legolas-ts/internal/internal";
import { formatDiagnostic, type DeclarationDiagnostic } from "../errors.js";
import { assertSchemaFiles, assertSchemaFolder, noSchemaFileReason, readShippedSchemas } from "./schema-sources.js";
import { printable, printableLines } from "./terminal-text.js";

/** How the watcher's messages begin, as every error of a command does (main.ts). */
const COMMAND = "legolas generate";
import { counted, declarationErrorsSummary, describeChanges, waitingForOutput } from "./wording.js";

export interface WatchOptions {
  readonly schemas: string;
  readonly out: string;
  readonly runtime: string;
  /** The output's language (`generate --target`); default `ts`. */
  readonly target?: OutputTarget;
  /** Quiet time after the last change before regenerating, in milliseconds. */
  readonly debounceMs?: number;
  readonly log?: (line: string) => void;
  readonly error?: (line: string) => void;
}

export interface SchemaWatcher {
  /** Settles once the first generation ran and the folder is watched. */
  readonly ready: Promise<void>;
  /** Settles once no change is waiting and no generation is running. */
  settled(): Promise<void>;
  /** Stops watching, waits for a running generation to finish; safe to call twice. */
  stop(): Promise<void>;
  /** How many generations ran (successful or not), for tests and diagnostics. */
  readonly runs: number;
  /**
   * Settles when watching cannot go on, said on `error` first: the schemas folder was removed
   * (a watch on it sees nothing more, even once it is back), the output path became a file, or
   * the system's watch failed.
   */
  readonly lost: Promise<void>;
}

/** A schema file as last read: its text and what parsing it alone found. */
interface ParsedFile {
  readonly source: SourceText;
  readonly declaration: SchemaFileDeclaration | null;
  /** Whether it parsed without an error; its errors are reported by a whole run (see #regenerate). */
  readonly parses: boolean;
}

export function watchSchemas(options: WatchOptions): SchemaWatcher {
  return new Watcher(options);
}

class Watcher implements SchemaWatcher {
  readonly ready: Promise<void>;
  readonly lost: Promise<void>;
  runs = 0;
  readonly #options: WatchOptions;
  readonly #log: (line: string) => void;
  readonly #error: (line: string) => void;
  readonly #parsed = new Map<string, ParsedFile>();
  #shippedSources: readonly SourceText[] = [];
  #shipped: SchemaFileInput[] = [];
  #fsWatcher: FSWatcher | null = null;
  /** The folder the watch is on (its inode): a folder renamed over the path is another one. */
  #watchedFolder: bigint | null = null;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> = Promise.resolve();
  #pending = false;
  #stopped = false;
  /** Aborted by `stop`: ends a generation's wait for another run's lock. */
  readonly #stopping = new AbortController();
  #lose: () => void = () => {};

  constructor(options: WatchOptions) {
    this.#options = options;
    this.#log = options.log ?? ((line) => console.log(printableLines(line)));
    this.#error = options.error ?? ((line) => console.error(printableLines(line)));
    this.lost = new Promise((resolve) => (this.#lose = resolve));
    this.ready = this.#start();
  }

  async #start(): Promise<void> {
    // As plain `generate` says it, rather than fs.watch's "ENOENT ... watch"; and, as it, a
    // folder of no schema file (a mistyped --schemas) is refused before the output is touched.
    assertSchemaFolder(this.#options.schemas);
    assertSchemaFiles(this.#options.schemas, (await readdir(this.#options.schemas)).filter(isSchemaFileName));
    // A file at --out would fail every run, whatever the edits: a watch that can never write.
    await assertFolderPath(this.#options.out);
    this.#shippedSources = await readShippedSchemas(this.#options.schemas);
    this.#shipped = parseSources([], this.#shippedSources);
    await this.#watchFolder();
    await this.#enqueue();
    this.#log(`watching ${printable(this.#options.schemas)} for changes (Ctrl-C to stop)`);
  }

  /**
   * Watches the folder now at the schemas path. A watch follows the folder, not its path, so a
   * folder renamed over the path (`mv new-schemas schemas`, a checkout that swaps folders) would
   * otherwise leave it watching the old one, blind to every later change.
   */
  async #watchFolder(): Promise<void> {
    const folder = this.#options.schemas;
    this.#watchedFolder = (await stat(folder, { bigint: true })).ino;
    this.#fsWatcher?.close();
    // An event on the folder itself (moved, removed) comes with the folder's own name.
    const itself = basename(folder);
    this.#fsWatcher = watch(folder, (_event, name) => {
      if (name === null || name === itself || isSchemaFileName(name)) this.#schedule();
    });
    this.#fsWatcher.on("error", (error) => this.#giveUp(`watching ${printable(folder)} failed: ${error.message}`));
  }

  #schedule(): void {
    if (this.#stopped) return;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#pending = true;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      void this.#enqueue();
    }, this.#options.debounceMs ?? 40);
  }

  /** Runs one generation after the running one; changes that arrive meanwhile trigger another. */
  #enqueue(): Promise<void> {
    this.#pending = true;
    this.#running = this.#running.then(async () => {
      if (!this.#pending || this.#stopped) return;
      this.#pending = false;
      try {
        await this.#regenerate();
      } catch (error) {
        // Stopped while it waited for another run's lock.
        if (this.#stopped) return;
        const message = (error as Error).message;
        if (!existsSync(this.#options.schemas)) this.#giveUp(`${printable(this.#options.schemas)} was removed`);
        // The output turned into a file (or a link to nothing) since the start: refused as at the
        // start, since no edit of a schema can make a run write there.
        else if (await outputInTheWay(this.#options.out)) this.#giveUp(message);
        else this.#report(`${COMMAND}: ${message}`, true);
      }
    });
    return this.#running;
  }

  async #regenerate(): Promise<void> {
    const started = performance.now();
    this.runs += 1;
    const { sources, reparsed } = await this.#readChanges();
    // Every schema file deleted or moved away (into a subfolder, by a checkout): generating would
    // remove every module of the output, which plain `generate` refuses too.
    if (sources.length === 0) {
      this.#report(
        `${COMMAND}: ${printable(noSchemaFileReason(this.#options.schemas))}; ${printable(this.#options.out)} left as it was; waiting for a schema file`,
        true,
      );
      return;
    }
    const unparsed = [...this.#parsed.values()].some((file) => !file.parses);
    const options = { outDir: this.#options.out, runtimeModule: this.#options.runtime };
    try {
      // Resolve and emit are global (a parent's change reaches every child) and cheap; parsing
      // is per file, and only changed files were parsed again. While a file does not parse, the
      // whole run is plain generate's, which throws with every stage's errors: the other files'
      // resolve errors and row checks too, not the parse errors alone.
      const generated = unparsed
        ? generate(sources, { ...options, shipped: this.#shippedSources })
        : generateParsed(
            [
              ...[...this.#parsed.values()].map((file) => ({ declaration: file.declaration!, external: false })),
              ...this.#shipped,
            ],
            options,
          );
      const files = forTarget(generated, this.#options.target ?? "ts");
      // Without a limit: a wait that gave up would drop this edit until the next save.
      const written = await writeOutput(this.#options.out, files, {
        waitMs: Number.POSITIVE_INFINITY,
        signal: this.#stopping.signal,
        onWait: (holder, lock) => this.#log(printable(waitingForOutput(this.#options.out, holder, lock))),
      });
      const took = Math.round(performance.now() - started);
      this.#report(
        `${printable(this.#options.out)}: ${describeChanges(written)} (${took} ms; ${reparsed} of ${counted(sources.length, "schema file")} changed)`,
        false,
      );
    } catch (error) {
      const diagnostics = (error as { diagnostics?: readonly DeclarationDiagnostic[] }).diagnostics;
      if ((error as Error).name !== "SchemaDeclarationError" || diagnostics === undefined) throw error;
      this.#report(this.#formatErrors(diagnostics), true);
    }
  }

  /** Reads the folder; parses only new or changed files, forgets removed ones. */
  async #readChanges(): Promise<{ sources: SourceText[]; reparsed: number }> {
    const folder = this.#options.schemas;
    if ((await stat(folder, { bigint: true })).ino !== this.#watchedFolder) {
      await this.#watchFolder();
      this.#log(`${printable(folder)} was replaced by another folder: watching that one`);
    }
    const names = (await readdir(folder)).filter(isSchemaFileName).sort();
    // Only a file removed between readdir and readFile is gone; one that cannot be read is an
    // error, reported with the output kept, not a removal that deletes its generated module.
    const read = await Promise.all(names.map((name) => readSchemaFileIfPresent(join(folder, name))));
    const present = new Set<string>();
    let reparsed = 0;
    for (const source of read) {
      if (source === null) continue; // removed between readdir and readFile
      present.add(source.path);
      const known = this.#parsed.get(source.path)?.source;
      if (known?.text === source.text && known.notUtf8 === undefined && source.notUtf8 === undefined) continue;
      reparsed += 1;
      this.#parsed.set(source.path, parseFile(source));
    }
    for (const path of [...this.#parsed.keys()]) if (!present.has(path)) this.#parsed.delete(path);
    return { sources: [...this.#parsed.values()].map((file) => file.source), reparsed };
  }

  #formatErrors(diagnostics: readonly DeclarationDiagnostic[]): string {
    const sorted = [...diagnostics].sort((a, b) =>
      a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col,
    );
    const summary = declarationErrorsSummary(sorted, this.#options.out);
    return `${sorted.map(formatDiagnostic).join("\n")}\n${summary}; waiting for a fix`;
  }

  /** Watching cannot go on: says why, stops, and settles `lost`. */
  #giveUp(reason: string): void {
    if (this.#stopped) return;
    this.#error(`${COMMAND}: ${reason}; stopped watching (run the command again to go on)`);
    void this.stop();
    this.#lose();
  }

  #report(text: string, isError: boolean): void {
    (isError ? this.#error : this.#log)(text);
  }

  async settled(): Promise<void> {
    await this.ready;
    while (this.#pending || this.#timer !== null) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      await this.#running;
    }
    await this.#running;
  }

  async stop(): Promise<void> {
    if (!this.#stopped) {
      this.#stopped = true;
      this.#stopping.abort();
      if (this.#timer !== null) clearTimeout(this.#timer);
      this.#timer = null;
      this.#pending = false;
    }
    await this.ready.catch(() => {});
    this.#fsWatcher?.close();
    await this.#running;
  }
}

/** Whether something other than a folder now stands at `out`, where the output goes. */
async function outputInTheWay(out: string): Promise<boolean> {
  return assertFolderPath(out).then(
    () => false,
    () => true,
  );
}

/** One file parsed by itself (shape, names, type syntax): its declaration, and whether it parsed without an error. */
function parseFile(source: SourceText): ParsedFile {
  const diagnostics = new Diagnostics();
  const declaration = parseSource(source, diagnostics);
  return { source, declaration, parses: declaration !== null && diagnostics.count === 0 };
}
