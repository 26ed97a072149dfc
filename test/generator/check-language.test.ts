/**
 * The row-check language (docs/schemas.md, "Row checks"): what a check may say, and that
 * everything else, each known way out of it included, is a declaration error at generate time,
 * at the refused construct's `file:line:col`, naming it.
 */
import { describe, expect, test } from "vitest";
import { findSchemaVersion } from "../../runtime/index.js";
import { evaluateModules } from "../../generator/cli/schema-loader.js";
import { declarationErrors, generateFromYaml } from "./helpers.js";

const FIELDS = [
  "      id: string",
  "      n: int32",
  "      big: int64",
  "      xs: list<int32>",
  "      names: list<string>",
  "      day: date?",
  "      s:",
  "        type: struct",
  "        fields:",
  "          a: int32",
  "      w: Weights?",
];

/** A schema whose one check is `check`, written as a single-quoted YAML scalar on line 18. */
function withCheck(check: string, schema = "a"): Record<string, string> {
  const quoted = `'${check.replaceAll("'", "''")}'`;
  const lines = [`schema: ${schema}`, "prefix: A", "versions:", "  1:", "    fields:", ...FIELDS, "    checks:"];
  return { [`${schema}.yaml`]: [...lines, `      - check: ${quoted}`, "        message: m", ""].join("\n") };
}

/** The one error a check gives, without its position. */
function refusal(check: string): string {
  const errors = declarationErrors(withCheck(check));
  expect(errors).toHaveLength(1);
  return errors[0]!;
}

describe("what a check may say", () => {
  test.each([
    "row.n >= 0 && row.n < 100",
    "row.big === 0n || row.big % 2n === 0n",
    'row.id.startsWith("a") || row.id.endsWith("z") || row.id.includes("m")',
    "row.id.length <= 40 && row.id.trim() === row.id && row.id.toLowerCase() !== 'x'",
    "row.xs.length === 0 || row.xs[0]! <= row.xs[row.xs.length - 1]!",
    "row.xs.includes(3) === false && row.xs.indexOf(4) < 0 && row.xs.join(',').length < 100",
    'row.names.at(-1) !== "" && row.names.slice(1).length >= 0',
    '["a", "b", "c"].includes(row.id) || row.id.split("-").length === 2',
    "Math.max(row.n, 0) === Math.abs(row.n) || Math.floor(row.n / 2) * 2 !== row.n",
    "Number.isFinite(row.n) && Number.isSafeInteger(row.n) && row.n <= Number.MAX_SAFE_INTEGER",
    "String(row.n).length < 12 && Number(row.id) !== 7 && Boolean(row.id)",
    "row.day === null || row.day.getUTCFullYear() >= 1970 && row.day.getTime() < Date.UTC(3000, 0, 1)",
    "typeof row.id === 'string' ? row.id !== 'x' : false",
    "row.s.a > -1 && row['s']['a'] !== 7 && `${row.s.a}` !== '8'",
    "row.w === null || row.w.arrays.length < 10",
    "row.day?.getUTCDay() !== 0",
    "Object.keys(row.s).length === 1 && 'a' in row.s",
    "(row.n | 0) === row.n && (row.n & 1) >= 0 && ~row.n !== 0 && -row.n !== 5 && !(row.n === 9)",
    "row.id.charCodeAt(0) !== 0 && row.n.toFixed(1) !== '' && row.id.normalize('NFC') === row.id",
    // U+2028 and U+2029 inside a string are characters of it, as YAML reads them.
    'row.id !== "a\u2028b" && row.id !== `c\u2029${row.n}\u2028d`',
  ])("%s", (check) => {
    expect(() => generateFromYaml(withCheck(check))).not.toThrow();
  });

  test("an accepted check runs as written in the generated row class", () => {
    const files = generateFromYaml(
      withCheck('row.id.startsWith("a") && Math.max(row.n, row.xs.length) < 10', "check.lang"),
    );
    expect(evaluateModules(files)).toEqual(["check.lang@1"]);
    const row = { id: "abc", n: 1, big: 0n, xs: Int32Array.of(1, 2), names: [], day: null, s: { a: 1 }, w: null };
    const { rowClass } = findSchemaVersion("check.lang@1")!;
    expect(rowClass.validate(row)).toEqual([]);
    expect(rowClass.validate({ ...row, id: "b" })).toMatchObject([{ code: "check_failed" }]);
    expect(rowClass.validate({ ...row, xs: new Int32Array(10) })).toMatchObject([{ code: "check_failed" }]);
  });
});

describe("each way out of the language is refused where it is written", () => {
  // Column 17 is where the quoted check starts on line 18; the error points at the construct.
  test.each([
    // The attacks of issue 22: code reached through a value's constructor, getters and methods of
    // object literals (which hold statements, and hung `legolas validate`), tagged templates.
    [
      'row.id.constructor.constructor("return process")()',
      '18:24: check "row.id.constructor.constructor(\\"return process\\")()": it reads .constructor',
    ],
    [
      "({ get x() { for (;;) {} return 1 } }).x > 0",
      '18:18: check "({ get x() { for (;;) {} return 1 } }).x > 0": it contains an object literal (its getters and methods would run code)',
    ],
    ["({ m() { for (;;) {} } }).m()", '18:18: check "({ m() { for (;;) {} } }).m()": it contains an object literal'],
    ['String.raw`${row.id}` !== ""', '18:17: check "String.raw`${row.id}` !== \\"\\"": it contains a tagged template'],
    ['row.id["constructor"] !== 1', '18:24: check "row.id[\\"constructor\\"] !== 1": it reads ["constructor"]'],
    ["row.s.__proto__ !== null", '18:23: check "row.s.__proto__ !== null": it reads .__proto__'],
    ["row.xs.prototype === undefined", '18:24: check "row.xs.prototype === undefined": it reads .prototype'],
    // Globals and functions off the list.
    [
      "globalThis.process === undefined",
      '18:17: check "globalThis.process === undefined": it reads globalThis.process',
    ],
    ['Reflect.get(row, "id") !== ""', '18:17: check "Reflect.get(row, \\"id\\") !== \\"\\"": it calls Reflect.get()'],
    [
      'Object.defineProperty(row, "id", row) === row',
      '18:17: check "Object.defineProperty(row, \\"id\\", row) === row": it calls Object.defineProperty()',
    ],
    ["eval('1') === 1", "18:16: check \"eval('1') === 1\": it calls eval()"],
    ["Math.random() < 2", '18:17: check "Math.random() < 2": it calls Math.random()'],
    ["this === undefined", '18:17: check "this === undefined": it contains this'],
    ["path === ''", "18:17: check \"path === ''\": it names path"],
    // Unbounded work: callbacks, allocation on demand, backtracking, bigint powers.
    ["row.xs.some((x) => x > 0)", '18:24: check "row.xs.some((x) => x > 0)": it calls .some()'],
    ["row.id.repeat(1e9).length > 0", '18:24: check "row.id.repeat(1e9).length > 0": it calls .repeat()'],
    ["/^(a+)+$/.test(row.id)", '18:17: check "/^(a+)+$/.test(row.id)": it contains a regular expression'],
    ["2n ** 100000000n > row.big", '18:20: check "2n ** 100000000n > row.big": it contains ** (use Math.pow'],
    ["1n << 1000000000n > row.big", '18:20: check "1n << 1000000000n > row.big": it contains the operator <<'],
    ["Math.max(...row.xs) > 0", '18:26: check "Math.max(...row.xs) > 0": it contains a spread (...)'],
    // Declarations, statements and effects.
    ["new Date(row.n) !== null", '18:17: check "new Date(row.n) !== null": it contains new'],
    ["(row.n, 1)", '18:23: check "(row.n, 1)": it contains the comma operator'],
    ["row.n as unknown as string", '18:17: check "row.n as unknown as string": it contains a type assertion'],
    ["void row.n", '18:17: check "void row.n": it contains void'],
    ["row.xs.at<number>(0) === 1", '18:27: check "row.xs.at<number>(0) === 1": it gives type arguments'],
    ["[, 1].length === 2", '18:18: check "[, 1].length === 2": it contains an array hole'],
  ])("%s", (check, expected) => {
    const error = refusal(check);
    expect(error.slice(0, `schemas/a.yaml:${expected}`.length)).toBe(`schemas/a.yaml:${expected}`);
    expect(error).toMatch(/, which a check may not \(see "Row checks" in docs\/schemas\.md\) \[check-expression\]$/);
  });

  test.each([
    // Needs types: an index read from the row could name any property. (`Object.values` of an
    // object without an index signature, such as a Date, is `any[]`: a value of any type.)
    [
      "Object.values(row.day!)[0][row.id] === undefined",
      'its index "row.id" has type string; an index in a check is a number',
    ],
    [
      "row.xs[Object.values(row.day!)[0]] === undefined",
      'its index "Object.values(row.day!)[0]" has type any; an index in a check is a number',
    ],
    // A function handed on as a value could be called by whoever receives it.
    ["String(row.id.startsWith) !== ''", 'it holds the function "row.id.startsWith" as a value'],
    ['row.id["trim"] !== undefined', 'it holds the function "row.id[\\"trim\\"]" as a value'],
  ])("%s (a rule that needs the row's types)", (check, expected) => {
    const error = refusal(check);
    expect(error).toContain(`schemas/a.yaml:18:16: check ${JSON.stringify(check)}: ${expected}`);
    expect(error).toMatch(/\[check-expression\]$/);
  });

  test.each([
    ["U+2028 (a line separator)", "\u2028", "\\u2028"],
    ["U+2029 (a paragraph separator)", "\u2029", "\\u2029"],
  ])(
    "a %s outside a string, which would end a // comment to TypeScript but not to YAML, is refused where it is",
    (name, separator, escape) => {
      // TypeScript read `row.n > 0 // note<U+2028>|| true` as `row.n > 0 || true`: a check always true.
      expect(declarationErrors(withCheck(`row.n > 0 // note${separator}|| true`))).toStrictEqual([
        `schemas/a.yaml:18:34: check ${JSON.stringify(`row.n > 0 // note${separator}|| true`).replace(separator, escape)}: it holds ${name} outside a string, which TypeScript reads as a line break and YAML (and most editors) do not: after // it would end the comment, and what follows would run; remove it, or write ${escape} in a string [check-expression]`,
      ]);
    },
  );

  test("a check too long or too deep to read is refused, not a stack overflow", () => {
    expect(refusal(`${"(".repeat(3000)}1${")".repeat(3000)}`)).toMatch(
      /^schemas\/a\.yaml:18:16: check ".{60}…": it is 6001 characters long; a check has at most 2000 \(move the logic into fields and constraints\) \[check-expression\]$/,
    );
    expect(refusal(`${"(".repeat(900)}1${")".repeat(900)}`)).toMatch(
      /: it nests (more than 64 levels deep|too deeply to read)/,
    );
    expect(refusal(`${"!".repeat(1500)}row.n`)).toMatch(/: it nests (more than 64 levels deep|too deeply to read)/);
    expect(refusal(Array(300).fill("row.n").join("+"))).toMatch(/: it nests more than 64 levels deep/);
  });
});
