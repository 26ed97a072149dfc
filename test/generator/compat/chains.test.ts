/**
 * Verdicts along parent chains and nested records, changes in place across two folders, and
 * the consecutive and in-place walks.
 */
import { describe, expect, test } from "vitest";
import { compareConsecutive, compareInPlace, renderComparison } from "../../../generator/compat/index.js";
import { catalogFromYaml, compareYaml } from "./helpers.js";

const base = (v1: string, v2: string) => ({
  "t.base.yaml": `schema: t.base\nprefix: Base\nversions:\n  1:\n    fields:\n${v1}\n  2:\n    fields:\n${v2}\n`,
});

const child = (parent1: string, parent2: string, extra = "") =>
  `schema: t.child\nprefix: Child\nversions:\n  1:\n    extends: ${parent1}\n    fields:\n      c: int32\n  2:\n    extends: ${parent2}\n    fields:\n      c: int32\n${extra}`;

function kinds(comparison: {
  changes: readonly { kind: string; path: string; backward: boolean; forward: boolean }[];
}) {
  return comparison.changes.map((c) => [c.kind, c.path, c.backward, c.forward]);
}

describe("parent chains", () => {
  test("re-pinning the parent is neutral by itself; what the new parent adds is judged field by field", () => {
    const files = {
      ...base("      a: int32", "      a: int32\n      b: string?"),
      "t.child.yaml": child("t.base@1", "t.base@2"),
    };
    const comparison = compareYaml(files, "t.child@1", files, "t.child@2");
    expect(comparison.old).toBe("t.child@1>t.base@1");
    expect(comparison.new).toBe("t.child@2>t.base@2");
    expect(kinds(comparison)).toEqual([
      ["parent-repinned", "", true, true],
      ["field-added", "b", true, true],
    ]);
    expect(comparison.full).toBe(true);
  });

  test("a parent that makes a field required breaks backward compatibility of the child", () => {
    const files = { ...base("      a: int32?", "      a: int32"), "t.child.yaml": child("t.base@1", "t.base@2") };
    const comparison = compareYaml(files, "t.child@1", files, "t.child@2");
    expect(kinds(comparison)).toEqual([
      ["parent-repinned", "", true, true],
      ["made-required", "a", false, true],
    ]);
    expect([comparison.backward, comparison.forward]).toEqual([false, true]);
  });

  test("a parent's checks count: re-pinning to a parent with another check tightens", () => {
    const files = {
      "t.base.yaml":
        "schema: t.base\nprefix: Base\nversions:\n  1:\n    fields:\n      a: int32\n  2:\n    fields:\n      a: int32\n    checks:\n      - check: row.a > 0\n        message: positive\n",
      "t.child.yaml": child("t.base@1", "t.base@2"),
    };
    const comparison = compareYaml(files, "t.child@1", files, "t.child@2");
    expect(kinds(comparison)).toEqual([
      ["parent-repinned", "", true, true],
      ["check-added", "", false, true],
    ]);
    expect(comparison.changes[1]!.detail).toBe("row.a > 0 (t.base@2)");
  });

  test("dropping the parent removes its fields", () => {
    const files = {
      ...base("      a: int32", "      a: int32"),
      "t.child.yaml":
        "schema: t.child\nprefix: Child\nversions:\n  1:\n    extends: t.base@1\n    fields:\n      c: int32\n  2:\n    fields:\n      c: int32\n",
    };
    const comparison = compareYaml(files, "t.child@1", files, "t.child@2");
    expect(kinds(comparison)).toEqual([
      ["parent-removed", "", true, true],
      ["field-removed", "a", true, false],
    ]);
  });

  test("a grandparent changed in place (two folders) shows through the flattened fields", () => {
    const before = { ...base("      a: int32", "      a: int32"), "t.child.yaml": child("t.base@1", "t.base@1") };
    const after = { ...base("      a: int64", "      a: int32"), "t.child.yaml": child("t.base@1", "t.base@1") };
    const comparison = compareYaml(before, "t.child@1", after, "t.child@1");
    expect(comparison.inPlace).toBe(true);
    expect(kinds(comparison)).toEqual([["type-changed", "a", false, false]]);
    expect(comparison.bumpRequired).toBe(true);
  });
});

describe("nested records", () => {
  const records = (extra1: string, extra2: string) => ({
    "t.rec.yaml": `schema: t.rec\nprefix: Rec\nversions:\n  1:\n    fields:\n      x: int32\n${extra1}  2:\n    fields:\n      x: int32\n${extra2}`,
  });
  const holder =
    "schema: t.holder\nprefix: Holder\nversions:\n  1:\n    fields:\n      r: t.rec@1\n  2:\n    fields:\n      r: t.rec@2\n";

  test("re-pinning a record field compares the two records' fields", () => {
    const files = { ...records("", "      y: int32\n"), "t.holder.yaml": holder };
    expect(kinds(compareYaml(files, "t.holder@1", files, "t.holder@2"))).toEqual([
      ["record-repinned", "r", false, false],
      ["field-added", "r.y", false, true],
    ]);
  });

  test("and their checks", () => {
    const files = {
      ...records("", "    checks:\n      - check: row.x !== 0\n        message: nonzero\n"),
      "t.holder.yaml": holder,
    };
    expect(kinds(compareYaml(files, "t.holder@1", files, "t.holder@2"))).toEqual([
      ["record-repinned", "r", false, false],
      ["check-added", "r", false, true],
    ]);
  });

  test("a record declared the same but changed in place is compared too", () => {
    const before = { ...records("", ""), "t.holder.yaml": holder };
    const after = { ...records("      z: string?\n", ""), "t.holder.yaml": holder };
    expect(kinds(compareYaml(before, "t.holder@1", after, "t.holder@1"))).toEqual([["field-added", "r.z", true, true]]);
  });

  test("a struct that becomes a record with the same children breaks both ways, as Legolas.jl reads them (a labelled record, an unlabelled NamedTuple), either way round and in place", () => {
    const struct = "      r:\n        type: struct\n        fields:\n          x: int32\n";
    const holder = (v1: string, v2: string) => ({
      ...records("", ""),
      "t.holder.yaml": `schema: t.holder\nprefix: Holder\nversions:\n  1:\n    fields:\n${v1}  2:\n    fields:\n${v2}`,
    });
    const files = holder(struct, "      r: t.rec@1\n");
    const comparison = compareYaml(files, "t.holder@1", files, "t.holder@2");
    expect(kinds(comparison)).toEqual([["struct-record-swapped", "r", false, false]]);
    expect(comparison.changes[0]!.reason).toContain(
      "Arrow.jl reads a column labelled JuliaLang.Legolas.Generated.t.rec.1 as that record type and an unlabelled struct as a NamedTuple",
    );
    const back = holder("      r: t.rec@1\n", struct);
    expect(kinds(compareYaml(back, "t.holder@1", back, "t.holder@2"))).toEqual([
      ["struct-record-swapped", "r", false, false],
    ]);
    const inPlace = compareYaml(files, "t.holder@1", holder("      r: t.rec@1\n", "      r: t.rec@1\n"), "t.holder@1");
    expect(inPlace).toMatchObject({ inPlace: true, backward: false, forward: false, bumpRequired: true });
  });

  test("a struct that becomes a record whose value: reads a child: that child's default matters", () => {
    const files = {
      "t.rec.yaml":
        'schema: t.rec\nprefix: Rec\nversions:\n  1:\n    fields:\n      x:\n        type: int32?\n        default: 2\n      y:\n        type: int32\n        value: "row.x ?? 0"\n',
      "t.holder.yaml":
        "schema: t.holder\nprefix: Holder\nversions:\n  1:\n    fields:\n      r:\n        type: struct\n        fields:\n          x:\n            type: int32?\n            default: 1\n          y: int32\n  2:\n    fields:\n      r: t.rec@1\n",
    };
    expect(kinds(compareYaml(files, "t.holder@1", files, "t.holder@2"))).toEqual([
      ["struct-record-swapped", "r", false, false],
      ["default-changed", "r.x", false, false],
      ["value-added", "r.y", false, false],
    ]);
  });
});

describe("in place and transitive", () => {
  const yaml = (v1Fields: string) =>
    `schema: t.run\nprefix: Run\nversions:\n  1:\n    fields:\n${v1Fields}\n  2:\n    fields:\n      a: int32\n      b: string?\n  3:\n    fields:\n      a: int32\n`;

  test("every consecutive pair of one schema", () => {
    const catalog = catalogFromYaml({ "t.run.yaml": yaml("      a: int32") });
    const comparisons = compareConsecutive("t.run", catalog);
    expect(comparisons.map((c) => [c.old, c.new, c.backward, c.forward])).toEqual([
      ["t.run@1", "t.run@2", true, true],
      ["t.run@2", "t.run@3", true, true],
    ]);
  });

  test("a version changed in place needs a bump unless both directions hold", () => {
    const old = catalogFromYaml({ "t.run.yaml": yaml("      a: int32") });
    const loosened = compareInPlace(old, catalogFromYaml({ "t.run.yaml": yaml("      a: int32?") }));
    expect(loosened.removed).toEqual([]);
    expect(loosened.comparisons.map((c) => [c.old, c.inPlace, c.backward, c.forward, c.bumpRequired])).toEqual([
      ["t.run@1", true, true, false, true],
      ["t.run@2", true, true, true, false],
      ["t.run@3", true, true, true, false],
    ]);
    expect(renderComparison(loosened.comparisons[0]!, "full")).toContain(
      "version bump required: t.run@1 was changed in place",
    );
    expect(renderComparison(loosened.comparisons[1]!, "full")).toContain("t.run@2 is unchanged.");
  });

  test("a version removed from the new side is reported", () => {
    const old = catalogFromYaml({ "t.run.yaml": yaml("      a: int32") });
    const neu = catalogFromYaml({
      "t.run.yaml": "schema: t.run\nprefix: Run\nversions:\n  1:\n    fields:\n      a: int32\n",
    });
    expect(compareInPlace(old, neu).removed).toEqual(["t.run@2", "t.run@3"]);
  });

  test("--strict counts verdicts that assume no undeclared column of that name", () => {
    const files = { "t.run.yaml": yaml("      a: int32") };
    const lenient = compareYaml(files, "t.run@1", files, "t.run@2");
    const strict = compareYaml(files, "t.run@1", files, "t.run@2", { strict: true });
    expect(lenient.changes[0]!.caveat).toEqual({
      direction: "backward",
      text: expect.stringContaining('undeclared "b" column'),
    });
    expect([lenient.backward, lenient.forward]).toEqual([true, true]);
    expect([strict.backward, strict.forward]).toEqual([false, true]);
    // Removing the optional field again (2 -> 3): the assumption is on the forward side.
    const removal = compareYaml(files, "t.run@2", files, "t.run@3", { strict: true });
    expect(removal.changes[0]!.caveat?.direction).toBe("forward");
    expect([removal.backward, removal.forward]).toEqual([true, false]);
  });

  test("--strict leaves an any field added or removed compatible: it takes a column of that name of any Arrow type", () => {
    // Legolas.jl's rule: a new field is no breaking change when its type is ::Any, with no assignment.
    const files = {
      "t.run.yaml":
        "schema: t.run\nprefix: Run\nversions:\n  1:\n    fields:\n      a: int32\n  2:\n    fields:\n      a: int32\n      b: any\n  3:\n    fields:\n      a: int32\n",
    };
    for (const [old, neu] of [
      ["t.run@1", "t.run@2"],
      ["t.run@2", "t.run@3"],
    ] as const) {
      const strict = compareYaml(files, old, files, neu, { strict: true });
      expect(strict.changes.map((change) => [change.kind, change.path, change.caveat])).toEqual([
        [old === "t.run@1" ? "field-added" : "field-removed", "b", undefined],
      ]);
      expect([strict.backward, strict.forward]).toEqual([true, true]);
    }
  });
});
