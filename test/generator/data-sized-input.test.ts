/**
 * The generator's tools on schemas of data-like size: nothing spreads a YAML-sized array into
 * function arguments (`Math.max(...x)`, `push(...x)`), which overflows the stack past about
 * 100,000 elements: `legolas docs` on a default of 300,000 backtick runs finishes.
 */
import { expect, test } from "vitest";
import { generateDocs } from "../../generator/docs/docs.js";

test("docs of a field whose default holds 300,000 runs of backticks", () => {
  const value = "`x".repeat(300_000);
  const yaml = `schema: example.ticks\nprefix: Ticks\nversions:\n  1:\n    fields:\n      note:\n        type: string\n        default: "${value}"\n`;
  const [file] = generateDocs([{ path: "schemas/example.ticks.yaml", text: yaml }], { shipped: [] });
  expect(file!.content).toContain('| ``"`x`x`x');
});
