/**
 * Row input at the edges of its types: a finite number beyond float32 is a violation (never a
 * silent infinity), the same from the constructor, `validate`, `is` and a table write; date and
 * datetime strings of years 0000-0099 mean those years, as the same `Date` does; a message says
 * what to pass for the mistakes a type's name does not explain; and an error about a million
 * wrong values lists the first few and counts the rest.
 */
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";
import {
  findSchemaVersion,
  readTableBytes,
  type SchemaVersion,
  violationCount,
  writeTable,
  writeTableBytes,
} from "legolas-ts";
import { checkFailed, missingField, report, validateRecord, validateRow } from "legolas-ts/codegen";
import {
  AllTypesV1,
  AllTypesV1SchemaVersion,
  JuliaContainersV1,
  type JuliaContainersV1Input,
} from "../generated/index.js";
import { loadYamlSchemas } from "./arrow/helpers/row-path.js";
import { INTEGERS_AT_EVERY_DEPTH } from "../helpers/negative-zero.js";

const base = { flag: true, small: 1, ubyte: 1, uint: 1, double: 1 };

function violationsOf(build: () => unknown): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

test("3.5e38 in a float32 field is a violation everywhere, never stored as Infinity", async () => {
  const input = { ...base, single: 3.5e38 };
  const beyond = "(beyond float32's range, ±3.4028234663852886e+38: it would be an infinity)";
  const expected = { code: "incorrect_type", path: "single", expected: "float32", found: `3.5e+38 ${beyond}` };
  const error = violationsOf(() => new AllTypesV1(input));
  expect(error).toMatchObject({ name: "RowValidationError", violations: [expected] });
  expect((error as Error).message).toBe(
    `test.all-types@1 has 1 violation:\n  - single: expected float32, found 3.5e+38 ${beyond}`,
  );
  expect(AllTypesV1.validate(input)).toEqual([expected]);
  expect(AllTypesV1.is(input)).toBe(false);
  expect(violationsOf(() => writeTableBytes([{ ...base }, input], AllTypesV1SchemaVersion))).toMatchObject({
    rowIndex: 1,
    violations: [expected],
  });
  async function* streamed() {
    yield { ...base };
    yield { ...base, single: -3.5e38 };
  }
  const path = join(mkdtempSync(join(tmpdir(), "legolas-float32-")), "never-written.arrow");
  const streamError = await writeTable(path, streamed(), AllTypesV1SchemaVersion, { batchSize: 1 }).catch(
    (e: unknown) => e,
  );
  expect(streamError).toMatchObject({
    name: "RowValidationError",
    rowIndex: 1,
    violations: [{ ...expected, found: `-3.5e+38 ${beyond}` }],
  });
  expect(existsSync(path)).toBe(false);
  // in a list too: the list is refused rather than holding an infinity
  expect(AllTypesV1.validate({ ...base, floats: [1, 3.5e38] })).toMatchObject([
    { code: "incorrect_type", path: "floats" },
  ]);
  expect(violationsOf(() => new AllTypesV1({ ...base, floats: [1, 3.5e38] }))).toMatchObject({
    violations: [{ path: "floats" }],
  });
});

test("what float32 can hold is kept: its largest value, values that round to it, infinities and NaN", () => {
  const largest = 3.4028234663852886e38;
  for (const single of [largest, -largest, 3.4028235e38, Infinity, -Infinity, 0.1]) {
    expect(new AllTypesV1({ ...base, single }).single).toBe(Math.fround(single));
  }
  expect(new AllTypesV1({ ...base, single: Number.NaN }).single).toBeNaN();
  const row = new AllTypesV1({ ...base, single: largest, floats: [largest, -Infinity] });
  const { rows } = readTableBytes(writeTableBytes([row], AllTypesV1SchemaVersion));
  expect(rows[0]).toEqual(row);
});

test.each(["0000-01-01", "0001-02-03", "0050-03-01", "0099-12-31", "0100-01-01"])(
  "the date %s means that year, as a Date of it does",
  (text) => {
    const [year, month, day] = text.split("-").map(Number) as [number, number, number];
    const date = new Date(0);
    date.setUTCFullYear(year, month - 1, day);
    const fromText = new AllTypesV1({ ...base, day: text });
    expect(fromText.day?.toISOString().slice(0, 10)).toBe(text);
    expect(fromText).toEqual(new AllTypesV1({ ...base, day: date }));
    expect(readTableBytes(writeTableBytes([fromText], AllTypesV1SchemaVersion)).rows[0]).toEqual(fromText);
  },
);

test.each([
  "0000-01-01T00:00:00",
  "0001-01-01T00:00:00",
  "0050-06-01T12:34:56.5",
  "0099-12-31T23:59:59.999Z",
  "0100-01-01T00:00:00",
])("the datetime %s, as Julia prints a DateTime, means that year, as a Date of it does", (text) => {
  const [day, time] = text.replace("Z", "").split("T") as [string, string];
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const [hour, minute, second] = time.split(":").map(Number) as [number, number, number];
  const moment = new Date(0);
  moment.setUTCFullYear(year, month - 1, date);
  moment.setUTCHours(hour, minute, Math.trunc(second), Math.round((second % 1) * 1000));
  const fromText = new AllTypesV1({ ...base, moment: text });
  expect(fromText.moment?.getUTCFullYear()).toBe(year);
  expect(fromText).toEqual(new AllTypesV1({ ...base, moment }));
  expect(AllTypesV1.parse({ ...base, moment: text })).toMatchObject({ ok: true, value: { moment } });
  expect(AllTypesV1.fromJSON({ ...base, moment: text }).moment).toEqual(moment);
  expect(readTableBytes(writeTableBytes([fromText], AllTypesV1SchemaVersion)).rows[0]).toEqual(fromText);
});

test.each(["0050-02-30T00:00:00", "0099-12-31T24:00:00"])("an impossible datetime %s is still a violation", (text) => {
  expect(AllTypesV1.validate(AllTypesV1.convert({ ...base, moment: text }))).toMatchObject([
    { code: "incorrect_type", path: "moment" },
  ]);
});

test.each(["0050-02-30", "0099-13-01", "2024-02-30"])("an impossible date %s is still a violation", (text) => {
  expect(AllTypesV1.validate(AllTypesV1.convert({ ...base, day: text }))).toMatchObject([
    { code: "incorrect_type", path: "day" },
  ]);
});

test("an integer outside ±(2^53-1) where a bigint is held says to pass a bigint; other numbers do not", () => {
  const message = (input: object) => (violationsOf(() => new AllTypesV1({ ...base, ...input })) as Error).message;
  expect(message({ big: 2 ** 60 })).toContain(
    'big: expected int64, found 1152921504606847000 (a number outside ±(2^53-1), where integers lose their last digits: it reads as 1152921504606846976; pass the integer as a bigint, such as 1152921504606846976n, or in JSON as decimal text, such as "1152921504606846976")',
  );
  expect(message({ ubig: -(2 ** 64) })).toContain(
    "ubig: expected uint64, found -18446744073709552000 (a number outside ±(2^53-1)",
  );
  expect(message({ at_ms_utc: 2 ** 60 })).toContain("pass the integer as a bigint");
  expect(message({ small: 2 ** 60 })).not.toContain("bigint");
});

test("a fraction where an integer type is says the type holds whole numbers, not its range, which the fraction is inside", () => {
  const json = { ...base, tiny: 0.5, small: -2.5, medium: 2.5, big: 2.5, ubyte: 1.5, uint: 3.25, ubig: 1.5, wide: 2.5 };
  expect(AllTypesV1.parse(json)).toMatchObject({
    violations: [
      { path: "tiny", found: "0.5 (int8 holds whole numbers only)" },
      { path: "small", found: "-2.5 (int16 holds whole numbers only)" },
      { path: "medium", found: "2.5 (int32 holds whole numbers only)" },
      { path: "big", found: "2.5 (int64 holds whole numbers only)" },
      { path: "ubyte", found: "1.5 (uint8 holds whole numbers only)" },
      { path: "uint", found: "3.25 (uint32 holds whole numbers only)" },
      { path: "ubig", found: "1.5 (uint64 holds whole numbers only)" },
      { path: "wide", found: "2.5 (int128 holds whole numbers only)" },
    ],
  });
  // Its array's description says the same of the element.
  expect((violationsOf(() => new AllTypesV1({ ...base, bytes: [1, 2.5] })) as Error).message).toContain(
    "bytes: expected list<uint8>, found an array of length 2 (at index 1, 2.5 is no uint8 (uint8 holds whole numbers only))",
  );
  // An integer out of range still says the range.
  expect(AllTypesV1.parse({ ...base, ubyte: 256 })).toMatchObject({
    violations: [{ path: "ubyte", found: "256 (uint8 holds the integers 0 to 255)" }],
  });
});

test("an integer outside ±(2^53-1) in a JSON body: the advice is JSON's decimal text, and says what the number read as", () => {
  // A client sends 9007199254740993 as a JSON number; JSON.parse reads it as 9007199254740992.
  // A JSON body cannot hold a bigint, and the digits it was sent with are gone: the message says
  // both, rather than "pass a bigint, e.g. 9007199254740992n", a number the client never sent.
  const body = JSON.parse(`{"flag": true, "small": 1, "ubyte": 1, "uint": 1, "double": 1, "big": 9007199254740993}`);
  const parsed = AllTypesV1.parse(body);
  expect(parsed.ok).toBe(false);
  expect(parsed.ok ? [] : parsed.violations.map((violation) => violation.found)).toEqual([
    '9007199254740992 (a number outside ±(2^53-1), where integers lose their last digits: it reads as 9007199254740992; pass the integer as a bigint, such as 9007199254740992n, or in JSON as decimal text, such as "9007199254740992")',
  ]);
  expect(() => AllTypesV1.fromJSON(body)).toThrow(/or in JSON as decimal text, such as "9007199254740992"/);
  expect(AllTypesV1.fromJSON({ ...body, big: "9007199254740993" }).big).toBe(9007199254740993n);
});

test("an array where Weights go (their JSON form, or a model's tensors) says what a Weights value is, and which doors read the JSON form", () => {
  const json = [{ vec: [1, 2], size: [2] }];
  const message = (weights: unknown) =>
    (violationsOf(() => new AllTypesV1({ ...base, weights: weights as never })) as Error).message;
  const hint =
    "; Weights is a Weights value, as fetchWeights(model) gives one (new Weights([new FlatArray(vec, size), ...]) in code): an array of { vec, size } is its JSON form, which parse and fromJSON read";
  expect(message(json)).toContain(`weights: expected Weights, found an array of length 1${hint}`);
  expect(message([{}, {}])).toContain(`found an array of length 2${hint}`);
  // What the hint says is so: fromJSON reads that array.
  const body = { ...JSON.parse(JSON.stringify(new AllTypesV1(base))), weights: json };
  expect(AllTypesV1.fromJSON(body).weights?.arrays[0]?.size).toEqual([2]);
  expect(message({ arrays: 1 })).not.toContain("JSON form");
});

test("a float as text: the JSON form's NaN and infinities are said to be what parse and fromJSON read, decimal text to be a number", () => {
  const message = (input: object) => (violationsOf(() => new AllTypesV1({ ...base, ...input })) as Error).message;
  expect(message({ double: "NaN" })).toContain(
    'double: expected float64, found "NaN" (a string); a float64 is a number here, such as NaN: "NaN" is its JSON form, which parse and fromJSON read',
  );
  expect(message({ double: "-0" })).toContain('such as -0: "-0" is its JSON form');
  expect(message({ double: "21.5" })).toContain(
    'double: expected float64, found "21.5" (a string); a float64 is a number, not text: pass 21.5',
  );
  expect(message({ double: "warm" })).toMatch(/double: expected float64, found "warm" \(a string\)$/m);
  // What the hint says is so: parse reads the JSON form.
  expect(AllTypesV1.parse({ ...base, double: "-Infinity" })).toMatchObject({ ok: true, value: { double: -Infinity } });
});

test("a narrow integer as decimal text says to pass the number, as a float's and an int64's text do", () => {
  expect(AllTypesV1.parse({ ...base, medium: "3", ubyte: "-3", tiny: "3.0", small: "x" })).toMatchObject({
    violations: [
      { path: "tiny", found: '"3.0" (a string)' },
      { path: "small", found: '"x" (a string)' },
      { path: "medium", found: '"3" (a string); an int32 is a number, not text: pass 3' },
      { path: "ubyte", found: '"-3" (a string); a uint8 is a number from 0 to 255, not text, and -3 is outside that' },
    ],
  });
  expect((violationsOf(() => new AllTypesV1({ ...base, uint: "4000000000" } as never)) as Error).message).toContain(
    'uint: expected uint32, found "4000000000" (a string); a uint32 is a number, not text: pass 4000000000',
  );
});

test("a date or datetime in text of another form shows the forms it takes", () => {
  const message = (input: object) => (violationsOf(() => new AllTypesV1({ ...base, ...input })) as Error).message;
  expect(message({ moment: "2024-05-06 07:08" })).toContain(
    'moment: expected datetime, found "2024-05-06 07:08" (a string); a datetime is a Date, or UTC text as Julia and toISOString write it: 2024-05-06T07:08:09, 2024-05-06T07:08:09.123 or 2024-05-06T07:08:09.123Z',
  );
  expect(message({ day: "06/05/2024" })).toContain(
    'day: expected date, found "06/05/2024" (a string); a date is a Date at UTC midnight, such as new Date(Date.UTC(2024, 4, 6)), or text such as 2024-05-06',
  );
});

test("a date or datetime in the right form that names no day or time says which part is out of range", () => {
  const message = (input: object) => (violationsOf(() => new AllTypesV1({ ...base, ...input })) as Error).message;
  expect(message({ day: "2026-02-30" })).toContain(
    'day: expected date, found "2026-02-30" (a string); its form is right, but it names no day: February 2026 has 28 days',
  );
  expect(message({ day: "2024-13-01" })).toContain("its form is right, but it names no day: there is no month 13");
  expect(message({ moment: "2024-02-30T10:00:00" })).toContain(
    'moment: expected datetime, found "2024-02-30T10:00:00" (a string); its form is right, but it names no instant: February 2024 has 29 days',
  );
  expect(message({ moment: "2026-02-03T24:00:00" })).toContain("names no instant: its hours run from 00 to 23");
  expect(message({ moment: "2026-02-03T10:60:00.5Z" })).toContain(
    "names no instant: its minutes and seconds run from 00 to 59",
  );
  // From JSON, in toISOString's form.
  const parsed = AllTypesV1.parse({ ...base, moment: "2026-04-31T00:00:00.000Z" });
  expect(parsed.ok ? [] : parsed.violations.map((violation) => violation.found)).toEqual([
    '"2026-04-31T00:00:00.000Z" (a string); its form is right, but it names no instant: April 2026 has 30 days',
  ]);
  // A date's form given to a datetime is told the datetime's forms.
  expect(message({ moment: "2026-02-30" })).toContain(
    "a datetime is a Date, or UTC text as Julia and toISOString write it",
  );
});

test("a date or datetime beyond a Date's range says so, and the range, from every door", () => {
  const beyondDays =
    "its form is right, but it names no day: it is beyond the days a Date holds, -271821-04-20 to +275760-09-13";
  const beyondInstants =
    "its form is right, but it names no instant: it is beyond the instants a Date holds, -271821-04-20T00:00:00.000Z to +275760-09-13T00:00:00.000Z";
  const json = new AllTypesV1(base).toJSON();
  const cases = [
    { day: "+300000-01-01", found: beyondDays },
    { day: "+275760-09-14", found: beyondDays },
    { day: "-271821-04-19", found: beyondDays },
    { moment: "+300000-01-01T00:00:00.000Z", found: beyondInstants },
    { moment: "+275760-09-13T00:00:00.001Z", found: beyondInstants },
    { moment: "-271821-04-19T23:59:59.999Z", found: beyondInstants },
  ];
  for (const { found, ...field } of cases) {
    const [[path, text]] = Object.entries(field) as [[string, string]];
    const expected = `${path}: expected ${path === "day" ? "date" : "datetime"}, found "${text}" (a string); ${found}`;
    expect((violationsOf(() => new AllTypesV1({ ...base, ...field })) as Error).message).toContain(expected);
    expect((violationsOf(() => AllTypesV1.fromJSON({ ...json, ...field })) as Error).message).toContain(expected);
    expect(AllTypesV1.validate({ ...new AllTypesV1(base), ...field }).map((violation) => violation.found)).toEqual([
      `"${text}" (a string); ${found}`,
    ]);
  }
  // The ends themselves are a Date's.
  expect(AllTypesV1.fromJSON({ ...json, day: "+275760-09-13", moment: "-271821-04-20T00:00:00.000Z" })).toMatchObject({
    day: new Date(8.64e15),
    moment: new Date(-8.64e15),
  });
});

test("a date or datetime given a number, as Date.now() gives one, says to make it a Date", () => {
  const message = (input: object) => (violationsOf(() => new AllTypesV1({ ...base, ...input })) as Error).message;
  expect(message({ moment: 1796525966930 })).toContain(
    "moment: expected datetime, found 1796525966930; a datetime is a Date or UTC text, not a number: new Date(1796525966930) reads it as milliseconds since 1970",
  );
  expect(message({ moment: Number.NaN })).toContain(
    "moment: expected datetime, found NaN; a datetime is a Date or UTC text, not a number",
  );
  expect(message({ day: 19_723 })).toContain(
    "day: expected date, found 19723; a date is a Date at UTC midnight, such as new Date(Date.UTC(2024, 4, 6)), or text such as 2024-05-06",
  );
  const parsed = AllTypesV1.parse({ ...base, moment: 1796525966930 });
  expect(parsed.ok ? [] : parsed.violations.map((violation) => violation.found)).toEqual([
    "1796525966930; a datetime is a Date or UTC text, not a number: new Date(1796525966930) reads it as milliseconds since 1970",
  ]);
});

test("a Date or time its type cannot hold says which instant it is, and what the type holds", () => {
  const message = (input: object) => (violationsOf(() => new AllTypesV1({ ...base, ...input })) as Error).message;
  expect(message({ day: new Date(Date.UTC(2024, 0, 1, 5)) })).toContain(
    "day: expected date, found a Date (2024-01-01T05:00:00.000Z); a date is a Date at UTC midnight, such as new Date(Date.UTC(2024, 4, 6)), or text such as 2024-05-06",
  );
  expect(message({ at: new Date(Number.NaN) })).toContain("at: expected timestamp, found an invalid Date");
  expect(message({ moment: new Date(Number.NaN) })).toContain("moment: expected datetime, found an invalid Date");
  expect(message({ clock: -1 })).toContain(
    "clock: expected time, found -1 (a time is the nanoseconds since midnight, 0n to 86_399_999_999_999n)",
  );
});

test("a million wrong list elements: the first 1,000 violations in the data, the first 20 in the message, the rest counted", () => {
  const names = new Array<unknown>(1_000_000).fill(7);
  const error = violationsOf(() => new AllTypesV1({ ...base, names: names as never })) as {
    violations: unknown[] & { omitted: number };
    message: string;
  };
  expect(error.violations).toHaveLength(1_000);
  expect(error.violations.omitted).toBe(999_000);
  // The count is no element: the list spreads, compares and serialises as the violations it keeps.
  expect(Object.keys(error.violations)).toHaveLength(1_000);
  expect(JSON.parse(JSON.stringify(error.violations))).toEqual([...error.violations]);
  const lines = error.message.split("\n");
  expect(lines[0]).toBe("test.all-types@1 has 1,000,000 violations:");
  expect(lines.slice(1, 3)).toEqual([
    "  - names[0]: expected string, found 7",
    "  - names[1]: expected string, found 7",
  ]);
  expect(lines).toHaveLength(22);
  expect(lines[21]).toBe("  ... and 999,980 more");
  expect(error.message.length).toBeLessThan(2_000);
});

test("past the first 1,000 violations, a nested record's checks still run only when its fields hold", () => {
  // A record whose field is always missing, and whose check would fail: the check must not run.
  const record = {
    validateFields: (_value: unknown, out: Parameters<typeof report>[0]) => report(out, missingField, "a", "int32"),
    checkRow: (_row: object, path: string, out: Parameters<typeof report>[0]) => {
      report(out, checkFailed, path, "a is small");
    },
  } as unknown as SchemaVersion;
  for (const before of [1, 1_000, 2_000]) {
    const violations = validateRow({}, (_value, out) => {
      for (let i = 0; i < before; i++) report(out, missingField, `strs[${i}]`, "string");
      return validateRecord(record, {}, "small", out);
    });
    expect(violationCount(violations), `${before} before`).toBe(before + 1);
    expect(
      violations.filter((violation) => violation.code === "check_failed"),
      `${before} before`,
    ).toEqual([]);
  }
});

test("a tuple of another length than declared is refused by every door, never cut short or padded", () => {
  for (const span of [[1, "a", "extra"], [1]]) {
    const found = `an array of length ${span.length}`;
    const expected = { code: "incorrect_type", path: "span", expected: "tuple<int64, string>", found };
    expect(violationsOf(() => new AllTypesV1({ ...base, span } as never))).toMatchObject({ violations: [expected] });
    expect(AllTypesV1.parse({ ...base, span })).toEqual({ ok: false, violations: [expected] });
    expect(AllTypesV1.parse(JSON.parse(JSON.stringify({ ...base, span })))).toMatchObject({ ok: false });
  }
  expect({ ...new AllTypesV1({ ...base, span: [1, "a"] }) }).toMatchObject({ span: [1n, "a"] });
});

test("a date or datetime in JSON that names no real day or instant is refused, as the constructor refuses it, never rolled over", () => {
  const bodies = [
    { day: "2023-02-29" },
    { moment: "2024-04-31T00:00:00.000Z" },
    { moment: "2024-01-01T24:00:00.000Z" },
  ];
  for (const body of bodies) {
    const json = { ...base, ...body };
    expect(() => new AllTypesV1(json as never), JSON.stringify(body)).toThrow(
      expect.objectContaining({ name: "RowValidationError" }),
    );
    expect(AllTypesV1.parse(json).ok, JSON.stringify(body)).toBe(false);
    expect(() => AllTypesV1.fromJSON(json), JSON.stringify(body)).toThrow(
      expect.objectContaining({ name: "RowValidationError" }),
    );
  }
  const leap = AllTypesV1.fromJSON({ ...base, day: "2024-02-29", moment: "2024-02-29T23:59:59.999Z" });
  expect([leap.day?.toISOString(), leap.moment?.toISOString()]).toEqual([
    "2024-02-29T00:00:00.000Z",
    "2024-02-29T23:59:59.999Z",
  ]);
});

test("text in a JSON body for an integer of 32 bits or fewer is reported as the text sent, by every door", () => {
  const body = JSON.parse(JSON.stringify({ ...base, small: "5" }));
  const found = '"5" (a string); an int16 is a number, not text: pass 5';
  const expected = { code: "incorrect_type", path: "small", expected: "int16", found };
  expect(violationsOf(() => new AllTypesV1(body))).toMatchObject({ violations: [expected] });
  expect(AllTypesV1.parse(body)).toEqual({ ok: false, violations: [expected] });
  expect(violationsOf(() => AllTypesV1.fromJSON(body))).toMatchObject({ violations: [expected] });
  expect(AllTypesV1["~standard"].validate(body)).toEqual({
    issues: [{ message: `expected int16, found ${found}`, path: ["small"] }],
  });
});

test("a number out of a narrow integer's or float's range says the range", () => {
  const json = { ...base, tiny: 200, uint: -1, half: 65520 };
  expect(AllTypesV1.parse(json)).toMatchObject({
    violations: [
      { path: "tiny", found: "200 (int8 holds the integers -128 to 127)" },
      { path: "uint", found: "-1 (uint32 holds the integers 0 to 4294967295)" },
      { path: "half", found: "65520 (beyond float16's range, ±65504: it would be an infinity)" },
    ],
  });
});

test("an integer the type holds, given as the other of number and bigint, says which to pass", async () => {
  const row = new AllTypesV1({ ...base, big: 5n });
  expect(AllTypesV1.parse({ ...base, small: 3n })).toMatchObject({
    violations: [{ path: "small", found: "3n (int16 is held as a number: pass 3, not 3n)" }],
  });
  // validate and is take fields as held, and a row changed after it was built is checked as it stands.
  expect(AllTypesV1.validate({ ...row, big: 3 })).toMatchObject([
    { path: "big", found: "3 (int64 is held as a bigint: pass 3n)" },
  ]);
  (row as { big: unknown }).big = 7;
  await expect(
    writeTable(join(mkdtempSync(join(tmpdir(), "legolas-")), "rows.arrow"), [row], AllTypesV1SchemaVersion),
  ).rejects.toMatchObject({
    violations: [{ path: "big", found: "7 (int64 is held as a bigint: pass 7n)" }],
  });
});

/** A valid test.julia-containers@1 row's fields. */
const JULIA_CONTAINERS: JuliaContainersV1Input = {
  samples: [1],
  position: Float32Array.of(1, 2, 3),
  tags: new Set(["a"]),
  span: [1n, "x"],
  counts: new Map([["a", 1n]]),
  either: 1n,
};

test("a union given a value of no member's class, and a map given an object, say what to pass", () => {
  const violationsOf = (build: () => unknown) => {
    try {
      build();
    } catch (error) {
      return (error as { violations: unknown }).violations;
    }
    throw new Error("accepted");
  };
  // Values of the wrong types, as JavaScript callers and `any` pass them.
  expect(violationsOf(() => new AllTypesV1({ ...base, either: 5, counts: { a: 1n } } as never))).toEqual([
    expect.objectContaining({
      path: "counts",
      found: "an object; a map is a Map, or an array of [key, value] pairs: new Map(Object.entries(value)) makes one",
    }),
    expect.objectContaining({
      path: "either",
      found: "5; for its int64 member (int64 is held as a bigint: pass 5n)",
    }),
  ]);
  // A value no member has a remedy for is described alone; an object's keys are text, which a map of int32 keys is not.
  expect(AllTypesV1.validate({ ...new AllTypesV1(base), either: true })).toMatchObject([
    { path: "either", found: "true" },
  ]);
  expect(JuliaContainersV1.validate({ ...new JuliaContainersV1(JULIA_CONTAINERS), notes: { 1: ["a"] } })).toEqual([
    expect.objectContaining({
      path: "notes",
      found:
        "an object; a map is a Map, or an array of [key, value] pairs, whose keys are int32s: an object's keys are text",
    }),
  ]);
});

test("a Date that is no date, or no instant, says so and what to pass", () => {
  const input = { ...base, day: new Date("2026-12-05T10:00:00Z"), moment: new Date("yesterday") };
  expect(AllTypesV1.parse(input)).toMatchObject({
    violations: [
      {
        path: "day",
        found:
          "a Date (2026-12-05T10:00:00.000Z); a date is a Date at UTC midnight, such as new Date(Date.UTC(2024, 4, 6)), or text such as 2024-05-06",
      },
      { path: "moment", found: "an invalid Date" },
    ],
  });
});

test("decimal text for a 64-bit integer, refused by a door that reads no JSON, says which doors read it", () => {
  const found =
    '"10" (a string); an int64 is a bigint here, such as 10n: decimal text is its JSON form, which parse and fromJSON read';
  expect(violationsOf(() => new AllTypesV1({ ...base, big: "10" } as never))).toMatchObject({
    violations: [{ path: "big", found }],
  });
  expect(AllTypesV1.validate({ ...AllTypesV1.convert(base), big: "10" })).toMatchObject([{ path: "big", found }]);
  expect(AllTypesV1.parse({ ...base, big: "10" })).toMatchObject({ ok: true, value: { big: 10n } });
  // Digits past any 128-bit integer are no JSON form parse reads: the advice does not say it is.
  const digits = "1".repeat(45);
  expect(violationsOf(() => new AllTypesV1({ ...base, big: digits } as never))).toMatchObject({
    violations: [
      { path: "big", found: expect.stringMatching(/; an int64 is a bigint, or in JSON decimal text such as "12"$/) },
    ],
  });
  expect(AllTypesV1.parse({ ...base, big: digits }).ok).toBe(false);
});

test("decimal text a type held as a bigint cannot hold is not advised as that bigint: the range is said instead", () => {
  // -12n is no time (0n to 86_399_999_999_999n) and -1n no uint64: advising them would lead to a second refusal.
  expect(violationsOf(() => new AllTypesV1({ ...base, clock: "-12", ubig: "-1" } as never))).toMatchObject({
    violations: [
      {
        path: "ubig",
        found: '"-1" (a string); a uint64 is a bigint from 0n to 18446744073709551615n here, and -1 is outside that',
      },
      {
        path: "clock",
        found: '"-12" (a string); a time is a bigint from 0n to 86399999999999n here, and -12 is outside that',
      },
    ],
  });
  // The example of the JSON form is a value of every such type, a time's too.
  expect(violationsOf(() => new AllTypesV1({ ...base, clock: "01:02:03" } as never))).toMatchObject({
    violations: [
      { path: "clock", found: '"01:02:03" (a string); a time is a bigint, or in JSON decimal text such as "12"' },
    ],
  });
  expect(AllTypesV1.parse({ ...base, clock: "12" })).toMatchObject({ ok: true, value: { clock: 12n } });
});

test("a number for a time, timestamp, duration or period says it is held as a bigint, and which one to pass", () => {
  // validate takes rows as they are (the constructor converts a whole number): an int64 given 5
  // was told to pass 5n, these, held as bigints too, only "found 5".
  const row = AllTypesV1.convert(base);
  expect(AllTypesV1.validate({ ...row, clock: 5, at: 5, elapsed: 1.5, elapsed_us: -5 })).toMatchObject([
    { path: "clock", found: "5 (a time is a bigint: pass 5n)" },
    { path: "at", found: "5 (a timestamp is a bigint or a Date: pass 5n)" },
    { path: "elapsed", found: "1.5; a duration is a bigint" },
    { path: "elapsed_us", found: "-5 (a duration<us> is a bigint: pass -5n)" },
  ]);
  // -5n is no time: the range is said instead, as for decimal text.
  expect(AllTypesV1.validate({ ...row, clock: -5 })).toMatchObject([
    { path: "clock", found: "-5 (a time is a bigint from 0n to 86399999999999n)" },
  ]);
});

test("an integer out of a 64-bit type's range is said in the digits its user wrote, a number or JSON's decimal text, with no bigint's n", () => {
  const range = "(uint64 holds the integers 0 to 18446744073709551615)";
  // parse and fromJSON read decimal text as a bigint; the sender wrote no `n`.
  const json = { ...base, ubig: "18446744073709551616" };
  expect(AllTypesV1.parse(json)).toMatchObject({
    violations: [{ path: "ubig", found: `18446744073709551616 ${range}` }],
  });
  expect((violationsOf(() => AllTypesV1.fromJSON(json)) as Error).message).toContain(
    `ubig: expected uint64, found 18446744073709551616 ${range}`,
  );
  expect(AllTypesV1["~standard"].validate(json)).toMatchObject({
    issues: [{ message: `expected uint64, found 18446744073709551616 ${range}` }],
  });
  // A number, which the row holds as a bigint.
  expect(violationsOf(() => new AllTypesV1({ ...base, ubig: -5 }))).toMatchObject({
    violations: [{ path: "ubig", found: `-5 ${range}` }],
  });
  // The constructor reads no decimal text: that it is a string is what is wrong, and said.
  expect(violationsOf(() => new AllTypesV1({ ...base, ubig: "18446744073709551616" as never }))).toMatchObject({
    violations: [{ path: "ubig", found: expect.stringMatching(/^"18446744073709551616" \(a string\); /) }],
  });
});

test("a 64- or 128-bit integer out of its range says the range, and text that is no integer what it takes", () => {
  const json = { ...base, big: "9223372036854775808", ubig: "-1", wide: "1e3", at: "2024-01-01T00:00:00.000Z" };
  expect(AllTypesV1.parse(json)).toMatchObject({
    violations: [
      {
        path: "big",
        found: "9223372036854775808 (int64 holds the integers -9223372036854775808 to 9223372036854775807)",
      },
      { path: "ubig", found: "-1 (uint64 holds the integers 0 to 18446744073709551615)" },
      {
        path: "at",
        found:
          '"2024-01-01T00:00:00.000Z" (a string); a timestamp is a bigint or a Date, and this text, read as UTC, is ' +
          '1704067200000000000n: in JSON "1704067200000000000", its nanoseconds since 1970 as decimal text',
      },
      { path: "wide", found: '"1e3" (a string); an int128 is a bigint, or in JSON decimal text such as "12"' },
    ],
  });
  // A client's instant as text (a ZonedDateTime's field): its count in the field's own unit, or
  // why it names no instant; text with an offset is left to the general remedy.
  const atMsUtc = (text: string) =>
    AllTypesV1.parse({ ...json, big: "1", ubig: "1", wide: "1", at: null, at_ms_utc: text });
  expect(atMsUtc("2026-12-01T10:00:00Z")).toMatchObject({
    violations: [
      {
        path: "at_ms_utc",
        found:
          '"2026-12-01T10:00:00Z" (a string); a timestamp<ms, UTC> is a bigint or a Date, and this text, read as UTC, is ' +
          '1796119200000n: in JSON "1796119200000", its milliseconds since 1970 as decimal text',
      },
    ],
  });
  expect(atMsUtc("2026-13-01T10:00:00Z")).toMatchObject({
    violations: [
      {
        path: "at_ms_utc",
        found: `"2026-13-01T10:00:00Z" (a string); its form is a datetime's, but it names no instant: there is no month 13`,
      },
    ],
  });
  expect(atMsUtc("2026-12-01T11:00:00+01:00")).toMatchObject({
    violations: [{ path: "at_ms_utc", found: expect.stringMatching(/or in JSON decimal text such as "12"$/) }],
  });
});

test("a numeric list says which element it is refused whole for, and why", () => {
  const input = { floats: [1, null, 3e39], ints: [1n, undefined], bytes: [1, 300], samples: [0.5, "x"] };
  const error = violationsOf(() => new AllTypesV1({ ...base, ...input } as never));
  expect(error).toMatchObject({
    violations: [
      { path: "floats", code: "incorrect_type", found: "an array of length 3 (at index 1, null is no float32)" },
      { path: "ints", code: "incorrect_type", found: "an array of length 2 (at index 1, undefined is no int64)" },
      {
        path: "bytes",
        code: "incorrect_type",
        found: "an array of length 2 (at index 1, 300 is no uint8 (uint8 holds the integers 0 to 255))",
      },
      {
        path: "samples",
        code: "incorrect_type",
        found: 'an array of length 2 (at index 1, "x" (a string) is no float64)',
      },
    ],
  });
  // A typed list of the wrong length says its length.
  expect(AllTypesV1.validate({ ...AllTypesV1.convert(base), position: new Float32Array(2) })).toMatchObject([
    { path: "position", found: "a Float32Array of length 2" },
  ]);
});

test("a numeric list of another typed array, or with an integer outside ±(2^53-1), says what to pass", () => {
  const input = { floats: new Float64Array([1, 2]), ints: [1n, 2 ** 60], bytes: new Int32Array([1]) };
  expect(AllTypesV1.parse({ ...base, ...input })).toMatchObject({
    violations: [
      {
        path: "floats",
        found:
          "a Float64Array of length 2 (a list of float32 is a Float32Array or an array of numbers: Float32Array.from(value) makes one)",
      },
      {
        path: "ints",
        found:
          'an array of length 2 (at index 1, 1152921504606847000 is no int64 (a number outside ±(2^53-1), where integers lose their last digits: it reads as 1152921504606846976; pass the integer as a bigint, such as 1152921504606846976n, or in JSON as decimal text, such as "1152921504606846976"))',
      },
      {
        path: "bytes",
        found:
          "an Int32Array of length 1 (a list of uint8 is a Uint8Array or an array of numbers: Uint8Array.from(value) makes one)",
      },
    ],
  });
  expect(AllTypesV1.parse({ ...base, ints: new Int32Array([1]) })).toMatchObject({
    violations: [{ found: expect.stringContaining("BigInt64Array.from(value, BigInt) makes one") }],
  });
});

test("a float32 field takes the numbers its YAML lists, bounds and defaults as written, though float32 holds them rounded", async () => {
  await loadYamlSchemas([
    {
      schema: "values.single",
      prefix: "ValuesSingle",
      version: {
        fields: { b: { type: "float32?", values: [0.1, 0.5], default: 0.1 }, c: { type: "float32", max: 0.1 } },
      },
    },
  ]);
  const { rowClass } = findSchemaVersion("values.single@1")!;
  const refused = (input: object) => rowClass.validate(rowClass.convert!(input)).map((violation) => violation.path);
  expect(refused({ c: 0.1 })).toEqual([]);
  expect(refused({ b: 0.1, c: 0.1 })).toEqual([]);
  expect(refused({ b: 0.2, c: 0.2 })).toEqual(["b", "c"]);
});

test("int64 and uint64 bounds, defaults and listed values beyond 2^53 hold exactly as their YAML digits say", async () => {
  await loadYamlSchemas([
    {
      schema: "bounds.exact",
      prefix: "BoundsExact",
      version: {
        fields: {
          u: { type: "uint64?", max: 18446744073709551614n },
          i: { type: "int64?", min: -9223372036854775807n },
          e: { type: "int64", values: [9007199254740993n, 9007199254740995n], default: 9007199254740993n },
        },
      },
    },
  ]);
  const { rowClass } = findSchemaVersion("bounds.exact@1")!;
  const refused = (input: object) => rowClass.validate(rowClass.convert!(input)).map((violation) => violation.path);
  expect(rowClass.convert!({})).toMatchObject({ e: 9007199254740993n });
  expect(refused({ u: 18446744073709551614n, i: -9223372036854775807n, e: 9007199254740995n })).toEqual([]);
  // Each one past its bound, or between listed values, by less than a float64 can tell apart.
  expect(refused({ u: 18446744073709551615n, i: -9223372036854775808n, e: 9007199254740994n })).toEqual([
    "u",
    "i",
    "e",
  ]);
});

test("an integer or real field's listed values match as numbers and as bigints, so a table written reads back", async () => {
  await loadYamlSchemas([
    {
      schema: "abstract.listed",
      prefix: "AbstractListed",
      version: {
        fields: {
          n: { type: "integer", values: [1, 2] },
          r: { type: "real", values: [0.5, 3] },
        },
      },
    },
  ]);
  const schemaVersion = findSchemaVersion("abstract.listed@1")!;
  const { rowClass } = schemaVersion;
  const refused = (input: object) => rowClass.validate(rowClass.convert!(input)).map((violation) => violation.path);
  expect(refused({ n: 1, r: 0.5 })).toEqual([]);
  expect(refused({ n: 2n, r: 3n })).toEqual([]);
  expect(refused({ n: 3n, r: 1n })).toEqual(["n", "r"]);
  // An `integer` is written as an Int64 column, which reads as bigints.
  const rows = [rowClass.convert!({ n: 1, r: 3 }), rowClass.convert!({ n: 2n, r: 0.5 })];
  const read = readTableBytes(writeTableBytes(rows, schemaVersion), { rows: "eager" });
  expect(read.rows.map((row) => ({ ...row }))).toEqual([
    { n: 1n, r: 3 },
    { n: 2n, r: 0.5 },
  ]);
});

test("-0 given for an integer is 0 from the constructor, at any depth, and its JSON never says -0; a float or real keeps -0", async () => {
  await loadYamlSchemas([
    {
      schema: "row-values.negative-zero",
      prefix: "RowValuesNegativeZero",
      version: {
        fields: {
          ...INTEGERS_AT_EVERY_DEPTH,
          k: { type: "int16?", default: 3 },
          v: { type: "int32?", value: "row.v == null ? null : -row.v", input: "any" },
        },
      },
    },
  ]);
  const { rowClass } = findSchemaVersion("row-values.negative-zero@1") as unknown as {
    rowClass: new (input: object) => Record<string, unknown> & { toJSON(): Record<string, unknown> };
  };
  const row = new rowClass({
    a: -0,
    b: -0,
    c: -0,
    d: [-0, "s"],
    e: new Map([["k", -0]]),
    f: -0,
    g: { x: -0 },
    k: -0,
    v: 0, // its value: expression makes -0 of it
    r: -0,
    z: -0,
  });
  const integers = (of: Record<string, unknown>) => [
    of.a,
    of.b,
    of.c,
    (of.d as unknown[])[0],
    of.e instanceof Map ? of.e.get("k") : (of.e as [string, unknown][])[0]![1],
    of.f instanceof Object ? (of.f as { int32: unknown }).int32 : of.f,
    (of.g as { x: unknown }).x,
    of.k,
    of.v,
  ];
  for (const value of integers(row)) expect(Object.is(value, 0), String(value)).toBe(true);
  // The JSON form: an integer's -0 was written "-0" for `integer` (as a float's), and kept as -0 elsewhere.
  const json = row.toJSON();
  for (const value of integers(json)) expect(Object.is(value, 0), String(value)).toBe(true);
  // A row is plain data: one changed to hold -0 is still written 0 (as Arrow stores it).
  Object.assign(row, { a: -0, c: -0 });
  expect([row.toJSON().a, row.toJSON().c].map((value) => Object.is(value, 0))).toStrictEqual([true, true]);
  // A Julia Real or Float64 holds -0.0: kept, and written "-0".
  expect(Object.is(row.r, -0) && Object.is(row.z, -0)).toBe(true);
  expect([json.r, json.z]).toStrictEqual(["-0", "-0"]);
});
