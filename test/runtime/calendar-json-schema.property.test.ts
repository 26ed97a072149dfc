/**
 * Property: a `date` or `datetime` field's pattern in `jsonSchema`, run as JSON Schema runs it (a
 * `u`-flag RegExp), takes exactly the text `fromJSON` reads as a Date, but for the two rules its
 * `$comment` says the pattern leaves to `fromJSON`: February 29 of a year that is not a leap year,
 * and a day or instant beyond a Date's range. Those rules are computed here by the calendar's
 * arithmetic, not with a Date.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { rowFromJson } from "../../runtime/json.js";
import { AllTypesV1SchemaVersion } from "../generated/index.js";

const FIELDS = { date: "day", datetime: "moment" } as const;
type CalendarType = keyof typeof FIELDS;

interface CalendarSchema {
  readonly pattern: string;
  readonly $comment: string;
}

/** The field's schema in test.all-types@1's, of a `date?` or `datetime?`: its first branch, the other `null`. */
const fieldSchema = (type: CalendarType): CalendarSchema => {
  const { properties } = AllTypesV1SchemaVersion.jsonSchema as {
    properties: Record<string, { anyOf: [CalendarSchema, { type: "null" }] }>;
  };
  return properties[FIELDS[type]]!.anyOf[0];
};

const readsAsDate = (type: CalendarType, text: string): boolean =>
  rowFromJson<Record<string, unknown>>(AllTypesV1SchemaVersion, { [FIELDS[type]]: text })[FIELDS[type]] instanceof Date;

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

/** Days from 1970-01-01 to the day of the proleptic Gregorian calendar (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const MOST_MILLISECONDS = 8.64e15;
const PARTS = /^([+-]?\d+)-(\d\d)-(\d\d)(?:T(\d\d):(\d\d):(\d\d)\.(\d{3})Z)?$/;

/** Text in toISOString's form that a pattern's `$comment` says `fromJSON` refuses. */
function refusedByTheComment(text: string): boolean {
  const parts = PARTS.exec(text);
  if (parts === null) return false;
  const [year, month, day, hour, minute, second, milliseconds] = parts.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month === 2 && day === 29 && !isLeapYear(year)) return true;
  const time = ((hour * 60 + minute) * 60 + second) * 1000 + milliseconds;
  return Math.abs(daysFromCivil(year, month, day) * 86_400_000 + time) > MOST_MILLISECONDS;
}

const two = (low: number, high: number) => fc.integer({ min: low, max: high }).map((n) => String(n).padStart(2, "0"));
const year = fc.oneof(
  fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, "0")),
  fc
    .tuple(fc.constantFrom("+", "-"), fc.integer({ min: 0, max: 999_999 }), fc.boolean())
    // The ends of a Date's range, and the years just past them, now and then.
    .map(([sign, n, nearEnd]) => `${sign}${String(nearEnd ? 271_819 + (n % 4_000) : n).padStart(6, "0")}`),
  fc.constantFrom("+275760", "-271821", "+275761", "-271822", "1900", "2000", "2023", "0000", "-000000", "+009999"),
);
const dayText = fc.tuple(year, two(0, 13), two(0, 32)).map(([y, m, d]) => `${y}-${m}-${d}`);
const dateTimeText = fc
  .tuple(dayText, two(0, 24), two(0, 60), two(0, 60), fc.integer({ min: 0, max: 999 }), fc.constantFrom("Z", "Z", ""))
  .map(([day, h, m, s, ms, z]) => `${day}T${h}:${m}:${s}.${String(ms).padStart(3, "0")}${z}`);
/** Every instant a Date holds, as toISOString writes it. */
const isoText = fc
  .date({ min: new Date(-MOST_MILLISECONDS), max: new Date(MOST_MILLISECONDS), noInvalidDate: true })
  .map((date) => date.toISOString());
/** One character of a text changed, dropped or doubled. */
const nearly = (texts: fc.Arbitrary<string>) =>
  fc
    .tuple(texts, fc.nat(), fc.constantFrom(..."0123456789+-TZ.:tz ", ""), fc.boolean())
    .map(([text, at, character, doubled]) => {
      const k = at % (text.length + 1);
      return text.slice(0, k) + character + (doubled ? text.slice(k) : text.slice(k + 1));
    });
const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom(..."0123456789+-TZ:."), maxLength: 28 }),
  isoText,
  isoText.map((iso) => iso.slice(0, iso.indexOf("T"))),
  dayText,
  dateTimeText,
  nearly(
    fc.oneof(
      isoText,
      isoText.map((iso) => iso.slice(0, iso.indexOf("T"))),
      dayText,
      dateTimeText,
    ),
  ),
);

describe.each(["date", "datetime"] as const)("a %s field", (type) => {
  const { pattern, $comment } = fieldSchema(type);
  const complies = new RegExp(pattern, "u");

  test("its $comment says which rules of fromJSON its pattern leaves unsaid", () => {
    expect($comment).toContain("February 29 of a year that is not a leap year");
    expect($comment).toContain(
      type === "date"
        ? "a day beyond a JavaScript Date's range, -271821-04-20 to +275760-09-13"
        : "an instant beyond a JavaScript Date's range, -271821-04-20T00:00:00.000Z to +275760-09-13T00:00:00.000Z",
    );
  });

  test("its pattern takes what fromJSON reads, and only that, but for the rules its $comment states", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(readsAsDate(type, text), text).toBe(complies.test(text) && !refusedByTheComment(text));
      }),
      { numRuns: 20_000 },
    );
  });

  test("the rules its $comment states, at their edges", () => {
    const day = (text: string) => (type === "date" ? text : `${text}T00:00:00.000Z`);
    for (const text of ["2023-02-29", "1900-02-29", "+275760-09-14", "-271821-04-19", "+999999-12-31"].map(day)) {
      expect([complies.test(text), readsAsDate(type, text)], text).toEqual([true, false]);
    }
    for (const text of ["2024-02-29", "2000-02-29", "0000-02-29", "-000004-02-29", "+275760-09-13", "-271821-04-20"]) {
      expect([complies.test(day(text)), readsAsDate(type, day(text))], text).toEqual([true, true]);
    }
  });
});
