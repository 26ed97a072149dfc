/**
 * generator/parse/yaml-tab-indentation.ts, over any tabs: a schema file read well, with a tab put
 * into the indentation of some of its lines (before, between or in place of spaces), is either
 * still YAML that reads (a tab that begins a block scalar's text is text) or one error, the tab's,
 * at one of the lines given a tab. Whatever the yaml package makes of where those lines nest
 * (keys run on, items out of line, a key beside its namesake) is never reported beside it.
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { Diagnostics } from "../../generator/diagnostics.js";
import type { SchemaDeclarationError } from "../../generator/errors.js";
import { readYamlFile } from "../../generator/parse/yaml-document.js";

// Every kind of line a schema has: nested mappings, a struct's fields, a block scalar, block and
// flow sequences (one over two lines), quoted text (over two lines too), a comment.
const WELL_READ = `schema: a
prefix: A
doc: A schema.
versions:
  1:
    fields:
      a: int64
      b:
        type: string
        doc: >
          folded text
          more
        values:
          - x
          - "y"
      c:
        type: struct
        fields:
          d: int64    # a comment
      e:
        type: string?
        values: [
          p, q ]
        doc: "two
          lines"
        pattern: '^[pq]$'
    checks:
      - check: row.a > 0n
        message: positive
  2:
    fields: { a: int64 }
`;
const LINES = WELL_READ.split("\n");

/** The errors of reading `text` (`line:col: message [rule]`), none when it reads. */
function errorsOf(text: string): string[] {
  const diagnostics = new Diagnostics();
  readYamlFile("a.yaml", text, diagnostics);
  try {
    diagnostics.throwIfAny();
    return [];
  } catch (error) {
    return (error as SchemaDeclarationError).diagnostics.map((d) => `${d.line}:${d.col}: ${d.message} [${d.rule}]`);
  }
}

/** A tab put at `at` (clamped to the line's indentation) of line `line`, before a space or in its place. */
const aTab = fc.record({
  line: fc.nat({ max: LINES.length - 2 }),
  at: fc.nat({ max: 12 }),
  replacing: fc.boolean(),
});

test("tabs put into a file's indentation are one error at one of their lines, or none", () => {
  expect(errorsOf(WELL_READ)).toStrictEqual([]);
  fc.assert(
    fc.property(fc.uniqueArray(aTab, { minLength: 1, maxLength: 3, selector: (tab) => tab.line }), (tabs) => {
      const lines = [...LINES];
      for (const { line, at, replacing } of tabs) {
        const text = lines[line]!;
        const indentation = text.length - text.trimStart().length;
        const k = Math.min(at, indentation);
        lines[line] = `${text.slice(0, k)}\t${text.slice(replacing && k < indentation ? k + 1 : k)}`;
      }
      const errors = errorsOf(lines.join("\n"));
      if (errors.length === 0) return;
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^\d+:\d+: invalid YAML: tabs are not allowed as indentation; YAML indents with spaces/,
      );
      expect(tabs.map((tab) => tab.line + 1)).toContain(Number(errors[0]!.split(":")[0]));
    }),
    { numRuns: 500 },
  );
});
