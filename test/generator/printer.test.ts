/**
 * emit/printer.ts prints what the structures say: for every structure the emitters build for the
 * fixtures (test/schemas, the goldens, the generator bench's synthetic schemas), ts-morph reads
 * the same declarations from its text as from the text of ts-morph's own printer.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Project, printStructure, StructureKind as TsMorphKind } from "ts-morph";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { writeSyntheticSchemas } from "../../bench/generator/synthetic-schemas.js";
import { generate } from "../../generator/generate.js";
import * as printer from "../../generator/emit/printer.js";
import { type Statement, StructureKind } from "../../generator/emit/structures.js";
import { readSchemaFolder, shippedSchemaFolder } from "../../generator/schema-folder.js";

vi.mock(import("../../generator/emit/printer.js"), async (importOriginal) => {
  const original = await importOriginal();
  return { ...original, printStatements: vi.fn(original.printStatements) };
});

let synthetic: string;
beforeAll(async () => {
  synthetic = await mkdtemp(join(tmpdir(), "legolas-printer-"));
  await writeSyntheticSchemas(synthetic, 15);
});
afterAll(() => rm(synthetic, { recursive: true, force: true }));

test("the StructureKind values are ts-morph's", () => {
  for (const [name, value] of Object.entries(StructureKind))
    expect(value).toBe(TsMorphKind[name as keyof typeof TsMorphKind]);
});

/** The structures and text of every file `generate` prints for the schemas in `folder`. */
async function printedFiles(folder: string): Promise<{ statements: readonly Statement[]; text: string }[]> {
  const print = vi.mocked(printer.printStatements);
  print.mockClear();
  generate(await readSchemaFolder(folder), {
    outDir: "out",
    shipped: await readSchemaFolder(shippedSchemaFolder()),
    omitVersion: true,
  });
  return print.mock.calls.map(([statements], index) => ({ statements, text: print.mock.results[index]!.value }));
}

const project = new Project({ useInMemoryFileSystem: true });

/** The declarations of `text` as ts-morph reads them, whitespace collapsed (the layouts differ, not the code). */
function declarations(text: string): unknown {
  const source = project.createSourceFile("printed.ts", text, { overwrite: true });
  return collapse(source.getStructure().statements);
}

function collapse(value: unknown): unknown {
  if (typeof value === "string") return value.replace(/\s+/g, " ").trim();
  if (Array.isArray(value)) return value.map(collapse);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, collapse(entry)]));
}

test.each([
  "test/schemas",
  "test/golden/chain-across-files/schemas",
  "test/golden/extends-shipped/schemas",
  "test/golden/nasty-names/schemas",
  "synthetic",
])("the structures printed for %s declare what ts-morph's printer declares for them", async (folder) => {
  const files = await printedFiles(folder === "synthetic" ? synthetic : folder);
  expect(files.length).toBeGreaterThan(0);
  for (const { statements, text } of files) {
    const reference = printStructure(
      { kind: TsMorphKind.SourceFile, statements: [...statements] },
      { indentNumberOfSpaces: 2, newLine: "\n" },
    );
    expect(declarations(text)).toEqual(declarations(reference));
  }
});

test("a one-statement member body stays on one line only when it fits", () => {
  const method = (name: string) => ({ name, parameters: [], returnType: "number", statements: ["return 1;"] });
  const text = printer.printStatements([
    { kind: StructureKind.Class, name: "A", methods: [method("short"), method("a".repeat(100))] },
  ]);
  expect(text.split("\n")).toEqual([
    "class A {",
    "  short(): number { return 1; }",
    "",
    `  ${"a".repeat(100)}(): number {`,
    "    return 1;",
    "  }",
    "}",
  ]);
});

test("JSDoc prose is wrapped at 100 columns, blank lines kept", () => {
  const text = printer.printStatements([
    { kind: StructureKind.Interface, name: "A", docs: [`${"word ".repeat(30).trim()}\n\nlast`], properties: [] },
  ]);
  expect(text.split("\n")).toEqual([
    "/**",
    ` * ${"word ".repeat(19).trim()}`,
    ` * ${"word ".repeat(11).trim()}`,
    " *",
    " * last",
    " */",
    "interface A {}",
  ]);
});
