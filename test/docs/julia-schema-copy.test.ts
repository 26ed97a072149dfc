/**
 * docs/julia.md's copy of Onda.jl's schemas works as it says: the files its `cp` takes from a
 * clone of the repository are there, they are every Onda schema the page links, and every version
 * they extend is among them (a copy without its parents would not generate); and the npm package
 * ships none of them, which is why the page sends the reader to a clone.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import { markdownBlocks } from "./markdown-blocks.js";

const repository = join(import.meta.dirname, "../..");
const page = join(repository, "docs/julia.md");

/** The repository files the page's `cp /tmp/legolas-ts/<folder>/<prefix>*<suffix> ...` takes. */
function copiedFiles(): string[] {
  const copies = markdownBlocks(page)
    .filter((block) => block.language === "sh")
    .flatMap((block) => [...block.code.matchAll(/^cp \/tmp\/legolas-ts\/(\S+)\/([^/*\s]*)\*([^/*\s]*) /gm)]);
  expect(copies).toHaveLength(1);
  const [, folder = "", prefix = "", suffix = ""] = copies[0]!;
  return readdirSync(join(repository, folder))
    .filter((name) => name.startsWith(prefix) && name.endsWith(suffix))
    .map((name) => `${folder}/${name}`);
}

test("docs/julia.md's copy of the Onda schemas takes every one it links, with the versions they extend", () => {
  const copied = copiedFiles();
  const linked = [...readFileSync(page, "utf8").matchAll(/\]\(\.\.\/(test\/schemas\/onda\.[^)]+\.yaml)\)/g)].map(
    (link) => link[1]!,
  );
  expect(linked.length).toBeGreaterThan(0);
  expect(copied).toEqual(expect.arrayContaining(linked));
  const declared = copied.map((file) => /^schema: (\S+)/m.exec(readFileSync(join(repository, file), "utf8"))?.[1]);
  for (const file of copied)
    for (const [, parent = ""] of readFileSync(join(repository, file), "utf8").matchAll(/^\s+extends: (\S+)@\d+/gm))
      expect(declared, `${file} extends ${parent}`).toContain(parent);
});

test("the legolas-ts package ships no Onda schema: the page's clone is the way to them", () => {
  const { files } = JSON.parse(readFileSync(join(repository, "runtime/package.json"), "utf8")) as { files: string[] };
  const shipped = files
    .filter((entry) => !entry.startsWith("!"))
    .flatMap((entry) => {
      try {
        return readdirSync(join(repository, "runtime", entry), { recursive: true }).map(String);
      } catch {
        return [entry];
      }
    });
  expect(shipped.filter((name) => /onda\.[^/]*\.yaml$/.test(name))).toEqual([]);
});
