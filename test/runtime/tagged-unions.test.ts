/**
 * A union's JSON form names its member by key (`{"int64": "5"}`), and the key decides: the value
 * is read as that member's or refused, never taken as another member whose JSON type it shares
 * (test.tagged-unions), and every row's JSON form reads back to the row.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { TaggedUnionsV1, TaggedUnionsV1SchemaVersion } from "../generated/index.js";

const complies = new Ajv2020({ strict: true, validateFormats: false }).compile(TaggedUnionsV1SchemaVersion.jsonSchema);
const nulls = { id: null, amount: null, labels: null, samples: null, day: null };

test("a set or a numeric list beside a tuple reads back from its JSON form", () => {
  const row = new TaggedUnionsV1({ labels: new Set(["a", "b"]), samples: new Float32Array([1, 2.5]) });
  const json = JSON.parse(JSON.stringify(row));
  expect(json).toMatchObject({ labels: { "set<string>": ["a", "b"] }, samples: { "list<float32>": [1, 2.5] } });
  expect(complies(json)).toBe(true);
  expect(TaggedUnionsV1.fromJSON(json)).toStrictEqual(row);
});

describe("a value its key's member cannot hold is refused, never read as another member", () => {
  test.each([
    ["id", { int64: "x" }, 'its "int64" holds no int64: "x" (a string)'],
    ["amount", { int64: 5 }, 'its "int64" holds no int64: 5'],
    ["day", { date: "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" }, 'its "date" holds no date'],
    ["labels", { "set<string>": "a" }, 'its "set<string>" holds no set<string>: "a" (a string)'],
  ])("%s: %j", (field, value, reason) => {
    const json = { ...nulls, [field]: value };
    expect(complies(json)).toBe(false);
    const parsed = TaggedUnionsV1.parse(json);
    expect(parsed.ok).toBe(false);
    const [violation] = parsed.ok ? [] : parsed.violations;
    expect(violation).toMatchObject({ code: "incorrect_type", path: field });
    expect(violation?.found).toContain(reason);
  });
});
