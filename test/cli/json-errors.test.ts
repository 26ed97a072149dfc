/**
 * `--json` when the command cannot run (exit 2): besides the message on stderr, one object on
 * stdout, `{ ok: false, error: { code, message } }`, so that a script reading `.ok` (`jq .ok`)
 * reads `false` and never an empty output it could take for a pass.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import { runCli } from "./helpers.js";

test.each([
  [["validate", "--json", "no-such-folder-*/*.arrow"], "no .arrow file matches"],
  [["validate", "--json", "--jobs", "0", "a.arrow"], "--jobs 0: expected a positive integer"],
  [["validate", "--json", "--jobs", "0x10", "a.arrow"], "--jobs 0x10: expected a positive integer"],
  [
    ["validate", "--json", "--as", "foo", "a.arrow"],
    '--as "foo" is not a schema version identifier such as digits-model@1',
  ],
  [["validate", "--json", "--bogus", "a.arrow"], "unknown option '--bogus'"],
  [["validate", "--json"], "missing required argument 'files'"],
  [["inspect", "--json", "--head", "0", "a.arrow"], "--head 0: expected a positive number of rows"],
  [["inspect", "--json", "--head", "1e3", "a.arrow"], "--head 1e3: expected a positive number of rows"],
  [["compat", "--json", "--mode", "loose", "x@1", "x@2"], "--mode must be one of"],
])("%j: exit 2, { ok: false, error: usage } on stdout", async (argv, message) => {
  const result = await runCli(...argv);
  expect(result.code).toBe(2);
  expect(JSON.parse(result.out)).toEqual({
    ok: false,
    error: { code: "usage", message: expect.stringContaining(message) },
  });
});

test("invalid YAML schemas: the declaration error's code and its text; without --json stdout stays empty", async () => {
  const bad = mkdtempSync(join(tmpdir(), "legolas-json-errors-"));
  writeFileSync(join(bad, "bad.yaml"), "schema: bad\nprefix: Bad\nversions:\n  1:\n    extends: missing@1\n");
  const diagnostic = `${join(bad, "bad.yaml")}:5:14: parent "missing@1" is not declared in any schema file [unknown-parent]`;
  const json = await runCli("validate", "--json", "a.arrow", "--schemas", bad);
  expect({ code: json.code, out: JSON.parse(json.out), err: json.err }).toEqual({
    code: 2,
    out: { ok: false, error: { code: "schema_declaration_invalid", message: diagnostic } },
    err: diagnostic,
  });
  expect(await runCli("validate", "a.arrow", "--schemas", bad)).toEqual({ code: 2, out: "", err: diagnostic });
});
