/**
 * YAML anchors and aliases in schema files: an alias stands for its anchor's value, and whatever
 * is wrong with that value where the alias repeats it is reported at the alias, saying where the
 * value is written.
 */
import { describe, expect, test } from "vitest";
import { declarationErrors, generateFromYaml } from "./helpers.js";

function schema(fields: string): string {
  return `schema: a\nprefix: A\nversions:\n  1:\n    fields:\n${fields}`;
}

test("an alias stands for its anchor's value: the output is that of the value written out", () => {
  const aliased = schema(
    [
      "      n: &bounded { type: int64, min: 0, max: 10, default: 5 }",
      "      m: *bounded",
      "      kind: &kind string",
      "      label: { type: *kind, values: &labels [x, y], default: &x x }",
      "      other: { type: *kind, values: *labels, default: *x }",
      "",
    ].join("\n"),
  );
  const written = schema(
    [
      "      n: { type: int64, min: 0, max: 10, default: 5 }",
      "      m: { type: int64, min: 0, max: 10, default: 5 }",
      "      kind: string",
      "      label: { type: string, values: [x, y], default: x }",
      "      other: { type: string, values: [x, y], default: x }",
      "",
    ].join("\n"),
  );
  expect(generateFromYaml({ "a.yaml": aliased })).toEqual(generateFromYaml({ "a.yaml": written }));
});

describe("a misused alias is reported where it is used", () => {
  const cases: [what: string, fields: string, expected: string[]][] = [
    [
      "an alias with no anchor before it",
      "      x: int64\n      y: *nowhere\n",
      ["schemas/a.yaml:7:10: alias *nowhere has no anchor &nowhere before it to stand for [yaml-aliases]"],
    ],
    [
      "an alias to a value that contains it",
      "      x: &self\n        type: struct\n        fields:\n          y: *self\n",
      ["schemas/a.yaml:9:14: alias *self stands for a value that contains it, which never ends [yaml-aliases]"],
    ],
    [
      "an alias to a mapping used as a type",
      "      x: &field { type: int64 }\n      y:\n        type: *field\n",
      [
        'schemas/a.yaml:8:15: field "y" needs "type:" with a type name (through the alias *field: written at 6:17) [field-shape]',
      ],
    ],
    [
      "an alias to listed values that do not fit where they are used",
      "      x: { type: string, values: &names [a, b] }\n      y: { type: int8, values: *names }\n",
      [
        'schemas/a.yaml:7:32: field "y": values holds "a", which does not fit: int8 takes an integer (through the alias *names: written at 6:41) [constraint-type]',
      ],
    ],
    [
      "an alias to a bound that does not fit where it is used",
      "      x: { type: float32, min: &low 0.5 }\n      y: { type: int8, min: *low }\n",
      [
        'schemas/a.yaml:7:29: field "y": min 0.5 does not fit: int8 takes an integer (through the alias *low: written at 6:37) [constraint-type]',
      ],
    ],
    [
      "an alias inside an anchored value, which another alias repeats",
      "      x: { type: float32, default: &half 0.5 }\n      s: &point\n        type: struct\n        fields:\n          y: { type: int8, default: *half }\n      t: *point\n",
      [
        'schemas/a.yaml:10:37: field "y": default 0.5 does not fit: int8 takes an integer (through the alias *half: written at 6:42) [default-type]',
        'schemas/a.yaml:11:10: field "y": default 0.5 does not fit: int8 takes an integer (through the alias *point: written at 6:42) [default-type]',
      ],
    ],
    [
      "an alias that nests collections deeper than a file may",
      `      x: { type: string?, default: &deep ${"[".repeat(59)}${"]".repeat(59)} }\n      s:\n        type: struct\n        fields: { y: { type: string?, default: *deep } }\n`,
      ["schemas/a.yaml:9:48: alias *deep nests collections deeper than 64 levels here [yaml-aliases]"],
    ],
    [
      "a merge key",
      "      x: &base { type: int64, min: 0 }\n      y:\n        <<: *base\n        max: 3\n",
      [
        'schemas/a.yaml:8:9: field "y": merge keys (<<) are not read: schema files are YAML 1.2, where << is an ordinary key; write the keys out (an alias such as *name may stand for a whole value) [unknown-key]',
        'schemas/a.yaml:8:9: field "y" needs "type:" with a type name [field-shape]',
      ],
    ],
  ];
  test.each(cases)("%s", (_what, fields, expected) => {
    expect(declarationErrors({ "a.yaml": schema(fields) })).toEqual(expected);
  });

  test("a merge key among fields or versions says that nothing was merged, not that << is no name", () => {
    const merged = (versions: string) =>
      `schema: a\nprefix: A\nversions:\n  1:\n    fields: &fields\n      x: int64\n${versions}`;
    const notRead =
      "merge keys (<<) are not read: schema files are YAML 1.2, where << is an ordinary key; write the keys out (an alias such as *name may stand for a whole value) [unknown-key]";
    expect(declarationErrors({ "a.yaml": merged("  2:\n    fields:\n      <<: *fields\n      y: int64\n") })).toEqual([
      `schemas/a.yaml:9:7: fields: ${notRead}`,
    ]);
    expect(declarationErrors({ "a.yaml": merged("  <<: { 2: { fields: *fields } }\n") })).toEqual([
      `schemas/a.yaml:7:3: versions: ${notRead}`,
    ]);
  });
});
