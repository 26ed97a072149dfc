/**
 * `legolas generate` changes its output folder all or nothing (generator/write/output-folder.ts
 * over runtime/replace-file.ts): a target that cannot be replaced is found before anything is
 * written, and a rename that fails midway puts back the files already replaced. What a path is
 * stays what it was: a generated file that is a symbolic link stays one, and keeps its mode. A
 * file replaced has no second name meanwhile, which a dev server's watcher takes for a change.
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test, vi } from "vitest";
import { runCli } from "../cli/helpers.js";

/**
 * Fails the `failAt`-th rename (counting from 1) while set; `names` gets, at each rename onto a
 * file that exists, how many names (hard links) that file has.
 */
const inject = vi.hoisted(() => ({ failAt: 0, renames: 0, names: [] as number[] }));

vi.mock("node:fs/promises", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs/promises")>();
  return {
    ...actual,
    rename: async (...args: Parameters<typeof actual.rename>) => {
      if (inject.failAt > 0 && ++inject.renames === inject.failAt) {
        throw Object.assign(new Error("EIO: injected, rename"), { code: "EIO", syscall: "rename" });
      }
      const replaced = await actual.stat(args[1]).catch(() => null);
      if (replaced !== null) inject.names.push(replaced.nlink);
      return actual.rename(...args);
    },
  };
});
afterEach(() => Object.assign(inject, { failAt: 0, renames: 0, names: [] }));

const schema = (name: string, field: string) =>
  `schema: ${name}\nprefix: ${name[0]!.toUpperCase()}${name.slice(1)}\nversions:\n  1:\n    fields:\n      ${field}: int64\n`;

/** A project generated from schemas `a` and `c`, then edited so that `a`, `b` (new) and `c` change. */
async function editedProject(): Promise<{ schemas: string; out: string; before: Map<string, string> }> {
  const root = mkdtempSync(join(tmpdir(), "legolas-output-"));
  const schemas = join(root, "schemas");
  const out = join(root, "generated");
  mkdirSync(schemas);
  writeFileSync(join(schemas, "a.yaml"), schema("a", "old"));
  writeFileSync(join(schemas, "c.yaml"), schema("c", "old"));
  expect((await runCli("generate", "--schemas", schemas, "--out", out)).code).toBe(0);
  const before = snapshot(out);
  for (const name of ["a", "b", "c"]) writeFileSync(join(schemas, `${name}.yaml`), schema(name, "new"));
  return { schemas, out, before };
}

function snapshot(folder: string): Map<string, string> {
  const files = readdirSync(folder, { withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith(".ts"));
  return new Map(
    files
      .map((e) => e.name)
      .sort()
      .map((n) => [n, readFileSync(join(folder, n), "utf8")]),
  );
}

test("a folder in the place of one generated file: exit 2 naming it, and no file changed", async () => {
  const { schemas, out, before } = await editedProject();
  mkdirSync(join(out, "b.ts"));
  const result = await runCli("generate", "--schemas", schemas, "--out", out);
  expect(result.code).toBe(2);
  expect(result.err).toBe(
    `legolas generate: cannot write ${join(out, "b.ts")} (EISDIR): a folder stands where this file goes; move or rename the folder`,
  );
  expect(snapshot(out)).toEqual(before);
  expect(readdirSync(out).filter((n) => n.startsWith("."))).toEqual([]);
});

test.each([2, 3, 4])("a rename that fails midway (rename %i) puts back every file already replaced", async (failAt) => {
  const { schemas, out, before } = await editedProject();
  inject.failAt = failAt;
  const result = await runCli("generate", "--schemas", schemas, "--out", out);
  expect(inject.renames).toBeGreaterThanOrEqual(failAt);
  expect(result.code).toBe(2);
  expect(result.err).toMatch(new RegExp(`^legolas generate: cannot replace ${out}/[a-z]+\\.ts \\(EIO\\)`));
  expect(snapshot(out)).toEqual(before);
  expect(readdirSync(out).filter((n) => n.startsWith("."))).toEqual([]);
  inject.failAt = 0;
  expect((await runCli("generate", "--schemas", schemas, "--out", out)).code).toBe(0);
  expect(snapshot(out).get("a.ts")).toContain("readonly new: bigint;");
});

test("a generated file that is a symbolic link stays one and keeps its target's mode", async () => {
  const { schemas, out } = await editedProject();
  const elsewhere = join(out, "..", "kept");
  mkdirSync(elsewhere);
  renameSync(join(out, "a.ts"), join(elsewhere, "a.ts"));
  symlinkSync(join(elsewhere, "a.ts"), join(out, "a.ts"));
  chmodSync(join(elsewhere, "a.ts"), 0o640);
  expect((await runCli("generate", "--schemas", schemas, "--out", out)).code).toBe(0);
  expect(lstatSync(join(out, "a.ts")).isSymbolicLink()).toBe(true);
  expect(readFileSync(join(elsewhere, "a.ts"), "utf8")).toContain("readonly new: bigint;");
  expect(statSync(join(elsewhere, "a.ts")).mode & 0o777).toBe(0o640);
});

test("a file replaced has no other name as it is replaced, so a dev server watching the folder sees the new one", async () => {
  // A hard link kept as the backup made Vite 8's dev server (its file watcher) miss about one
  // generate in four: the page kept the old module, on a reload too, until the file changed again.
  const { schemas, out } = await editedProject();
  expect((await runCli("generate", "--schemas", schemas, "--out", out)).code).toBe(0);
  expect(inject.names.length).toBeGreaterThanOrEqual(2); // a.ts and c.ts (b.ts is new), index.ts
  expect(inject.names).toEqual(inject.names.map(() => 1));
  expect(snapshot(out).get("a.ts")).toContain("readonly new: bigint;");
  expect(readdirSync(out).filter((n) => n.startsWith("."))).toEqual([]);
});
