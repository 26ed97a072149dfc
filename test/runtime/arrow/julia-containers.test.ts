import { describe, expect, test } from "vitest";
import { readTableBytes, writeTableBytes } from "legolas-ts";
import { JuliaContainersV1, JuliaContainersV1SchemaVersion } from "../../generated/index.js";

const full = new JuliaContainersV1({
  samples: [1, 2.5],
  labels: ["a", "b"],
  position: [1, 2, 3],
  corners: ["x", "y"],
  digest: [1, 2, 3, 255],
  tags: new Set(["p", "q"]),
  ids: [1, 2n, 3],
  span: [5, "five"],
  window: [new Date(86_400_000), 60_000, true],
  counts: new Map([["a", 1]]),
  notes: [[7, ["seven"]]],
  nested: [["6ba7b810-9dad-11d1-80b4-00c04fd430c8", [1, 2]]],
  either: 5n,
  maybe: ["x"],
});
const sparse = new JuliaContainersV1({ samples: [], position: [0, 0, 0], tags: [], span: [0, ""], counts: [], either: "five" });

describe("Julia containers", () => {
  test("round trip", () => {
    const bytes = writeTableBytes([full, sparse], JuliaContainersV1SchemaVersion);
    const rows = readTableBytes(bytes, { schemaVersion: JuliaContainersV1SchemaVersion }).rows;
    expect(rows.map((row) => row.toJSON())).toEqual([full.toJSON(), sparse.toJSON()]);
    expect(rows[0]!.tags).toEqual(new Set(["p", "q"]));
    expect(rows[0]!.counts).toEqual(new Map([["a", 1n]]));
    expect(JuliaContainersV1.fromJSON(full.toJSON()).toJSON()).toEqual(full.toJSON());
  });
});
