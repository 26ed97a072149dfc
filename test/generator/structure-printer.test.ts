/**
 * structure-printer.ts prints the emitters' structures byte for byte as ts-morph's
 * `printStructure` does (the goldens and `generate --check` rely on it), and hands back every
 * structure it cannot print exactly, so that ts-morph prints that file.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { printStructure, StructureKind as TsMorphKind } from "ts-morph";
import { afterAll, beforeAll, expect, test, vi } from "vitest";
import { writeSyntheticSchemas } from "../../bench/generator/synthetic-schemas.js";
import { generate } from "../../generator/generate.js";
import { GeneratedFile, type Statement } from "../../generator/emit/generated-file.js";
import { StructureKind } from "../../generator/emit/structure-kind.js";
import * as printer from "../../generator/emit/structure-printer.js";
import { readSchemaFolder, shippedSchemaFolder } from "../../generator/schema-folder.js";

vi.mock(import("../../generator/emit/structure-printer.js"), async (importOriginal) => {
  const original = await importOriginal();
  return { ...original, printStructures: vi.fn(original.printStructures) };
});

const tsMorphText = (statements: readonly Statement[]) =>
  printStructure(
    { kind: TsMorphKind.SourceFile, statements: [...statements] },
    { indentNumberOfSpaces: 2, newLine: "\n" },
  );

let synthetic: string;
beforeAll(async () => {
  synthetic = await mkdtemp(join(tmpdir(), "legolas-structure-printer-"));
  await writeSyntheticSchemas(synthetic, 15);
});
afterAll(() => rm(synthetic, { recursive: true, force: true }));

test("the StructureKind values are ts-morph's", () => {
  for (const [name, value] of Object.entries(StructureKind))
    expect(value).toBe(TsMorphKind[name as keyof typeof TsMorphKind]);
});

const printedFiles = async (folder: string) => {
  const print = vi.mocked(printer.printStructures);
  print.mockClear();
  generate(await readSchemaFolder(folder), {
    outDir: "out",
    shipped: await readSchemaFolder(shippedSchemaFolder()),
    omitVersion: true,
  });
  return print.mock.calls.map(([statements], index) => ({
    fast: print.mock.results[index]!.value as string | undefined,
    tsMorph: tsMorphText(statements),
  }));
};

// test/schemas holds the every-type fixture; the synthetic folder is the generator bench's.
test.each([
  "test/schemas",
  "test/golden/chain-across-files/schemas",
  "test/golden/extends-shipped/schemas",
  "synthetic",
])("every file of %s is printed without ts-morph, to ts-morph's bytes", async (folder) => {
  const files = await printedFiles(folder === "synthetic" ? synthetic : folder);
  expect(files.length).toBeGreaterThan(0);
  for (const { fast, tsMorph } of files) expect(fast).toBe(tsMorph);
});

test("nasty names (backticks in string literals) print as ts-morph prints them, by ts-morph where needed", async () => {
  for (const { fast, tsMorph } of await printedFiles("test/golden/nasty-names/schemas")) {
    if (fast !== undefined) expect(fast).toBe(tsMorph);
  }
});

const doc = (docs: string[]): Statement => ({
  kind: StructureKind.Interface,
  name: "A",
  docs,
  properties: [{ name: "a", type: "string", docs }],
});

test.each<[string, Statement[]]>([
  ["empty, multi-line and leading-newline docs", [doc([""]), doc(["one\n\ntwo"]), doc(["\nthree"]), doc(["a", "b"])]],
  [
    "empty bodies and members",
    [
      { kind: StructureKind.Interface, name: "I" },
      { kind: StructureKind.Class, name: "C" },
      { kind: StructureKind.Function, name: "f" },
      { kind: StructureKind.Function, name: "g", statements: [] },
      {
        kind: StructureKind.Class,
        name: "D",
        ctors: [{}],
        methods: [{ name: "m" }, { name: "n", statements: ["", "x;"] }],
      },
    ],
  ],
  [
    "strings between structures, a closed block comment, blank lines in a body",
    [
      "const a = 1;",
      "const b = /* two */ 2;",
      { kind: StructureKind.Function, name: "f", statements: "if (a) {\n  b;\n}\n\nreturn;" },
      'const c = { d: "}" };',
      "/** doc */\nexport const e = f;",
    ],
  ],
  [
    "backticks closed on their line",
    [
      "const a = `${path}names[${i}]`;",
      'const b = "`";',
      'if (e) {\n  push(`${path}f`, "g");\n}',
      'const c = `${d["e"]}`;',
      "if (f) {\n  g(`${h({ i: 1 })}`);\n}",
    ],
  ],
])("%s print as ts-morph prints them", (_, statements) => {
  expect(printer.printStructures(statements, 2)).toBe(tsMorphText(statements));
});

test.each<[string, Statement]>([
  ["a template literal", "const a = `x\n  y`;"],
  ["a template literal left open on its line", "const a = `${b}\n  c`;"],
  ["a line ending in a comment", "const a = 1; /* `b` */"],
  ["a block comment left open on its line", "const a = 1; /* one\ntwo */"],
  ["a line ending inside a quoted string", 'const a = "x\\\ny";'],
  ["a structure kind it does not print", { kind: TsMorphKind.TypeAlias, name: "T", type: "string" }],
  ["a property it does not print", { kind: StructureKind.Function, name: "f", isAsync: true }],
])("%s is left to ts-morph, and the file still prints as ts-morph prints it", (_, statement) => {
  expect(printer.printStructures([statement], 2)).toBeUndefined();
  const file = new GeneratedFile("a.ts", ["// preamble"], "legolas-ts/runtime");
  file.add(statement);
  expect(file.print()).toBe(`// preamble\n${tsMorphText([statement])}`);
});
