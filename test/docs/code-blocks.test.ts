/**
 * Every TypeScript block of README.md and docs/*.md compiles, and every one that is not a
 * `fragment` or `browser` block runs (markdown-blocks.ts says what the tags mean).
 *
 * The blocks are what a user copies, so they are checked as a user's app would be: in a folder
 * of their own with a `generated/` folder beside them (the repository's schemas plus the pages'
 * `yaml file=` blocks, written by the built CLI with `--target js`), type-checked in one `tsc`
 * program with the repository's path aliases, then run by plain `node` against the built packages
 * (run-blocks.mjs: one process, each block in a working folder of its own).
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { ts } from "ts-morph";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type CodeBlock, markdownBlocks } from "./markdown-blocks.js";

const run = promisify(execFile);
const repository = join(import.meta.dirname, "../..");
const pages = ["README.md", ...readdirSync(join(repository, "docs")).map((name) => `docs/${name}`)].filter((page) =>
  page.endsWith(".md"),
);
const blocks = pages.flatMap((page) => markdownBlocks(join(repository, page)).map((block) => ({ ...block, page })));
const typescriptBlocks = blocks.filter((block) => block.language === "ts" || block.language === "js");
const runnable = typescriptBlocks.filter((block) => !block.tags.has("fragment") && !block.tags.has("browser"));
const schemaBlocks = blocks.filter((block) => block.fileName !== null);

/** The module a block becomes: named after its page and line, so that errors point back to both. */
const moduleName = (block: CodeBlock & { page: string }): string =>
  `${basename(block.page, ".md").toLowerCase()}-${block.line}`;

let folder = "";

beforeAll(async () => {
  folder = mkdtempSync(join(repository, "test/docs/.blocks-"));
  const schemas = join(folder, "schemas");
  cpSync(join(repository, "schemas"), schemas, { recursive: true });
  for (const block of schemaBlocks) writeFileSync(join(schemas, block.fileName ?? ""), block.code);
  await run(process.execPath, [
    join(repository, "generator/bin/legolas.js"),
    "generate",
    "--schemas",
    schemas,
    "--out",
    join(folder, "generated"),
    "--target",
    "js",
  ]);
  for (const block of typescriptBlocks) {
    writeFileSync(join(folder, `${moduleName(block)}.ts`), block.code);
    const { outputText } = ts.transpileModule(block.code, {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(folder, `${moduleName(block)}.js`), outputText);
  }
  // The runtime's own declaration of lz4js comes along: the blocks reach the runtime's sources.
  const tsconfig = {
    extends: "../../../tsconfig.json",
    compilerOptions: { noEmit: true },
    include: ["*.ts", "../../../runtime/arrow/ipc/lz4js.d.ts"],
  };
  writeFileSync(join(folder, "tsconfig.json"), JSON.stringify(tsconfig));
}, 60_000);

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe("the code blocks of README.md and docs/*.md", () => {
  test("are tagged with known tags only, and schema files are YAML", () => {
    const known = new Set(["fragment", "browser"]);
    const unknown = typescriptBlocks.filter((block) => [...block.tags].some((tag) => !known.has(tag)));
    expect(unknown.map((block) => `${block.page}:${block.line}`)).toEqual([]);
    expect(schemaBlocks.every((block) => block.language === "yaml")).toBe(true);
    expect(runnable.length).toBeGreaterThan(0);
  });

  test("type-check as one program", async () => {
    const result = await run(join(repository, "node_modules/.bin/tsc"), ["-p", join(folder, "tsconfig.json")]).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout }),
    );
    expect(pointBack(result.stdout)).toEqual([]);
  }, 60_000);

  describe("run", () => {
    // One process runs every block (run-blocks.mjs), then each block's outcome is its own test.
    const outcomes = new Map<string, string>();
    beforeAll(async () => {
      const modules = runnable.map((block) => join(folder, `${moduleName(block)}.js`));
      // A block that kills the process (an unhandled rejection) leaves the blocks after it unrun:
      // they report what the process said on its way out.
      const { stdout, stderr } = await run(
        process.execPath,
        [join(import.meta.dirname, "run-blocks.mjs"), ...modules],
        { maxBuffer: 64 * 1024 * 1024 },
      ).catch((error: { stdout: string; stderr: string }) => error);
      for (const line of stdout.split("\n").filter((text) => text.startsWith('{"module":'))) {
        const { module, ok, error } = JSON.parse(line) as { module: string; ok: boolean; error: string | null };
        outcomes.set(module, ok ? "ran" : `threw ${error}`);
      }
      for (const module of modules) if (!outcomes.has(module)) outcomes.set(module, `did not finish: ${stderr}`);
    }, 180_000);

    test.each(runnable.map((block) => [`${block.page}:${block.line}`, block] as const))("%s runs", (_, block) => {
      expect(outcomes.get(join(folder, `${moduleName(block)}.js`))).toBe("ran");
    });
  });
});

/** tsc's `readme-120.ts(3,5): error ...` as `README.md:122:5: error ...`, the line in the page. */
function pointBack(output: string): string[] {
  return output
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const match = /^([a-z0-9-]+)-(\d+)\.ts\((\d+),(\d+)\): (.*)$/.exec(line.replace(/^.*[\\/]/, ""));
      if (!match) return line;
      const [, name = "", start = "0", row = "0", column = "0", message = ""] = match;
      const page = pages.find((candidate) => basename(candidate, ".md").toLowerCase() === name) ?? name;
      return `${page}:${Number(start) + Number(row) - 1}:${column}: ${message}`;
    });
}
