/**
 * `legolas generate --watch`, in-process on a temporary folder: an edit regenerates, an error is
 * reported and leaves the output alone, a fix regenerates, and stopping is clean. fs.watch timing
 * varies, so the tests poll the output with a deadline instead of waiting fixed times.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import { main } from "../../generator/cli/main.js";
import { watchSchemas, type SchemaWatcher } from "../../generator/cli/watch.js";
import { OUTPUT_LOCK_NAME } from "../../generator/write/output-lock.js";

const RUN =
  "schema: run\nprefix: Run\nversions:\n  1:\n    extends: legolas-flux.model@1\n    fields:\n      epoch: int64\n";
const BASE = "schema: base\nprefix: Base\nversions:\n  1:\n    fields:\n      id: string\n";
const CHILD = "schema: child\nprefix: Child\nversions:\n  1:\n    extends: base@1\n    fields:\n      n: int32?\n";

function project(files: Record<string, string>): { schemas: string; out: string } {
  const root = mkdtempSync(join(tmpdir(), "legolas-watch-"));
  const schemas = join(root, "schemas");
  mkdirSync(schemas);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(schemas, name), text);
  return { schemas, out: join(root, "generated") };
}

/** Polls until `predicate` holds; returns how long that took, in milliseconds. */
async function until(predicate: () => boolean, what: string, timeoutMs = 10_000): Promise<number> {
  const started = performance.now();
  while (!predicate()) {
    if (performance.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return performance.now() - started;
}

const read = (path: string) => (existsSync(path) ? readFileSync(path, "utf8") : "");
const watchers: SchemaWatcher[] = [];
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.stop()));
  vi.restoreAllMocks();
});

function start(schemas: string, out: string): { watcher: SchemaWatcher; log: string[]; errors: string[] } {
  const log: string[] = [];
  const errors: string[] = [];
  const watcher = watchSchemas({
    schemas,
    out,
    runtime: "legolas-ts/codegen",
    debounceMs: 20,
    log: (l) => log.push(l),
    error: (l) => errors.push(l),
  });
  watchers.push(watcher);
  return { watcher, log, errors };
}

test("an edit regenerates; an error is reported and leaves the output; a fix regenerates; stop is clean", async () => {
  const { schemas, out } = project({ "run.yaml": RUN });
  const { watcher, log, errors } = start(schemas, out);
  await watcher.ready;
  const runTs = join(out, "run.ts");
  expect(read(runTs)).toContain("readonly epoch: bigint;");
  expect(log.at(-1)).toBe(`watching ${schemas} for changes (Ctrl-C to stop)`);

  writeFileSync(join(schemas, "run.yaml"), RUN.replace("epoch: int64", "epoch: int32"));
  const latency = await until(() => read(runTs).includes("readonly epoch: number;"), "the edit to regenerate run.ts");
  console.info(`watch: edit -> run.ts regenerated in ${latency.toFixed(0)} ms (debounce 20 ms)`);
  await watcher.settled();
  expect(log.at(-1)).toMatch(/: wrote run\.ts \(\d+ ms; 1 of 1 schema file changed\)$/);

  const before = read(runTs);
  writeFileSync(join(schemas, "run.yaml"), RUN.replace("epoch: int64", "epoch: int65"));
  await until(() => errors.length > 0, "the error to be reported");
  expect(errors[0]).toBe(
    `${join(schemas, "run.yaml")}:7:14: field "epoch": unknown type "int65" (did you mean int64?); known types: bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, string, binary, uuid, date, datetime, time, Weights, any, float16, int128, uint128, symbol, char, version, SchemaVersion, integer, real, number, period, timestamp, duration, list<T>, vector<T>, ntuple<T, N>, set<T>, tuple<A, B, ...>, map<K, V>, union<A, B, ...>, struct, <schema>@<version> [unknown-type]\n` +
      `1 declaration error; ${out} left as it was; waiting for a fix`,
  );
  expect(read(runTs)).toBe(before);

  writeFileSync(join(schemas, "run.yaml"), RUN.replace("epoch: int64", "epoch: float64"));
  await until(
    () => read(runTs).includes("readonly epoch: number;") && read(runTs) !== before,
    "the fix to regenerate run.ts",
  );
  await watcher.stop();
  const runs = watcher.runs;
  writeFileSync(join(schemas, "run.yaml"), RUN);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(watcher.runs).toBe(runs);
  expect(read(runTs)).toContain("readonly epoch: number;");
});

test("only changed files are parsed again, a parent's change regenerates its children, and errors across files are reported", async () => {
  const { schemas, out } = project({ "base.yaml": BASE, "child.yaml": CHILD });
  const { watcher, log, errors } = start(schemas, out);
  await watcher.ready;
  expect(log[0]).toMatch(/2 of 2 schema files changed/);

  // A new prefix renames the parent's exports, which the child's module imports.
  writeFileSync(join(schemas, "base.yaml"), BASE.replace("prefix: Base", "prefix: Root"));
  await until(() => read(join(out, "child.ts")).includes("RootV1Fields"), "child.ts to regenerate");
  await watcher.settled();
  expect(log.at(-1)).toMatch(/: wrote base\.ts, child\.ts \(\d+ ms; 1 of 2 schema files changed\)$/);

  writeFileSync(join(schemas, "child.yaml"), CHILD.replace("base@1", "gone@1"));
  await until(() => errors.length > 0, "the unknown parent to be reported");
  expect(errors[0]).toContain(
    `${join(schemas, "child.yaml")}:5:14: parent "gone@1" is not declared in any schema file [unknown-parent]`,
  );

  rmSync(join(schemas, "child.yaml"));
  await until(() => !existsSync(join(out, "child.ts")), "the removed schema's output to go");
  await watcher.settled();
  expect(log.at(-1)).toMatch(/: wrote index\.ts; removed child\.ts \(\d+ ms; 0 of 1 schema file changed\)$/);
  expect(read(join(out, "index.ts"))).not.toContain("child");
});

test("while one file does not parse, the others' resolve errors are reported too, as generate reports them", async () => {
  const { schemas, out } = project({ "base.yaml": BASE, "child.yaml": CHILD });
  const { watcher, errors } = start(schemas, out);
  await watcher.ready;
  writeFileSync(join(schemas, "base.yaml"), "schema: [\n");
  writeFileSync(join(schemas, "run.yaml"), RUN.replace("legolas-flux.model@1", "gone@1"));
  await until(() => errors.some((e) => e.includes("base.yaml") && e.includes("run.yaml")), "both files' errors");
  const reported = errors.at(-1)!.split("\n");
  expect(reported.some((line) => line.startsWith(`${join(schemas, "base.yaml")}:`))).toBe(true);
  expect(reported).toContain(
    `${join(schemas, "run.yaml")}:5:14: parent "gone@1" is not declared in any schema file [unknown-parent]`,
  );
  expect(reported).toContain(
    `${join(schemas, "child.yaml")}:5:14: parent "base@1" cannot be read: ${join(schemas, "base.yaml")}, the file of schema "base", has errors; once they are fixed, child@1 is checked too [depends-on-errors]`,
  );
  expect(reported.at(-1)).toBe(`3 declaration errors; ${out} left as it was; waiting for a fix`);
});

test("a schema file that cannot be read is reported, and its generated module kept", async () => {
  const { schemas, out } = project({ "run.yaml": RUN, "base.yaml": BASE });
  const { watcher, errors } = start(schemas, out);
  await watcher.ready;
  const runs = watcher.runs;
  rmSync(join(schemas, "base.yaml"));
  mkdirSync(join(schemas, "base.yaml"));
  await until(() => watcher.runs > runs, "the change to be seen");
  await watcher.settled();
  expect(read(join(out, "base.ts"))).toContain("export class BaseV1 ");
  expect(errors.at(-1)).toContain(`cannot read ${join(schemas, "base.yaml")} (EISDIR)`);
});

test("every schema file moved away: said, the output kept, and the files' return regenerates", async () => {
  const { schemas, out } = project({ "run.yaml": RUN });
  const { watcher, log, errors } = start(schemas, out);
  await watcher.ready;
  const before = read(join(out, "run.ts"));
  const runs = watcher.runs;
  mkdirSync(join(schemas, "v1"));
  renameSync(join(schemas, "run.yaml"), join(schemas, "v1", "run.yaml"));
  await until(() => watcher.runs > runs, "the move to be seen");
  await watcher.settled();
  // One report per run that saw the folder empty (a rename may come as two events).
  expect(new Set(errors)).toEqual(
    new Set([
      `legolas generate: --schemas ${schemas}: the folder holds no .yaml or .yml schema file (${join(schemas, "v1", "run.yaml")} is in a subfolder, which is not read: move it into ${schemas}); ${out} left as it was; waiting for a schema file`,
    ]),
  );
  expect(read(join(out, "run.ts"))).toBe(before);
  expect(read(join(out, "index.ts"))).toContain("run");

  renameSync(join(schemas, "v1", "run.yaml"), join(schemas, "run.yaml"));
  await until(
    () => log.some((line) => line.includes("1 of 1 schema file changed") && line.includes("up to date")),
    "the return",
  );
  expect(read(join(out, "run.ts"))).toBe(before);
});

test("a schemas folder with no schema file is refused before the output is touched, as plain generate refuses it", async () => {
  const { schemas, out } = project({});
  mkdirSync(out);
  writeFileSync(join(out, "run.ts"), "// @generated by legolas-ts from run.yaml\n");
  const { watcher } = start(schemas, out);
  await expect(watcher.ready).rejects.toThrow(
    expect.objectContaining({
      name: "SchemaFolderError",
      message: `--schemas ${schemas}: the folder holds no .yaml or .yml schema file; nothing was done`,
    }),
  );
  expect(read(join(out, "run.ts"))).toBe("// @generated by legolas-ts from run.yaml\n");
});

test("saving a file without changing it does not write anything", async () => {
  const { schemas, out } = project({ "run.yaml": RUN });
  const { watcher, log } = start(schemas, out);
  await watcher.ready;
  writeFileSync(join(schemas, "run.yaml"), RUN);
  await until(() => watcher.runs >= 2, "the save to be seen");
  await watcher.settled();
  expect(log.at(-1)).toMatch(/: up to date \(\d+ ms; 0 of 1 schema file changed\)$/);
});

test("`legolas generate --watch` stops on SIGINT with exit 0; --watch with --check is a usage error", async () => {
  const { schemas, out } = project({ "run.yaml": RUN });
  vi.spyOn(console, "log").mockImplementation(() => {});
  process.exitCode = 0;
  const listeners = process.listenerCount("SIGINT");
  const running = main(["generate", "--watch", "--schemas", schemas, "--out", out]);
  await until(() => existsSync(join(out, "run.ts")), "the first generation");
  await new Promise((resolve) => setTimeout(resolve, 50));
  // As Node emits a signal: with its name, which a listener (temporary-files.ts' hold) reads.
  process.emit("SIGINT", "SIGINT");
  await running;
  expect(Number(process.exitCode ?? 0)).toBe(0);
  expect(process.listenerCount("SIGINT")).toBe(listeners);

  vi.spyOn(console, "error").mockImplementation(() => {});
  await main(["generate", "--watch", "--check", "--schemas", schemas, "--out", out]);
  expect(Number(process.exitCode)).toBe(2);
  process.exitCode = 0;
});

// A watch on a removed folder sees nothing more, even once the folder is back: watching on would be blind.
test("the schemas folder removed: said, and `legolas generate --watch` stops with exit 2", async () => {
  const { schemas, out } = project({ "run.yaml": RUN });
  vi.spyOn(console, "log").mockImplementation(() => {});
  const errors: string[] = [];
  vi.spyOn(console, "error").mockImplementation((line) => void errors.push(String(line)));
  process.exitCode = 0;
  const running = main(["generate", "--watch", "--schemas", schemas, "--out", out]);
  await until(() => existsSync(join(out, "run.ts")), "the first generation");
  rmSync(schemas, { recursive: true });
  await running;
  expect(Number(process.exitCode)).toBe(2);
  expect(errors.at(-1)).toBe(
    `legolas generate: ${schemas} was removed; stopped watching (run the command again to go on)`,
  );
  process.exitCode = 0;
});

// No edit of a schema can make a run write where a file stands: watching on would be a run that never succeeds.
test("an --out that is a file ends `legolas generate --watch` with exit 2 before watching; one that becomes a file while watching stops it", async () => {
  const { schemas, out } = project({ "run.yaml": RUN });
  writeFileSync(out, "notes\n");
  const errors: string[] = [];
  vi.spyOn(console, "log").mockImplementation(() => {});
  vi.spyOn(console, "error").mockImplementation((line) => void errors.push(String(line)));
  process.exitCode = 0;
  await main(["generate", "--watch", "--schemas", schemas, "--out", out]);
  expect(Number(process.exitCode)).toBe(2);
  expect(errors).toEqual([
    `legolas generate: cannot write ${out} (EEXIST): it is a file, not a folder to write into; name a folder (a missing one is created), or move it away`,
  ]);
  expect(readFileSync(out, "utf8")).toBe("notes\n");
  process.exitCode = 0;

  rmSync(out);
  const running = main(["generate", "--watch", "--schemas", schemas, "--out", out]);
  await until(() => existsSync(join(out, "run.ts")), "the first generation");
  rmSync(out, { recursive: true });
  writeFileSync(out, "notes\n");
  writeFileSync(join(schemas, "run.yaml"), RUN.replace("epoch: int64", "epoch: int32"));
  await running;
  expect(Number(process.exitCode)).toBe(2);
  expect(errors.at(-1)).toBe(
    `legolas generate: cannot write ${out} (EEXIST): it is a file, not a folder to write into; name a folder (a missing one is created), or move it away; stopped watching (run the command again to go on)`,
  );
  process.exitCode = 0;
});

test("the schemas folder replaced by a rename: the new folder is watched, and its later changes regenerate", async () => {
  const { schemas, out } = project({ "run.yaml": RUN });
  const { watcher, log } = start(schemas, out);
  await watcher.ready;
  const fresh = `${schemas}-fresh`;
  mkdirSync(fresh);
  writeFileSync(join(fresh, "base.yaml"), BASE);
  // As a checkout or a script swaps folders: the old one moved away, the new one moved in.
  renameSync(schemas, `${schemas}-old`);
  renameSync(fresh, schemas);
  await until(() => existsSync(join(out, "base.ts")), "the new folder's schema");
  expect(log).toContain(`${schemas} was replaced by another folder: watching that one`);
  writeFileSync(join(schemas, "child.yaml"), CHILD);
  await until(() => existsSync(join(out, "child.ts")), "a change in the new folder");
});

test("folder names are printed escaped, as plain generate prints them: a newline in one forges no line", async () => {
  const root = mkdtempSync(join(tmpdir(), "legolas-watch-"));
  const schemas = join(root, "sch\nemas");
  const out = join(root, "gen\u001b]0;x\u0007erated");
  mkdirSync(schemas);
  writeFileSync(join(schemas, "run.yaml"), RUN);
  const { watcher, log } = start(schemas, out);
  await watcher.ready;
  expect(log).toEqual([
    expect.stringMatching(/\/gen\\x1b\]0;x\\x07erated: wrote index\.ts, run\.ts \(/),
    `watching ${root}/sch\\nemas for changes (Ctrl-C to stop)`,
  ]);
  expect(log.join("")).not.toMatch(/[\n\u0007\u001b]/);
});

test("a rebuild waits for another run's lock without a limit, saying once which lock to delete, then writes the edit; stop ends the wait", async () => {
  const { schemas, out } = project({ "run.yaml": RUN });
  const { watcher, log, errors } = start(schemas, out);
  await watcher.ready;
  const lock = join(out, OUTPUT_LOCK_NAME);
  // Another host's run: never taken over, only waited for.
  writeFileSync(lock, JSON.stringify({ pid: 1, host: `not-${hostname()}`, token: "x" }));
  const waiting = `waiting for another legolas generate (process 1 on not-${hostname()}) to finish writing ${out} (if no generate runs there any more, delete ${lock})`;
  // Each reading of the clock half a minute on: a limited wait (a minute) ends at its first look.
  let now = Date.now();
  vi.spyOn(Date, "now").mockImplementation(() => (now += 30_000));
  writeFileSync(join(schemas, "run.yaml"), RUN.replace("epoch: int64", "epoch: int64\n      step: int32"));
  await until(() => log.includes(waiting) || errors.length > 0, "the wait for the lock");
  await until(() => vi.mocked(Date.now).mock.calls.length > 10 || errors.length > 0, "the wait to look again");
  expect(errors).toEqual([]);
  rmSync(lock);
  await until(() => read(join(out, "run.ts")).includes("step"), "run.ts to be written once the lock is gone");
  expect(log.filter((line) => line === waiting)).toHaveLength(1);
  // The rebuild writes run.ts, then releases its lock: a foreign lock written over it before that
  // would be the one its release removes (a generate creates its lock only where none is).
  await until(() => !existsSync(lock), "the rebuild's own lock to be released");
  writeFileSync(lock, JSON.stringify({ pid: 1, host: `not-${hostname()}`, token: "x" }));
  writeFileSync(join(schemas, "run.yaml"), RUN);
  await until(() => log.filter((line) => line === waiting).length === 2, "the second wait");
  await watcher.stop();
  expect(errors).toEqual([]);
  expect(read(join(out, "run.ts"))).toContain("step");
});
