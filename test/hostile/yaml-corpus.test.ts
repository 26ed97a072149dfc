/**
 * The hostile YAML corpus: every folder under test/hostile/yaml is one case, a set of schema
 * files and `expected.txt`, the exact declaration errors (`file:line:col: message [rule]`) the
 * generator must report for it. Each case must fail cleanly: a `SchemaDeclarationError` with a
 * bounded list of positioned errors, exit code 2 from the CLI, no output folder, within a time
 * bound (alias bombs, huge files, 300-deep or cyclic chains included).
 *
 * `UPDATE_HOSTILE=1 npx vitest run test/hostile/yaml-corpus.test.ts` rewrites the expected
 * files; review their diff.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { main } from "../../generator/cli/main.js";
import { declarationErrors, generateFromYaml } from "../generator/helpers.js";
import { tableFromIPC, tableToIPC } from "apache-arrow";
import { runCli } from "../cli/helpers.js";
import { ModelV1, writeModelRow } from "legolas-ts";

const CORPUS = "test/hostile/yaml";
const cases = readdirSync(CORPUS, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
/** No case may take longer than this to be refused (the slowest, 1,000 bad fields, takes about 0.5 s on one core). */
const CASE_LIMIT_MS = 5000;
const DIAGNOSTIC = /^schemas\/[^:]+\.yaml:\d+:\d+: .+ \[[a-z-]+\]$/s;

function caseFiles(name: string): Record<string, string> {
  const folder = join(CORPUS, name);
  return Object.fromEntries(
    readdirSync(folder)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => [f, readFileSync(join(folder, f), "utf8")]),
  );
}

const scratch = mkdtempSync(join(tmpdir(), "legolas-hostile-yaml-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The TypeScript compiler that reads and type-checks row checks loads on first use (seconds on a
// busy machine): load it before any clock runs, so that each case's bound is its own work.
beforeAll(() => {
  generateFromYaml({
    "warm.yaml":
      "schema: warm\nprefix: Warm\nversions:\n  1:\n    fields: { x: int32 }\n    checks: [{ check: row.x > 0, message: m }]\n",
  });
});

test("the corpus holds at least 60 cases, as many as SECURITY.md says it holds", () => {
  expect(cases.length).toBeGreaterThanOrEqual(60);
  const security = readFileSync("SECURITY.md", "utf8").replaceAll(/\s+/g, " ");
  expect(/over `test\/hostile\/yaml\/` \((\d+) cases/.exec(security)?.[1]).toBe(String(cases.length));
});

describe.each(cases)("%s", (name) => {
  test("one clear error (or a bounded list) at file:line:col, exit 2, nothing written", async () => {
    const files = caseFiles(name);
    const started = performance.now();
    const errors = declarationErrors(files);
    expect(performance.now() - started).toBeLessThan(CASE_LIMIT_MS);
    const expectedPath = join(CORPUS, name, "expected.txt");
    if (process.env.UPDATE_HOSTILE === "1") writeFileSync(expectedPath, `${errors.join("\n")}\n`);
    expect(errors.join("\n")).toBe(readFileSync(expectedPath, "utf8").trimEnd());
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.length).toBeLessThanOrEqual(51);
    for (const error of errors) {
      expect(error).toMatch(DIAGNOSTIC);
      expect(error.length).toBeLessThan(1000);
    }

    // Through the CLI, into a fresh folder: exit code 2, no output folder created.
    const root = mkdtempSync(join(scratch, `${name}-`));
    const schemas = join(root, "schemas");
    for (const [file, text] of Object.entries(files)) writeFileSync(join(root, file === "" ? "x" : file), text);
    rmSync(schemas, { recursive: true, force: true });
    const { mkdirSync } = await import("node:fs");
    mkdirSync(schemas);
    for (const [file, text] of Object.entries(files)) writeFileSync(join(schemas, file), text);
    vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "log").mockImplementation(() => {});
    process.exitCode = 0;
    await main(["generate", "--schemas", schemas, "--out", join(root, "generated")]);
    const code = Number(process.exitCode);
    process.exitCode = 0;
    vi.restoreAllMocks();
    expect(code).toBe(2);
    expect(existsSync(join(root, "generated"))).toBe(false);
  });
});

describe("an untrusted schema folder", () => {
  // `legolas validate` and `inspect` load the row checks of whatever folder they run in. Before
  // the check language, each of these ran its code there (the first wrote the marker file; the
  // last hung the process).
  const write = `"globalThis.process.getBuiltinModule('fs').writeFileSync(MARKER, 'x')"`;
  const escapes = [
    `row.constructor.constructor(${write})() === undefined`,
    `({ get x() { return row.constructor.constructor(${write})() } }).x === undefined`,
    "({ m() { for (;;) {} } }).m()",
  ];

  test.each(escapes.map((check, index) => [check, `probe${index}.model`]))(
    "validate and inspect refuse it and run none of it: %s",
    async (check, name) => {
      const root = mkdtempSync(join(scratch, "untrusted-"));
      const marker = join(root, "MARKER");
      const schemas = join(root, "schemas");
      const { mkdirSync } = await import("node:fs");
      mkdirSync(schemas);
      const yaml = [
        `schema: ${name}`,
        "prefix: Probe",
        "versions:",
        "  1:",
        "    extends: legolas-flux.model@1",
        "    checks:",
        `      - check: ${JSON.stringify(check.replaceAll("MARKER", `'${marker}'`))}`,
        "        message: m",
      ].join("\n");
      writeFileSync(join(schemas, `${name}.yaml`), yaml);
      // A table of that schema, whose rows validate and inspect would check.
      const table = join(root, "model.arrow");
      await writeModelRow(table, new ModelV1({}));
      const written = tableFromIPC(readFileSync(table));
      written.schema.metadata.set("legolas_schema_qualified", `${name}@1>legolas-flux.model@1`);
      writeFileSync(table, tableToIPC(written, "file"));
      for (const command of ["validate", "inspect"]) {
        const result = await runCli(command, "--schemas", schemas, table);
        expect(result.code).toBe(2);
        expect(result.err).toMatch(/\[check-expression\]/);
      }
      expect(existsSync(marker)).toBe(false);
    },
  );
});

describe("valid but nasty declarations", () => {
  // Strings aimed at every place YAML text lands in generated code: JSDoc comments, string
  // literals (defaults, patterns, messages, values), property names and the row check.
  const nasty = [
    "schema: example.hostile-valid",
    "prefix: HostileValid",
    'doc: "*/ process.exit(1) /* `${process.exit(2)}` \\" \' \\\\ \\u2028 \\u2029 <!-- -->"',
    "versions:",
    "  1:",
    '    doc: "*/} ); process.exit(3); //"',
    "    fields:",
    "      größe_ñ: float64?",
    "      toString: string?",
    "      valueOf: int32?",
    "      isPrototypeOf: bool?",
    "      ℌ𝔢𝔩𝔩𝔬: string?",
    "      quoted:",
    "        type: string",
    '        default: "\\"); process.exit(4); (\\" `${process.exit(5)}` */ \\u2028"',
    '        doc: "*/ process.exit(6) /*"',
    "      pattern_text:",
    "        type: string?",
    '        pattern: "^[^\\"\\\\\\\\/*]*$"',
    "      kind:",
    "        type: string?",
    '        values: ["a\\"b", "*/", "${x}", "\\u2028"]',
    "    checks:",
    '      - check: "row.quoted !== \\"\\\\\\"); process.exit(7); (\\\\\\"\\""',
    '        message: "*/ \\"); process.exit(8); // ${x}"',
  ].join("\n");

  test("generates TypeScript with no syntax error where every hostile string stays a string or comment", async () => {
    const { ts } = await import("ts-morph");
    const { generateFromYaml } = await import("../generator/helpers.js");
    const [file] = generateFromYaml({ "example.hostile-valid.yaml": nasty });
    const output = ts.transpileModule(file!.content, {
      reportDiagnostics: true,
      compilerOptions: { target: ts.ScriptTarget.ES2022 },
    });
    expect(output.diagnostics ?? []).toEqual([]);
    // No identifier `process` anywhere in the code: every process.exit above sits in a literal or a comment.
    const source = ts.createSourceFile("x.ts", file!.content, ts.ScriptTarget.ES2022, true);
    const identifiers: string[] = [];
    const visit = (node: import("ts-morph").ts.Node): void => {
      if (ts.isIdentifier(node)) identifiers.push(node.text);
      ts.forEachChild(node, visit);
    };
    visit(source);
    expect(identifiers).not.toContain("process");
    expect(identifiers).toContain("größe_ñ");
    // and the module behaves (run against the compiled runtime in dist/, as `npm ci` builds it):
    // the default, the pattern, the values and the check keep their exact text
    const module = await import(
      `data:text/javascript;base64,${Buffer.from(output.outputText.replace(/from "legolas-ts\/codegen"/g, `from ${JSON.stringify(new URL("../../runtime/dist/codegen.js", import.meta.url).href)}`)).toString("base64")}`
    );
    const row = new module.HostileValidV1({});
    expect(row.quoted).toBe('"); process.exit(4); (" `${process.exit(5)}` */ \u2028');
    expect(module.HostileValidV1.validate({ ...row, kind: "*/" })).toEqual([]);
    expect(module.HostileValidV1.validate({ ...row, pattern_text: "a*b" })).toMatchObject([
      { path: "pattern_text", code: "constraint_violated" },
    ]);
    expect(() => new module.HostileValidV1({ quoted: '"); process.exit(7); ("' })).toThrow(/check failed/);
  });
});
