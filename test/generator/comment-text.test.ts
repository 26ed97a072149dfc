/**
 * User text in generated comments (generator/emit/comment-text.ts): a YAML doc or a file path
 * can end neither a line comment nor a block comment, nor show other code than the compiler reads.
 */
import { ts } from "ts-morph";
import { describe, expect, test } from "vitest";
import { commentText } from "../../generator/emit/comment-text.js";
import { generate } from "../../generator/generate.js";

describe("commentText", () => {
  test("escapes what would end a comment or hide code, and nothing else", () => {
    expect(commentText("a */ b\nc\r\u2028\u2029 \u202e\u2066\x1b\0 σ² \t")).toBe(
      "a *\\/ b\\nc\\r\\u2028\\u2029 \\u202e\\u2066\\u001b\\u0000 σ² \t",
    );
    expect(commentText("line one\nline two */", { lines: true })).toBe("line one\nline two *\\/");
  });
});

test("a doc and a source path full of comment breakers generate code with no statement of theirs", () => {
  const doc = "ends */ here\\n\\r\\u2028 globalThis.PWNED = 1; \\u2029 // \\u202e";
  const yaml = `schema: a\nprefix: A\ndoc: "${doc}"\nversions:\n  1:\n    doc: "${doc}"\n    fields:\n      x:\n        type: int32\n        doc: "${doc}"\n`;
  const [file] = generate([{ path: "in\n*/\u2028globalThis.PWNED = 2;/a.yaml", text: yaml }], { outDir: "." });
  const source = ts.createSourceFile("a.ts", file!.content, ts.ScriptTarget.ES2022, true);
  expect(source.statements.filter((statement) => ts.isExpressionStatement(statement))).toEqual([]);
  const { diagnostics = [] } = ts.transpileModule(file!.content, { reportDiagnostics: true });
  expect(diagnostics).toEqual([]);
  // Comments hold none of them raw (string literals may: there they are data).
  const comments = file!.content.split("\n").filter((line) => /^\s*(\/\/|\/\*|\*)/.test(line));
  expect(comments.filter((line) => /[\r\u2028\u2029\u202e]/.test(line))).toEqual([]);
});
