/**
 * Hostile inputs to generated constructors and validators: getters that throw, proxies whose
 * traps throw, prototype-polluting keys, cycles, wrong types at every field, NaN and Infinity
 * against bounds, bigints outside int64, lone surrogates. The answer is always violations (a
 * `RowValidationError` from a constructor, an array from `validate`, `false` from `is`), never
 * another exception, and Object.prototype is never touched.
 */
import fc from "fast-check";
import { afterEach, describe, expect, test } from "vitest";
import { FlatArray, ModelV1, readTableBytes, Weights, writeTableBytes } from "legolas-ts";
import { DigitsRowV1 } from "../../generated/index.js";
import { NastyV1, NastyV1SchemaVersion } from "../golden/nasty-names/expected/example.nasty.js";
import { AllTypesV1, AllTypesV1SchemaVersion, DigitsConfigV1 } from "../generated/index.js";

const valid = { flag: true, small: 1, ubyte: 1, uint: 1, double: 1 };

/** Runs the constructor; returns the violations it threw, or `[]` when it built a row. */
function constructorViolations(make: () => unknown): { path: string; code: string; found?: string }[] {
  try {
    make();
    return [];
  } catch (error) {
    expect(error).toMatchObject({ name: "RowValidationError", code: "row_invalid" });
    return (error as { violations: { path: string; code: string; found?: string }[] }).violations;
  }
}

const prototypeNames = () => Object.getOwnPropertyNames(Object.prototype).sort();
const before = prototypeNames();
afterEach(() => {
  expect(prototypeNames()).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe("getters and proxies that throw", () => {
  const throwing = (name: string) =>
    Object.defineProperty({ ...valid }, name, {
      enumerable: true,
      get: () => {
        throw new Error(`no ${name} for you`);
      },
    });

  test("a throwing getter on a field is a violation at that field", () => {
    const violations = constructorViolations(() => new AllTypesV1(throwing("small") as never));
    expect(violations).toEqual([
      {
        code: "incorrect_type",
        path: "small",
        expected: "int16",
        found: "a value whose reading threw: no small for you",
      },
    ]);
    expect(AllTypesV1.validate(throwing("small"))).toEqual([
      {
        code: "incorrect_type",
        path: "small",
        expected: "int16",
        found: "a value whose reading threw: no small for you",
      },
    ]);
    expect(AllTypesV1.is(throwing("small"))).toBe(false);
  });

  test("a row whose getter throws is the same RowValidationError from an array and from an iterable, with or without batchSize", () => {
    const rows = () => [valid, valid, valid, throwing("small"), valid];
    const fromArray = constructorViolations(() => writeTableBytes(rows(), AllTypesV1SchemaVersion));
    expect(fromArray).toEqual([
      {
        code: "incorrect_type",
        path: "small",
        expected: "int16",
        found: "a value whose reading threw: no small for you",
      },
    ]);
    // The default batch limits count each row's bytes first, reading its values.
    for (const options of [{}, { batchSize: 2 }]) {
      let error: unknown;
      try {
        writeTableBytes(rows().values(), AllTypesV1SchemaVersion, options);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toMatchObject({ name: "RowValidationError", rowIndex: 3, violations: fromArray });
    }
  });

  test("a throwing getter on an extra field is a violation too, never a crash", () => {
    const input = throwing("not_a_field");
    expect(() => new AllTypesV1(input as never)).not.toThrow();
    expect(AllTypesV1.validate(input)).toEqual([]);
  });

  test("throwing getters inside a struct, a list, a record and weights", () => {
    const bomb = {
      get x() {
        throw new Error("boom");
      },
    };
    const list = [1, 2];
    Object.defineProperty(list, 1, {
      get: () => {
        throw new Error("element");
      },
    });
    const inputs = [
      { ...valid, point: bomb },
      {
        ...valid,
        names: new Proxy(["a"], {
          get: () => {
            throw new Error("trap");
          },
        }),
      },
      { ...valid, floats: list },
      {
        ...valid,
        child: new Proxy(
          {},
          {
            ownKeys: () => {
              throw new Error("keys");
            },
          },
        ),
      },
      {
        ...valid,
        weights: {
          get arrays() {
            throw new Error("arrays");
          },
        },
      },
      {
        ...valid,
        blob: new Proxy(new Uint8Array(2), {
          getPrototypeOf: () => {
            throw new Error("proto");
          },
        }),
      },
      {
        ...valid,
        day: new Proxy(new Date(0), {
          getPrototypeOf: () => {
            throw new Error("proto");
          },
        }),
      },
    ];
    for (const input of inputs) {
      const violations = constructorViolations(() => new AllTypesV1(input as never));
      expect(violations.length, JSON.stringify(Object.keys(input))).toBeGreaterThan(0);
      expect(AllTypesV1.validate(input).length).toBeGreaterThan(0);
      expect(AllTypesV1.is(input)).toBe(false);
    }
  });

  test("a getter that throws only on its second read is a violation at its field, never a raw error", () => {
    // Conversion reads each value once; the check for a key misspelling a field the input lacks
    // reads the fields that may be left out (here, with defaults) again, to see whether it lacks one.
    const secondReadThrows = (body: Record<string, unknown>, key: string) => {
      const value = body[key];
      let reads = 0;
      return Object.defineProperty({ ...body }, key, {
        enumerable: true,
        get: () => {
          if (reads++ === 0) return value;
          throw new Error(`no second ${key}`);
        },
      });
    };
    const cases = [
      { key: "seed", expected: "int64", input: { seed: 7 }, body: { seed: "7" } },
      {
        key: "dropout_rate",
        expected: "float32",
        input: { seed: 7, dropout_rate: 0.5 },
        body: { seed: "7", dropout_rate: 0.5 },
      },
    ];
    for (const { key, expected, input, body } of cases) {
      const found = `a value whose reading threw: no second ${key}`;
      const violation = { code: "incorrect_type", path: key, expected, found };
      let error: unknown;
      try {
        new DigitsConfigV1(secondReadThrows(input, key) as never);
      } catch (thrown) {
        error = thrown;
      }
      expect(error).toMatchObject({ name: "RowValidationError", code: "row_invalid", violations: [violation] });
      expect((error as Error).cause).toEqual(new Error(`no second ${key}`));
      expect(DigitsConfigV1.parse(secondReadThrows(input, key))).toEqual({ ok: false, violations: [violation] });
      expect(DigitsConfigV1["~standard"].validate(secondReadThrows(body, key))).toEqual({
        issues: [{ message: `expected ${expected}, found ${found}`, path: [key] }],
      });
      // fromJSON reads each value of the body once, into the input its constructor checks.
      expect(DigitsConfigV1.fromJSON(secondReadThrows(body, key))).toEqual(
        new DigitsConfigV1({ seed: 7n, dropout_rate: key === "seed" ? 0 : 0.5 }),
      );
    }
  });

  test("a revoked proxy as the row, or a row whose keys cannot be listed", () => {
    const { proxy, revoke } = Proxy.revocable({ ...valid }, {});
    revoke();
    const unreadable = [{ code: "incorrect_type", path: "", expected: "a row whose values can be read" }];
    expect(constructorViolations(() => new AllTypesV1(proxy as never))).toMatchObject(unreadable);
    expect(AllTypesV1.validate(proxy)).toMatchObject(unreadable);
    expect(AllTypesV1.is(proxy)).toBe(false);
    // Keys that cannot be listed: the constructor and the validators read declared names only,
    // so both see the values, and agree.
    const unlisted = new Proxy(
      { ...valid },
      {
        ownKeys: () => {
          throw new Error("no keys");
        },
      },
    );
    expect(new AllTypesV1(unlisted as never)).toEqual(new AllTypesV1(valid));
    expect(AllTypesV1.validate(unlisted)).toEqual([]);
  });

  test("an error object whose message getter throws, thrown from a getter", () => {
    const evil = {
      get message() {
        throw new Error("again");
      },
    };
    const input = Object.defineProperty({ ...valid }, "small", {
      enumerable: true,
      get: () => {
        throw evil;
      },
    });
    expect(constructorViolations(() => new AllTypesV1(input as never))).toMatchObject([
      { path: "small", found: "a value whose reading threw: an error that cannot be shown" },
    ]);
  });
});

describe("prototype pollution", () => {
  test("__proto__, constructor and prototype keys are dropped, Object.prototype untouched", () => {
    const inputs = [
      JSON.parse(
        `{"flag": true, "small": 1, "ubyte": 1, "uint": 1, "double": 1, "__proto__": {"polluted": 1}, "point": {"x": 1, "__proto__": {"polluted": 2}}}`,
      ),
      { ...valid, constructor: { prototype: { polluted: 3 } }, prototype: { polluted: 4 } },
      Object.assign(Object.create({ polluted: 5, small: 99 }), valid),
    ];
    for (const input of inputs) {
      const row = new AllTypesV1(input);
      expect(Object.getPrototypeOf(row)).toBe(AllTypesV1.prototype);
      expect(Object.keys(row)).not.toContain("__proto__");
      expect(row.small).toBe(1);
      expect((row.point as Record<string, unknown> | null)?.polluted).toBeUndefined();
      expect(AllTypesV1.validate(input)).toEqual([]);
    }
  });

  test("field names that Object.prototype also has live under escaped properties, never the inherited methods", () => {
    // toString, valueOf and hasOwnProperty are optional fields of NastyV1, held as toString$ ...
    // (runtime/field-names.ts): missing means null, and the row keeps Object.prototype's methods.
    const row = new NastyV1({ quote_default: "q" } as never);
    expect([row.toString$, row.valueOf$, row.hasOwnProperty$]).toEqual([null, null, null]);
    expect(row.toString).toBe(Object.prototype.toString);
    expect(NastyV1.validate({ quote_default: "q" })).toEqual([]);
    expect(NastyV1.is({ quote_default: "q" })).toBe(true);
    expect(NastyV1.validate({ quote_default: "q", toString$: 1 })).toMatchObject([
      { path: "toString", code: "incorrect_type" },
    ]);
  });
});

describe("fields named constructor and prototype", () => {
  // Legolas.jl allows both (Julia identifiers); the row holds them as data and stays a row.
  test("are kept as data (constructor as constructor$), through JSON and Arrow, and the row stays a class instance", () => {
    const row = new NastyV1({ quote_default: "q", constructor$: "c", prototype: "p" } as never);
    expect([row.constructor$, row.prototype]).toEqual(["c", "p"]);
    expect(row.constructor).toBe(NastyV1);
    expect(Object.getPrototypeOf(row)).toBe(NastyV1.prototype);
    expect(Object.hasOwn(row, "constructor")).toBe(false);
    expect(NastyV1.fromJSON(JSON.parse(JSON.stringify(row)))).toEqual(row);
    const table = readTableBytes(writeTableBytes([row], NastyV1SchemaVersion), { schemaVersion: NastyV1SchemaVersion });
    expect(table.table.schema.fields.map((field) => field.name)).toEqual(
      expect.arrayContaining(["constructor", "prototype"]),
    );
    expect(table.table.getChild("constructor")?.get(0)).toBe("c");
    expect(table.rows[0]).toEqual(row);
  });
});

describe("cycles", () => {
  test("a cyclic input is read only as deep as the schema goes", () => {
    const point: Record<string, unknown> = { x: 1 };
    point.self = point;
    const input: Record<string, unknown> = { ...valid, point, child: { a: 1n, b: 2n } };
    input.me = input;
    (input.child as Record<string, unknown>).parent = input;
    const row = new AllTypesV1(input as never);
    expect(row.point).toEqual({ x: 1, note: null });
    expect(AllTypesV1.validate(input)).toEqual([]);
    const names: unknown[] = ["a"];
    names.push(names);
    expect(constructorViolations(() => new AllTypesV1({ ...valid, names } as never))).toMatchObject([
      { path: "names[1]", code: "incorrect_type", found: "an array of length 2" },
    ]);
  });
});

describe("wrong values at every field", () => {
  const wrong: unknown[] = [
    Symbol("s"),
    () => 1,
    1.5,
    -1,
    2 ** 64,
    NaN,
    Infinity,
    -Infinity,
    "x",
    true,
    [],
    {},
    new Date(NaN),
    2n ** 64n,
    -(2n ** 63n) - 1n,
    new Map(),
  ];
  const required = new Set(AllTypesV1SchemaVersion.fields.filter((f) => !f.optional).map((f) => f.name));

  test("each wrong value is a violation at its field (or accepted where it is valid), never a crash", () => {
    let violations = 0;
    for (const field of AllTypesV1SchemaVersion.fields) {
      for (const value of wrong) {
        const input = { ...valid, [field.name]: value };
        const found = constructorViolations(() => new AllTypesV1(input as never));
        expect(
          found.every(
            (v) => v.path === field.name || v.path.startsWith(`${field.name}.`) || v.path.startsWith(`${field.name}[`),
          ),
        ).toBe(true);
        expect(AllTypesV1.validate(input).length).toBe(AllTypesV1.is(input) ? 0 : AllTypesV1.validate(input).length);
        violations += found.length;
      }
    }
    expect(violations).toBeGreaterThan(AllTypesV1SchemaVersion.fields.length * 8);
    expect(required.size).toBeGreaterThan(0);
  });

  test("NaN and Infinity against bounds, bigints outside int64", () => {
    // test.all-types@1: bounded is float64? with min -1.5, max 1.5
    const boundedViolations = (bounded: number) => AllTypesV1.validate({ ...new AllTypesV1(valid), bounded });
    for (const bounded of [NaN, Infinity, -Infinity, -1.6, 1.6]) {
      const violations = boundedViolations(bounded);
      expect(violations.length).toBeGreaterThan(0);
      expect(violations.every((v) => v.path === "bounded" && v.code === "constraint_violated")).toBe(true);
    }
    expect(boundedViolations(-0)).toEqual([]);
    // digits-model@1 mirrors a Julia declaration: any float32, NaN included, as Julia accepts it.
    expect(new DigitsRowV1({ accuracy: NaN }).accuracy).toBeNaN();
    for (const architecture_version of [2n ** 63n, -(2n ** 63n) - 1n, 2 ** 53, NaN, Infinity]) {
      expect(constructorViolations(() => new ModelV1({ architecture_version } as never))).toMatchObject([
        { path: "architecture_version", code: "incorrect_type" },
      ]);
    }
  });

  test("a non-object input is answered, never thrown from", () => {
    for (const input of [null, undefined, 42, "row", Symbol("row"), () => ({}), [valid]]) {
      const notARow = [{ path: "", code: "incorrect_type", expected: "a test.all-types@1 row" }];
      expect(AllTypesV1.validate(input)).toMatchObject(notARow);
      expect(AllTypesV1.is(input)).toBe(false);
      expect(constructorViolations(() => new AllTypesV1(input as never))).toMatchObject(notARow);
    }
  });

  test("a version of optional fields only takes no body that is not an object as an empty row", () => {
    // A client posting a list of rows, or a bare value, to an endpoint validating one digits-model row.
    const issue = { message: "expected a digits-model@1 row, found an array of length 1" };
    expect(DigitsRowV1["~standard"].validate([{ epoch: 3 }])).toEqual({ issues: [issue] });
    for (const body of [[{ epoch: 3 }], [], 5, "row", null]) {
      expect(DigitsRowV1.parse(body)).toMatchObject({ ok: false, violations: [{ path: "", code: "incorrect_type" }] });
      expect(() => DigitsRowV1.fromJSON(body)).toThrow(/row: expected a digits-model@1 row, found/);
      expect(() => new ModelV1(body as never)).toThrow(/row: expected a legolas-flux.model@1 row, found/);
    }
    expect(DigitsRowV1.parse({}).ok).toBe(true);
  });

  test("a row's JSON text, as await request.text() gives it, says to pass its parsed value", () => {
    const text = `  ${JSON.stringify(new DigitsRowV1({ epoch: 3 }))}`;
    const advice = "; that is JSON text, not its value: pass JSON.parse(text)";
    const parsed = DigitsRowV1.parse(text);
    expect(parsed.ok ? "" : parsed.violations[0]?.found).toMatch(
      /^" {2}\{\\"weights\\":null,.*" \(a string\); that is JSON text/,
    );
    expect(() => DigitsRowV1.fromJSON(text)).toThrow(advice);
    expect(DigitsRowV1["~standard"].validate(text)).toMatchObject({
      issues: [{ message: expect.stringContaining(advice) }],
    });
    expect(DigitsRowV1.parse(JSON.parse(text)).ok).toBe(true);
    // Other text says nothing of JSON.
    expect(DigitsRowV1.parse("row")).toMatchObject({ ok: false, violations: [{ found: '"row" (a string)' }] });
  });
});

describe("lone surrogates", () => {
  test("a string field must be well-formed Unicode: Arrow's UTF-8 cannot hold a lone surrogate", () => {
    for (const text of ["\ud800", "a\udfffb", "\udc00\ud800"]) {
      expect(constructorViolations(() => new AllTypesV1({ ...valid, text } as never))).toEqual([
        {
          code: "constraint_violated",
          path: "text",
          expected: "well-formed Unicode (no lone surrogate)",
          found: `${JSON.stringify(text)} (a string)`,
        },
      ]);
      expect(constructorViolations(() => new AllTypesV1({ ...valid, names: ["ok", text] } as never))).toMatchObject([
        { path: "names[1]", code: "constraint_violated" },
      ]);
      expect(() => writeTableBytes([{ ...valid, text }], AllTypesV1SchemaVersion)).toThrow(
        expect.objectContaining({ name: "RowValidationError" }),
      );
    }
    expect(new AllTypesV1({ ...valid, text: "pair \ud83d\ude00 ok" } as never).text).toBe("pair 😀 ok");
  });
  test("a lone surrogate where only some values are allowed: validate names both faults, the surrogate first", () => {
    for (const kind of ["\ud800", "a\udfff"]) {
      expect(AllTypesV1.validate({ ...new AllTypesV1(valid), kind }).map((v) => [v.path, v.expected])).toEqual([
        ["kind", "well-formed Unicode (no lone surrogate)"],
        ["kind", 'one of "a", "b", "c"'],
      ]);
    }
  });
  test("a lone surrogate that a pattern refuses: validate names both faults, the surrogate first", () => {
    const row = { ...new NastyV1({ quote_default: "q" } as never), new_line: "*\ud800" };
    expect(NastyV1.validate(row).map((v) => [v.path, v.expected])).toEqual([
      ["new_line", "well-formed Unicode (no lone surrogate)"],
      ["new_line", "a match of /^[^\\n*/]*$/"],
    ]);
    expect(NastyV1.is(row)).toBe(false);
  });
  test("each element of a list of text is a string of well-formed Unicode, reported at its index", () => {
    const row = { ...new AllTypesV1(valid), names: ["ok", 7, null, "\udfff", "fine"] };
    expect(AllTypesV1.validate(row).map((v) => [v.code, v.path])).toEqual([
      ["incorrect_type", "names[1]"],
      ["incorrect_type", "names[2]"],
      ["constraint_violated", "names[3]"],
    ]);
    expect(AllTypesV1.is(row)).toBe(false);
    expect(AllTypesV1.is({ ...row, names: ["ok", "a\ud83d\ude00b"] })).toBe(true);
  });
  // `is` tests text with `values` (or a pattern) without `isWellFormed` (the allowed values' own
  // well-formedness, or the automaton's): it must still agree with `validate`.
  test("is() agrees with validate() on any UTF-16 text in constrained strings and lists of text", () => {
    const base = { ...new AllTypesV1(valid) };
    const text = fc.oneof(
      fc.string({ unit: "binary", maxLength: 10 }),
      fc.string({ unit: fc.integer({ min: 0xd7fe, max: 0xe001 }).map((u) => String.fromCharCode(u)), maxLength: 10 }),
    );
    fc.assert(
      fc.property(text, fc.constantFrom("label", "kind"), (value, field) => {
        const row = { ...base, [field]: value };
        expect(AllTypesV1.is(row)).toBe(AllTypesV1.validate(row).length === 0);
      }),
      { numRuns: 2000 },
    );
    const nasty = { ...new NastyV1({ quote_default: "q" } as never) };
    fc.assert(
      fc.property(text, fc.array(fc.oneof(text, fc.constant(null))), (value, names) => {
        const row = { ...nasty, new_line: value };
        expect(NastyV1.is(row)).toBe(NastyV1.validate(row).length === 0);
        const listed = { ...base, names };
        expect(AllTypesV1.is(listed)).toBe(AllTypesV1.validate(listed).length === 0);
      }),
      { numRuns: 1000 },
    );
    expect(AllTypesV1.is({ ...base, label: "ab\ud800" })).toBe(false);
    expect(AllTypesV1.is({ ...base, label: "a\ud83d\ude00b" })).toBe(true);
  });
});

describe("arrays with holes and floods of violations", () => {
  // `a = []; a.length = 1e9` costs no memory; walking it to its length took minutes and reporting
  // each hole as a missing value took gigabytes (1e7 holes: 10 million violations, 1.7 GB). A
  // hole is refused at the first one, and the list gets one violation.
  const holes = (prefix: readonly unknown[] = []): unknown[] => {
    const array = [...prefix];
    array.length = 1e9;
    return array;
  };
  const found = (hole: number) => `an array of length 1000000000 with a hole at index ${hole}`;

  test.each([
    ["names", "list<string>", []],
    ["names", "list<string>", ["a", "b"]],
    ["floats", "list<float32>", [1, 2, 3]],
    ["matrix", "list<list<float64>>", []],
    ["points", "list<struct{x: int32, y: int32?}>", [{ x: 1 }]],
  ])("%s: %s with %j before a billion holes, through every door", async (field, expected, prefix) => {
    const violation = { code: "incorrect_type", path: field, expected, found: found(prefix.length) };
    const input = { ...valid, [field]: holes(prefix) };
    expect(constructorViolations(() => new AllTypesV1(input as never))).toEqual([violation]);
    expect(AllTypesV1.validate(input)).toEqual([violation]);
    expect(AllTypesV1.is(input)).toBe(false);
    expect(AllTypesV1.parse(input)).toEqual({ ok: false, violations: [violation] });
    expect(() => AllTypesV1.fromJSON({ ...valid, double: 1, [field]: holes(prefix) })).toThrow(found(prefix.length));
    const result = await AllTypesV1["~standard"].validate(input);
    expect(result.issues).toMatchObject([{ path: [field] }]);
  });

  test("a field whose getter throws after a billion holes is found without reading the holes", () => {
    const input = Object.defineProperty({ ...valid, names: holes() }, "label", {
      enumerable: true,
      get: () => {
        throw new Error("no label");
      },
    });
    expect(AllTypesV1.validate(input)).toEqual([
      { code: "incorrect_type", path: "names", expected: "list<string>", found: found(0) },
      {
        code: "incorrect_type",
        path: "label",
        expected: "string",
        found: "a value whose reading threw: no label",
      },
    ]);
  });

  test("a list nested in a list, and Weights' arrays and sizes, are refused at their first hole too", () => {
    expect(AllTypesV1.validate({ ...valid, matrix: [holes([1])] })).toMatchObject([
      { path: "matrix[0]", code: "incorrect_type", found: found(1) },
    ]);
    expect(constructorViolations(() => new ModelV1({ weights: { arrays: holes() } } as never))).toEqual([
      {
        code: "incorrect_type",
        path: "weights",
        expected: "Weights",
        found: "an object (arrays has a hole at index 0)",
      },
    ]);
    const size = holes([2]);
    expect(ModelV1.validate({ weights: { arrays: [{ vec: new Float32Array(2), size }] } })).toMatchObject([
      {
        path: "weights",
        found: "an object (arrays[0]: size[1] must be a non-negative integer (size of 1000000000 dimensions))",
      },
    ]);
  });

  test("a validator keeps the first 1,000 violations and counts the rest", () => {
    const names = Array.from({ length: 100_000 }, () => 7);
    const violations = AllTypesV1.validate({ ...valid, names });
    expect(violations).toHaveLength(1000);
    expect(violations[999]).toMatchObject({ path: "names[999]", code: "incorrect_type" });
    expect((violations as unknown as { omitted: number }).omitted).toBe(99_000);
    expect(violations.map((v) => v.path)).toBeInstanceOf(Array);
    let error: unknown;
    try {
      new AllTypesV1({ ...valid, names } as never);
    } catch (thrown) {
      error = thrown;
    }
    expect((error as Error).message).toMatch(/^test\.all-types@1 has 100,000 violations:\n/);
    expect((error as Error).message).toMatch(/\n {2}\.\.\. and 99,980 more$/);
  });
});

describe("fromJSON on hostile input", () => {
  test("a getter or proxy trap that throws is a violation at its field, not a raw error", () => {
    const json = {
      ...new ModelV1({}).toJSON(),
      get weights(): unknown {
        throw new Error("boom");
      },
    };
    expect(() => ModelV1.fromJSON(json)).toThrow(
      expect.objectContaining({
        name: "RowValidationError",
        violations: [expect.objectContaining({ path: "weights", found: "a value whose reading threw: boom" })],
      }),
    );
    const trap = new Proxy(
      {},
      {
        get: () => {
          throw new Error("trap");
        },
      },
    );
    expect(() => ModelV1.fromJSON({ weights: trap, architecture_version: null })).toThrow(
      expect.objectContaining({ name: "RowValidationError" }),
    );
    expect(() => ModelV1.fromJSON(trap)).toThrow(expect.objectContaining({ name: "RowValidationError" }));
  });

  test("an integer text longer than any 64-bit integer is refused without being parsed", () => {
    // BigInt of an 8 MB digit string took 4.3 s before the range check.
    const digits = "9".repeat(8_000_000);
    const parsed: unknown[] = [];
    const bigInt = globalThis.BigInt;
    globalThis.BigInt = Object.assign((value: never) => {
      parsed.push(value);
      return bigInt(value);
    }, bigInt);
    try {
      expect(() => AllTypesV1.fromJSON({ ...new AllTypesV1(valid as never).toJSON(), big: digits })).toThrow(
        /big: expected int64, found "9{40}…" \(a string\)/,
      );
    } finally {
      globalThis.BigInt = bigInt;
    }
    expect(parsed.filter((value) => value === digits)).toEqual([]);
  });
});

describe("detached weights", () => {
  test("say that their buffer is gone, not only that they are no Weights", () => {
    const weights = new Weights([new FlatArray(new Float32Array([1, 2]), [2])]);
    structuredClone(weights.arrays[0]!.vec.buffer, { transfer: [weights.arrays[0]!.vec.buffer] });
    const detached =
      "a Weights (arrays[0]: vec's buffer is detached (transferred to a worker or by structuredClone), so its 2 values are gone)";
    expect(ModelV1.validate({ weights, architecture_version: null })).toEqual([
      { code: "incorrect_type", path: "weights", expected: "Weights", found: detached },
    ]);
    expect(() => new ModelV1({ weights })).toThrow(detached);
  });
});
