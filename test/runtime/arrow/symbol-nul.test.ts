/**
 * A `symbol` holding NUL: Julia builds a Symbol with `jl_symbol_n`, which throws "Symbol name may
 * not contain \0", so Arrow.jl cannot read such a value (ArrowTypes.jl's `fromarrow(::Type{Symbol},
 * ptr, len)` calls it). Every door refuses it: the row class (a scalar, a set's element, a map's
 * key), the writer (validated or not), the JSON Schema, and the read of a file that holds one.
 */
import { describe, expect, test } from "vitest";
import { readTableBytes, type RowValidationError, validateRecordBatch, writeTableBytes } from "legolas-ts";
import { tableFromIPC } from "apache-arrow";
import {
  JuliaContainersV1,
  JuliaScalarsV1,
  JuliaScalarsV1SchemaVersion,
  type JuliaScalarsV1Input,
} from "../../generated/index.js";
import { errorOf } from "../../helpers/error-of.js";

const NO_NUL = "text without NUL (Julia's Symbol cannot hold \\0)";

const row: JuliaScalarsV1Input = {
  half: 0.5,
  wide: 1n,
  name: "alpha",
  letter: "x",
  release: "1.0",
  count: 1n,
  amount: 2.5,
  elapsed: 1n,
};

describe("a symbol holding NUL, which no Julia Symbol holds", () => {
  test("the row class refuses it, as a scalar, a set's element and a map's key", () => {
    const scalar = errorOf<RowValidationError>(() => new JuliaScalarsV1({ ...row, name: "a\0b" }));
    expect(scalar.code).toBe("row_invalid");
    expect(scalar.violations).toEqual([expect.objectContaining({ path: "name", expected: NO_NUL })]);
    expect(scalar.message).toContain("name: must be text without NUL (Julia's Symbol cannot hold \\0)");
    const base = { samples: [], position: [0, 0, 0], tags: [], span: [0, ""] as const, counts: [], either: 0n };
    const violations = JuliaContainersV1.validate({
      ...JuliaContainersV1.convert(base),
      symbols: new Set(["ok", "\0"]),
      options: new Map([["k\0", 1n]]),
    });
    expect(violations).toEqual([
      expect.objectContaining({ path: "symbols[1]", expected: NO_NUL }),
      expect.objectContaining({ path: "options[0][0]", expected: NO_NUL }),
    ]);
    // A string field holds NUL: only Julia's Symbol cannot.
    expect(() => new JuliaContainersV1({ ...base, tags: ["a\0"] })).not.toThrow();
  });

  test("the writer refuses it from plain rows, validated or not", () => {
    for (const validate of [true, false])
      expect(
        errorOf<RowValidationError>(() =>
          writeTableBytes([{ ...row, name: "\0" }], JuliaScalarsV1SchemaVersion, { validate }),
        ).violations,
      ).toEqual([expect.objectContaining({ path: "name", expected: NO_NUL })]);
  });

  test("the JSON Schema refuses it", () => {
    const name = (JuliaScalarsV1SchemaVersion.jsonSchema as { properties: Record<string, { pattern: string }> })
      .properties["name"]!;
    const pattern = new RegExp(name.pattern, "u");
    expect(pattern.test("a\0b")).toBe(false);
    expect(pattern.test("alpha é 😀")).toBe(true);
  });

  test("a file whose symbol column holds NUL is refused on read, by validateRecordBatch and by writeTable", () => {
    const bytes = writeTableBytes([new JuliaScalarsV1({ ...row, name: "nul_here_Q" })], JuliaScalarsV1SchemaVersion);
    const marker = new TextEncoder().encode("nul_here_Q");
    const at = bytes.findIndex((_, i) => marker.every((b, k) => bytes[i + k] === b));
    expect(at).toBeGreaterThan(0);
    bytes[at + marker.length - 1] = 0;
    const error = errorOf<RowValidationError>(() => [
      ...readTableBytes(bytes, { schemaVersion: JuliaScalarsV1SchemaVersion, rows: "eager" }).rows,
    ]);
    expect(error.code).toBe("row_invalid");
    expect(error.violations).toEqual([expect.objectContaining({ path: "name", expected: NO_NUL })]);
    const table = tableFromIPC(bytes);
    expect(validateRecordBatch(table, JuliaScalarsV1SchemaVersion)).toEqual([
      { rowIndex: 0, violations: [expect.objectContaining({ path: "name", expected: NO_NUL })] },
    ]);
    expect(errorOf<RowValidationError>(() => writeTableBytes(table, JuliaScalarsV1SchemaVersion)).violations).toEqual([
      expect.objectContaining({ path: "name", expected: NO_NUL }),
    ]);
  });
});
