import { expect, test } from "vitest";
import { ModelV1, findSchemaVersion } from "legolas-ts";

test("smoke", () => {
  const row = new ModelV1({ architecture_version: 3 });
  expect(row.architecture_version).toBe(3n);
  expect(findSchemaVersion("legolas-flux.model@1")?.rowClass).toBe(ModelV1);
  expect(() => new ModelV1({ architecture_version: 1.5 })).toThrow(/architecture_version: expected int64, found 1.5/);
});
