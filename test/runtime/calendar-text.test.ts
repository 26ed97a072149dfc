/**
 * Text of a `date` or a `datetime`, door by door: the row constructor reads four-digit years and
 * Julia's `string(::DateTime)` (fraction of 1-3 digits and `Z` optional), JSON reads `toISOString`
 * exactly (six-digit signed years beyond 0000-9999), and a violation names the part out of range
 * of text in either form, or says it is beyond a Date's range. No door rolls text that names no day or instant over into another.
 * The doors are compared, over random text of their forms, with the code before they shared one
 * reader (runtime/convert.ts and json.ts at 30560e1, verbatim), kept below as the reference.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { whyNoSuchInstant } from "../../runtime/calendar-text.js";
import { toDate, toDateTime } from "../../runtime/convert.js";
import { rowFromJson } from "../../runtime/json.js";
import { AllTypesV1SchemaVersion } from "../generated/index.js";

// ---- The reference: the code before the change. ----

const REFERENCE_DATE_TEXT = /^(\d{4})-(\d{2})-(\d{2})$/;

function referenceToDate(value: string): unknown {
  const match = REFERENCE_DATE_TEXT.exec(value);
  if (match === null) return value;
  const date = new Date(0);
  date.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return date.toISOString().startsWith(value) ? date : value;
}

/** Year, month, day, hour, minute, second. */
type SixParts = [number, number, number, number, number, number];

const REFERENCE_DATE_TIME_TEXT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z?$/;

function referenceToDateTime(value: string): unknown {
  const match = REFERENCE_DATE_TIME_TEXT.exec(value);
  if (match === null) return value;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as SixParts;
  const milliseconds = Number((match[7] ?? "").padEnd(3, "0"));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, milliseconds);
  const fields = [
    date.getUTCFullYear(),
    date.getUTCMonth() + 1,
    date.getUTCDate(),
    date.getUTCHours(),
    date.getUTCMinutes(),
    date.getUTCSeconds(),
  ];
  return fields.every((f, k) => f === [year, month, day, hour, minute, second][k]) ? date : value;
}

const REFERENCE_JSON_DATE_TEXT = /^([+-]\d{6}|\d{4})-\d{2}-\d{2}$/;
const REFERENCE_JSON_DATE_TIME_TEXT = /^([+-]\d{6}|\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function referenceInstantOf(text: string, json: string): Date | string {
  const date = new Date(text);
  return !Number.isNaN(date.getTime()) && date.toISOString() === text ? date : json;
}

function referenceDateFromJson(json: string): unknown {
  return REFERENCE_JSON_DATE_TEXT.test(json) ? referenceInstantOf(`${json}T00:00:00.000Z`, json) : json;
}

function referenceDateTimeFromJson(json: string): unknown {
  return REFERENCE_JSON_DATE_TIME_TEXT.test(json) ? referenceInstantOf(json, json) : json;
}

const REFERENCE_FORMS = {
  date: /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})$/,
  datetime: /^([+-]\d{6}|\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?Z?$/,
} as const;

/** A month's name in English, as the old code's list of them has it. */
const monthName = (month: number) =>
  new Date(Date.UTC(2000, month - 1)).toLocaleString("en-US", { month: "long", timeZone: "UTC" });

function referenceWhyNoSuchInstant(text: string, type: "date" | "datetime"): string | undefined {
  const match = REFERENCE_FORMS[type].exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match
    .slice(1)
    .map((part) => Number(part ?? 0)) as number[] as SixParts;
  if (month < 1 || month > 12) return `there is no month ${match[2]}`;
  const last = new Date(0);
  last.setUTCFullYear(year, month, 0);
  const days = last.getUTCDate();
  if (day < 1 || day > days) return `${monthName(month)} ${year} has ${days} days`;
  if (hour > 23) return "its hours run from 00 to 23";
  if (minute > 59 || second > 59) return "its minutes and seconds run from 00 to 59";
  return undefined;
}

// ---- The doors. ----

const dateFromJson = (json: string): unknown =>
  rowFromJson<{ day: unknown }>(AllTypesV1SchemaVersion, { day: json }).day;
const dateTimeFromJson = (json: string): unknown =>
  rowFromJson<{ moment: unknown }>(AllTypesV1SchemaVersion, { moment: json }).moment;

/** A door's answer as a `toISOString`, or `refused` for text it leaves as it is for the validator. */
function answer(read: (text: string) => unknown, text: string): string {
  const value = read(text);
  if (value === text) return "refused";
  return value instanceof Date ? value.toISOString() : `unexpected ${String(value)}`;
}

function readsAs(type: string, read: (text: string) => unknown, cases: [text: string, expected: string][]): void {
  test.each(cases)(`reads the ${type} %j as %s`, (text, expected) => {
    expect(answer(read, text)).toBe(expected);
  });
}

describe("the row constructor", () => {
  readsAs("date", toDate, [
    ["0000-01-01", "0000-01-01T00:00:00.000Z"],
    ["0000-02-29", "0000-02-29T00:00:00.000Z"],
    ["0001-01-01", "0001-01-01T00:00:00.000Z"],
    ["0099-12-31", "0099-12-31T00:00:00.000Z"],
    ["0100-01-01", "0100-01-01T00:00:00.000Z"],
    ["2000-02-29", "2000-02-29T00:00:00.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
    ["9999-12-31", "9999-12-31T00:00:00.000Z"],
    ["2023-02-29", "refused"],
    ["1900-02-29", "refused"],
    ["0100-02-29", "refused"],
    ["2024-00-10", "refused"],
    ["2024-13-01", "refused"],
    ["2024-01-00", "refused"],
    ["2024-04-31", "refused"],
    ["+002024-01-01", "refused"],
    ["+010000-01-01", "refused"],
    ["-000001-01-01", "refused"],
    ["2024-1-01", "refused"],
    [" 2024-01-01", "refused"],
    ["2024-01-01 ", "refused"],
    ["2024-01-01\n", "refused"],
    ["2024-01-01T00:00:00", "refused"],
  ]);

  readsAs("datetime", toDateTime, [
    ["0000-01-01T00:00:00", "0000-01-01T00:00:00.000Z"],
    ["0050-06-01T12:34:56.5", "0050-06-01T12:34:56.500Z"],
    ["0099-12-31T23:59:59.999Z", "0099-12-31T23:59:59.999Z"],
    ["2024-02-29T12:00:00.05", "2024-02-29T12:00:00.050Z"],
    ["2024-02-29T12:00:00.005Z", "2024-02-29T12:00:00.005Z"],
    ["2024-05-06T07:08:09Z", "2024-05-06T07:08:09.000Z"],
    ["2024-05-06T07:08:09.000", "2024-05-06T07:08:09.000Z"],
    ["9999-12-31T23:59:59.999", "9999-12-31T23:59:59.999Z"],
    ["2023-02-29T00:00:00", "refused"],
    ["2024-01-01T24:00:00", "refused"],
    ["2024-01-01T23:60:00", "refused"],
    ["2024-01-01T23:59:60", "refused"],
    ["2024-01-01t00:00:00", "refused"],
    ["2024-01-01T00:00:00z", "refused"],
    ["2024-01-01T00:00:00.0000", "refused"],
    ["2024-01-01T00:00:00.", "refused"],
    ["2024-01-01T00:00:00.Z", "refused"],
    ["2024-01-01 00:00:00", "refused"],
    [" 2024-01-01T00:00:00", "refused"],
    ["2024-01-01T00:00:00Z ", "refused"],
    ["2024-01-01T00:00:00+00:00", "refused"],
    ["2024-01-01T00:00", "refused"],
    ["2024-01-01", "refused"],
    ["+010000-01-01T00:00:00.000Z", "refused"],
  ]);
});

describe("JSON, in toISOString's form exactly", () => {
  readsAs("date", dateFromJson, [
    ["0000-01-01", "0000-01-01T00:00:00.000Z"],
    ["0099-02-28", "0099-02-28T00:00:00.000Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
    ["+010000-01-01", "+010000-01-01T00:00:00.000Z"],
    ["-000001-12-31", "-000001-12-31T00:00:00.000Z"],
    ["+275760-09-13", "+275760-09-13T00:00:00.000Z"],
    ["-271821-04-20", "-271821-04-20T00:00:00.000Z"],
    ["2023-02-29", "refused"],
    ["2024-13-01", "refused"],
    ["+002024-01-01", "refused"],
    ["-000000-01-01", "refused"],
    ["+275760-09-14", "refused"],
    ["-271821-04-19", "refused"],
    ["10000-01-01", "refused"],
    [" 2024-01-01", "refused"],
    ["2024-01-01T00:00:00.000Z", "refused"],
  ]);

  readsAs("datetime", dateTimeFromJson, [
    ["0000-01-01T00:00:00.000Z", "0000-01-01T00:00:00.000Z"],
    ["0099-12-31T23:59:59.999Z", "0099-12-31T23:59:59.999Z"],
    ["2024-02-29T23:59:59.999Z", "2024-02-29T23:59:59.999Z"],
    ["+010000-01-01T00:00:00.000Z", "+010000-01-01T00:00:00.000Z"],
    ["-000001-01-01T00:00:00.000Z", "-000001-01-01T00:00:00.000Z"],
    ["+275760-09-13T00:00:00.000Z", "+275760-09-13T00:00:00.000Z"],
    ["-271821-04-20T00:00:00.000Z", "-271821-04-20T00:00:00.000Z"],
    ["+275760-09-13T00:00:00.001Z", "refused"],
    ["-271821-04-19T23:59:59.999Z", "refused"],
    ["2023-02-29T00:00:00.000Z", "refused"],
    ["2024-01-01T24:00:00.000Z", "refused"],
    ["2024-01-01T23:59:60.000Z", "refused"],
    ["+002024-01-01T00:00:00.000Z", "refused"],
    ["-000000-01-01T00:00:00.000Z", "refused"],
    // Julia's forms are the constructor's to read: JSON passes them on as they are.
    ["2024-01-01T00:00:00Z", "refused"],
    ["2024-01-01T00:00:00.5Z", "refused"],
    ["2024-01-01T00:00:00.000", "refused"],
    ["2024-01-01t00:00:00.000z", "refused"],
    ["2024-01-01T00:00:00.000Z ", "refused"],
  ]);
});

describe("a violation", () => {
  test.each([
    ["2026-02-30", "date", "February 2026 has 28 days"],
    ["2024-02-30", "date", "February 2024 has 29 days"],
    ["1900-02-29", "date", "February 1900 has 28 days"],
    ["0000-02-30", "date", "February 0 has 29 days"],
    ["0099-02-29", "date", "February 99 has 28 days"],
    ["-000001-02-29", "date", "February -1 has 28 days"],
    ["2024-01-00", "date", "January 2024 has 31 days"],
    ["2024-13-01", "date", "there is no month 13"],
    ["2024-00-01", "date", "there is no month 00"],
    ["2024-01-01T24:00:00", "datetime", "its hours run from 00 to 23"],
    ["2024-01-01T23:60:00.5Z", "datetime", "its minutes and seconds run from 00 to 59"],
    ["2024-01-01T23:59:60", "datetime", "its minutes and seconds run from 00 to 59"],
    ["+002024-02-30T00:00:00.000Z", "datetime", "February 2024 has 29 days"],
    ["2024-04-31T00:00:00.12", "datetime", "April 2024 has 30 days"],
    ["+300000-02-30", "date", "February 300000 has 29 days"],
    ["+300000-01-01", "date", "it is beyond the days a Date holds, -271821-04-20 to +275760-09-13"],
    ["+275760-12-31", "date", "it is beyond the days a Date holds, -271821-04-20 to +275760-09-13"],
    ["+275760-09-14", "date", "it is beyond the days a Date holds, -271821-04-20 to +275760-09-13"],
    ["-271821-04-19", "date", "it is beyond the days a Date holds, -271821-04-20 to +275760-09-13"],
    [
      "+275760-09-13T00:00:00.001Z",
      "datetime",
      "it is beyond the instants a Date holds, -271821-04-20T00:00:00.000Z to +275760-09-13T00:00:00.000Z",
    ],
    [
      "-271821-04-19T23:59:59.9",
      "datetime",
      "it is beyond the instants a Date holds, -271821-04-20T00:00:00.000Z to +275760-09-13T00:00:00.000Z",
    ],
  ] as const)("says why %j names no %s: %s", (text, type, why) => {
    expect(whyNoSuchInstant(text, type)).toBe(why);
  });

  test.each([
    ["2024-01-01T00:00:00", "datetime"],
    ["+010000-02-29", "date"],
    ["+275760-09-13", "date"],
    ["+275760-09-13T00:00:00.000Z", "datetime"],
    ["-271821-04-20T00:00:00", "datetime"],
    ["2024-02-30", "datetime"],
    ["2024-02-30T00:00:00", "date"],
    ["2024-02-30t00:00:00", "datetime"],
    [" 2024-02-30", "date"],
    ["2024-02-30T00:00:00.0000", "datetime"],
  ] as const)("says nothing of %j as a %s: its parts are in range, or it is not in the form", (text, type) => {
    expect(whyNoSuchInstant(text, type)).toBeUndefined();
  });
});

// ---- Every door against the reference. ----

const digits = (length: number, max = 10 ** length - 1) =>
  fc.integer({ min: 0, max }).map((n) => String(n).padStart(length, "0"));
/** A part of two digits, mostly in range, sometimes just past it, sometimes anything. */
const part = (low: number, high: number) =>
  fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: low, max: high }).map((n) => String(n).padStart(2, "0")) },
    { weight: 2, arbitrary: fc.constantFrom(String(low - 1).padStart(2, "0"), String(high + 1)) },
    { weight: 1, arbitrary: digits(2) },
  );
const year = fc.oneof(
  digits(4),
  fc.constantFrom("0000", "0001", "0099", "0100", "1900", "2000", "2023", "2024", "9999"),
  fc
    .tuple(
      fc.constantFrom("+", "-"),
      fc.oneof(digits(6), fc.constantFrom("000000", "002024", "010000", "275760", "271821")),
    )
    .map(([sign, six]) => sign + six),
);
const dayText = fc.tuple(year, part(1, 12), part(1, 31)).map(([y, m, d]) => `${y}-${m}-${d}`);
const dateTimeText = fc
  .tuple(
    dayText,
    fc.constantFrom("T", "T", "T", "t", " "),
    part(0, 23),
    part(0, 59),
    part(0, 59),
    fc.oneof(
      fc.constant(""),
      fc.integer({ min: 0, max: 4 }).chain((n) => digits(n).map((d) => `.${d}`)),
    ),
    fc.constantFrom("", "Z", "Z", "z", "+00:00", " "),
  )
  .map(([day, t, h, m, s, fraction, zone]) => `${day}${t}${h}:${m}:${s}${fraction}${zone}`);

/**
 * Text whose year the reference's Date could count the days of: beyond it (and only there) a
 * violation now says the text is beyond a Date's range, or counts the days as the calendar does.
 */
const countableYear = (text: string) => Math.abs(Number(/^[+-]?\d+/.exec(text)?.[0])) < 271_821;

/** The same answer: the same instant, or both the text left as it is. */
function sameAnswer(actual: unknown, expected: unknown): boolean {
  return actual instanceof Date && expected instanceof Date
    ? actual.getTime() === expected.getTime()
    : Object.is(actual, expected);
}

test("for text in and near every door's form, each door answers as before", () => {
  fc.assert(
    fc.property(fc.oneof(dayText, dateTimeText), (text) => {
      expect(sameAnswer(toDate(text), referenceToDate(text))).toBe(true);
      expect(sameAnswer(toDateTime(text), referenceToDateTime(text))).toBe(true);
      expect(sameAnswer(dateFromJson(text), referenceDateFromJson(text))).toBe(true);
      expect(sameAnswer(dateTimeFromJson(text), referenceDateTimeFromJson(text))).toBe(true);
      if (!countableYear(text)) return;
      expect(whyNoSuchInstant(text, "date")).toBe(referenceWhyNoSuchInstant(text, "date"));
      expect(whyNoSuchInstant(text, "datetime")).toBe(referenceWhyNoSuchInstant(text, "datetime"));
    }),
    { numRuns: 10_000 },
  );
});

const instant = fc.date({ min: new Date(-8.64e15), max: new Date(8.64e15), noInvalidDate: true });
const fourDigitYears = fc.date({
  min: new Date("0000-01-01T00:00:00.000Z"),
  max: new Date("9999-12-31T23:59:59.999Z"),
  noInvalidDate: true,
});

test("every instant, as the constructor's text and as toISOString, reads back as itself and as before", () => {
  fc.assert(
    fc.property(
      fourDigitYears,
      fc.integer({ min: 0, max: 3 }),
      fc.boolean(),
      instant,
      (moment, fractionDigits, zoned, anyMoment) => {
        const iso = moment.toISOString();
        const day = new Date(Math.floor(moment.getTime() / 86_400_000) * 86_400_000);
        expect(toDate(iso.slice(0, 10))).toEqual(day);
        expect(referenceToDate(iso.slice(0, 10))).toEqual(day);
        // Julia's form: the milliseconds to as many digits as are given, `Z` or not.
        const milliseconds = moment.getUTCMilliseconds();
        const fraction = String(milliseconds).padStart(3, "0").slice(0, fractionDigits);
        const julia = `${iso.slice(0, 19)}${fraction === "" ? "" : `.${fraction}`}${zoned ? "Z" : ""}`;
        const truncated = new Date(moment.getTime() - milliseconds + Number(fraction.padEnd(3, "0")));
        expect(toDateTime(julia)).toEqual(truncated);
        expect(referenceToDateTime(julia)).toEqual(truncated);

        const anyIso = anyMoment.toISOString();
        const anyDay = new Date(Math.floor(anyMoment.getTime() / 86_400_000) * 86_400_000);
        expect(dateTimeFromJson(anyIso)).toEqual(anyMoment);
        expect(referenceDateTimeFromJson(anyIso)).toEqual(anyMoment);
        expect(dateFromJson(anyIso.split("T")[0] as string)).toEqual(anyDay);
        expect(referenceDateFromJson(anyIso.split("T")[0] as string)).toEqual(anyDay);
      },
    ),
    { numRuns: 5_000 },
  );
});
