import { expect, test } from "vitest";
import { validatorConstantName } from "../../generator/resolve/names.js";

test("a validator constant is named after the row class, the value's path and what it holds", () => {
  expect(validatorConstantName("BenchEventV1", "kind", "Values")).toBe("BenchEventV1KindValues");
  expect(validatorConstantName("BenchTrainingRunV1", "commit_sha", "Pattern")).toBe(
    "BenchTrainingRunV1CommitShaPattern",
  );
  expect(validatorConstantName("DigitsRowV1", "point.note", "Pattern")).toBe("DigitsRowV1PointNotePattern");
  expect(validatorConstantName("DigitsRowV1", "tags[]", "Values")).toBe("DigitsRowV1TagsValues");
});

test("any field name gives a TypeScript identifier", () => {
  for (const path of ["new\nline", "a-b c*/", "σ²", '"quoted"', "toString", "1st"]) {
    const name = validatorConstantName("NastyV1", path, "Pattern");
    expect(name, JSON.stringify(path)).toMatch(/^NastyV1[\p{ID_Continue}]*Pattern$/u);
    expect(() => new Function(`const ${name} = 1;`)).not.toThrow();
  }
});
