/**
 * Property: a value whose reading throws (a getter, a Proxy's get trap) at any depth inside a row
 * (a nested record's field, a nested record or inline struct itself, a list's element, held by a
 * record, a list, a map's value, a tuple, an inline struct, an ntuple or a union's list, each
 * inside another) is reported at its own path by every door: `validate` (its one violation), the
 * constructor, `parse` and the table writer (validated or not, the row's index, and what the read
 * threw as the `cause`), never at the row or at the field that holds it
 * (runtime/unreadable-places.ts, convert.ts `listElements`), and an unreadable record or struct
 * is never taken for one of missing values (convert.ts `toRecord`, `isStructObject`).
 */
import fc from "fast-check";
import { expect, test } from "vitest";
import { findSchemaVersion, type ParseResult, type SchemaVersion, writeTableBytes } from "legolas-ts";
import { loadYamlSchemas } from "./arrow/helpers/row-path.js";

/** How many levels of nodes hold the leaf at most. */
const DEPTH = 3;

/** A leaf, and above it nodes of every container of the level below, all optional. */
function nodeFields(below: string): Record<string, unknown> {
  return {
    next: `${below}?`,
    many: `list<${below}>?`,
    keyed: `map<string, ${below}>?`,
    pair: `tuple<${below}, int32>?`,
    inner: { type: "struct?", fields: { node: below } },
    loose: { type: "struct?", fields: { note: "string?" } },
    fixed: `ntuple<${below}, 2>?`,
    either: `union<list<${below}>, string>?`,
  };
}
const levelName = (level: number) => (level === 0 ? "test.places-leaf@1" : `test.places-node${level}@1`);
await loadYamlSchemas([
  { schema: "test.places-leaf", prefix: "PlacesLeaf", version: { fields: { hex: "string", n: "int32" } } },
  ...Array.from({ length: DEPTH }, (_, k) => ({
    schema: `test.places-node${k + 1}`,
    prefix: `PlacesNode${k + 1}`,
    version: { fields: nodeFields(levelName(k)) },
  })),
  // A record whose name starts with a vowel sound, held by a node as its other records are.
  { schema: "example.places-note", prefix: "PlacesNote", version: { fields: { note: "string?" } } },
  { schema: "test.places-noted", prefix: "PlacesNoted", version: { fields: { noted: "example.places-note@1?" } } },
]);

const thrown = new Error("no reading here");
const raise = (): never => {
  throw thrown;
};
const validLeaf = () => ({ hex: "a", n: 1 });

/** A step down from a node: which container holds the value below, and where in it. */
const step = fc.oneof(
  fc.constant({ kind: "next" as const }),
  fc.record({ kind: fc.constant("many" as const), length: fc.integer({ min: 1, max: 3 }), at: fc.nat() }),
  fc.record({ kind: fc.constant("keyed" as const), length: fc.integer({ min: 1, max: 3 }), at: fc.nat() }),
  fc.constant({ kind: "pair" as const }),
  fc.constant({ kind: "inner" as const }),
  fc.record({ kind: fc.constant("fixed" as const), length: fc.constant(2), at: fc.nat() }),
  fc.record({ kind: fc.constant("either" as const), length: fc.integer({ min: 1, max: 3 }), at: fc.nat() }),
);
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** The node holding `inside` where `down` says, its other places holding valid values (of `filler`), and the path to `inside`. */
function holding(down: Step, inside: unknown, filler: () => unknown): { node: object; path: string } {
  if (!("at" in down)) {
    if (down.kind === "next") return { node: { next: inside }, path: "next" };
    if (down.kind === "pair") return { node: { pair: [inside, 7] }, path: "pair[0]" };
    return { node: { inner: { node: inside } }, path: "inner.node" };
  }
  const at = down.at % down.length;
  const elements = Array.from({ length: down.length }, (_, k) => (k === at ? inside : filler()));
  if (down.kind === "keyed")
    return { node: { keyed: new Map(elements.map((e, k) => [`k${k}`, e])) }, path: `keyed[${at}][1]` };
  return { node: { [down.kind]: elements }, path: `${down.kind}[${at}]` };
}

/**
 * What throws: a field of the leaf (a getter, or a Proxy's get trap); the read of a record
 * itself, by a getter on the node holding it (as `next`, or as `node` of its `inner` struct): a
 * leaf, or a node, whose fields are all optional (a record of missing values would pass); the
 * read of a node's inline struct (`inner`, or `loose`, whose fields are all optional); or the
 * read of one element of a node's list, ntuple, union's list or tuple (a getter on its index).
 */
const fault = fc.oneof(
  fc.record({ kind: fc.constant("field" as const), field: fc.constantFrom("hex", "n"), trap: fc.boolean() }),
  fc.record({ kind: fc.constant("record" as const), holder: fc.constantFrom("next", "inner"), level: fc.nat(1) }),
  fc.record({ kind: fc.constant("struct" as const), holder: fc.constantFrom("inner", "loose"), level: fc.nat(1) }),
  fc.record({
    kind: fc.constant("element" as const),
    holder: step.filter((down) => down.kind !== "next" && down.kind !== "inner" && down.kind !== "keyed"),
    level: fc.nat(1),
  }),
);
type Fault = typeof fault extends fc.Arbitrary<infer T> ? T : never;

/** The value at the bottom of the path: where `fault` throws, the path to that place, and the level of the value. */
function bottom(fault: Fault): { value: object; path: string; level: number } {
  if (fault.kind === "field") {
    const { field, trap } = fault;
    const leaf = trap
      ? new Proxy(validLeaf(), {
          get: (target, key, receiver) => (key === field ? raise() : Reflect.get(target, key, receiver)),
        })
      : Object.defineProperty(validLeaf(), field, { enumerable: true, get: raise });
    return { value: leaf, path: field, level: 0 };
  }
  const unreadable = (key: string) => Object.defineProperty({}, key, { enumerable: true, get: raise });
  if (fault.kind === "element") {
    const { node, path } = holding(fault.holder, undefined, fault.level === 0 ? validLeaf : () => ({}));
    const at = "at" in fault.holder ? fault.holder.at % fault.holder.length : 0;
    Object.defineProperty((node as Record<string, unknown[]>)[fault.holder.kind], at, { enumerable: true, get: raise });
    return { value: node, path, level: fault.level + 1 };
  }
  if (fault.kind === "struct") return { value: unreadable(fault.holder), path: fault.holder, level: fault.level + 1 };
  return fault.holder === "next"
    ? { value: unreadable("next"), path: "next", level: fault.level + 1 }
    : { value: { inner: unreadable("node") }, path: "inner.node", level: fault.level + 1 };
}

/** A row holding `fault` under `steps` (as many as the levels above it allow), its schema version, and the path of the place that throws. */
function hostileRow(steps: readonly Step[], fault: Fault): { row: object; path: string; level: number } {
  let { value, path, level } = bottom(fault);
  for (const down of steps.slice(0, DEPTH - level)) {
    // The level below this node: valid fillers of the leaf, or empty nodes (all their fields optional).
    const held = holding(down, value, level === 0 ? validLeaf : () => ({}));
    value = held.node;
    path = `${held.path}.${path}`;
    level++;
  }
  return { row: value, path, level };
}

const violationPaths = (error: unknown) => (error as { violations: { path: string }[] }).violations.map((v) => v.path);

function thrownBy(act: () => unknown): unknown {
  try {
    act();
  } catch (error) {
    return error;
  }
  throw new Error("it did not throw");
}

test("a value whose reading throws at any depth is reported at its own path by every door", () => {
  fc.assert(
    fc.property(fc.array(step, { minLength: 0, maxLength: DEPTH }), fault, (steps, fault) => {
      const { path, level } = hostileRow(steps, fault);
      const make = () => hostileRow(steps, fault).row;
      const schemaVersion = findSchemaVersion(levelName(level)) as SchemaVersion<object, unknown>;
      const rowClass = schemaVersion.rowClass as typeof schemaVersion.rowClass & {
        parse(input: unknown): ParseResult<object>;
      };

      const refused = thrownBy(() => new rowClass(make() as never));
      expect(refused).toMatchObject({ name: "RowValidationError" });
      expect(violationPaths(refused)).toEqual([path]);
      // What belongs there, as the constructor says it (its type), not "a value that can be read".
      const [violation] = (refused as { violations: readonly { expected: string }[] }).violations;
      expect(violation?.expected).not.toBe("a value that can be read");
      expect(rowClass.validate(make())).toEqual([
        {
          code: "incorrect_type",
          path,
          expected: violation?.expected,
          found: "a value whose reading threw: no reading here",
        },
      ]);
      const parsed = rowClass.parse(make());
      expect(parsed.ok ? [] : parsed.violations.map((v) => v.path)).toEqual([path]);
      for (const validate of [true, false]) {
        const first = level === 0 ? validLeaf() : {};
        const error = thrownBy(() => writeTableBytes([first, make()], schemaVersion, { validate }));
        expect(error).toMatchObject({ name: "RowValidationError", rowIndex: 1, cause: thrown });
        expect(violationPaths(error)).toEqual([path]);
      }
    }),
    { numRuns: 200 },
  );
});

test("a record of optional fields only, whose reading throws, is refused by every door, never made a record of missing values", () => {
  const schemaVersion = findSchemaVersion(levelName(2)) as SchemaVersion<object, unknown>;
  const rowClass = schemaVersion.rowClass as typeof schemaVersion.rowClass & {
    parse(input: unknown): ParseResult<object>;
    fromJSON(json: unknown): object;
  };
  const make = () => Object.defineProperty({}, "next", { enumerable: true, get: raise });
  const atNext = [
    {
      code: "incorrect_type",
      path: "next",
      expected: "a test.places-node1@1 row",
      found: "a value whose reading threw: no reading here",
    },
  ];
  expect(thrownBy(() => new rowClass(make() as never))).toMatchObject({ violations: atNext });
  expect(rowClass.parse(make())).toEqual({ ok: false, violations: atNext });
  expect(thrownBy(() => rowClass.fromJSON(make()))).toMatchObject({ violations: atNext });
  expect(thrownBy(() => writeTableBytes([make()], schemaVersion))).toMatchObject({ violations: atNext, cause: thrown });
});

test("an unreadable record whose name starts with a vowel sound is expected as 'an example.places-note@1 row' by every door", () => {
  const schemaVersion = findSchemaVersion("test.places-noted@1") as SchemaVersion<object, unknown>;
  const rowClass = schemaVersion.rowClass as typeof schemaVersion.rowClass & {
    parse(input: unknown): ParseResult<object>;
  };
  const make = () => Object.defineProperty({}, "noted", { enumerable: true, get: raise });
  const atNoted = [
    {
      code: "incorrect_type",
      path: "noted",
      expected: "an example.places-note@1 row",
      found: "a value whose reading threw: no reading here",
    },
  ];
  expect(rowClass.validate(make())).toEqual(atNoted);
  expect(thrownBy(() => new rowClass(make() as never))).toMatchObject({ violations: atNoted });
  expect(rowClass.parse(make())).toEqual({ ok: false, violations: atNoted });
  expect(thrownBy(() => writeTableBytes([make()], schemaVersion))).toMatchObject({ violations: atNoted });
});

test("an inline struct of optional fields only, whose reading throws, is refused by every door, never made a struct of missing values", () => {
  const schemaVersion = findSchemaVersion(levelName(1)) as SchemaVersion<object, unknown>;
  const rowClass = schemaVersion.rowClass as typeof schemaVersion.rowClass & {
    parse(input: unknown): ParseResult<object>;
    fromJSON(json: unknown): object;
  };
  const make = () => Object.defineProperty({}, "loose", { enumerable: true, get: raise });
  const atLoose = [
    {
      code: "incorrect_type",
      path: "loose",
      expected: "struct{note: string?}",
      found: "a value whose reading threw: no reading here",
    },
  ];
  expect(thrownBy(() => new rowClass(make() as never))).toMatchObject({ violations: atLoose });
  expect(rowClass.parse(make())).toEqual({ ok: false, violations: atLoose });
  expect(thrownBy(() => rowClass.fromJSON(make()))).toMatchObject({ violations: atLoose });
  expect(thrownBy(() => writeTableBytes([make()], schemaVersion))).toMatchObject({
    violations: atLoose,
    cause: thrown,
  });
});
