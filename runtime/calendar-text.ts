/**
 * What a day and a time look like as text, and which instant they name. Each door reads its own
 * form ({@link JULIA_FORMS} for the row constructor, {@link ISO_STRING_FORMS} for JSON), and none
 * rolls text that names no day or time (`2026-02-30`, `2026-02-03T24:00:00`) over into the next
 * day, as `Date`'s setters would: such text is left as it is for the validator, whose violation
 * says which part is out of range ({@link whyNoSuchInstant}), where the forms a date takes would
 * only show the form it already has.
 */

// A door's form holds each part within its range, the day within its month's longest, so that
// its pattern alone, which JSON Schema's export states (json-schema.ts), takes what the door
// reads but February 29 of a year that is not a leap year and what is past a Date's range; it is
// written as JSON Schema's patterns are, `[0-9]` and no lookaround. It captures, in this order:
// the year, the month and day (one part: the day's range depends on the month), and for a time
// the hour, minute, second and the fraction of a second when it is written.
const FOUR_DIGIT_YEAR = "([0-9]{4})";
/** `toISOString`'s year: a sign and six digits beyond 0000-9999, and only there (never -000000). */
const ISO_STRING_YEAR = String.raw`([0-9]{4}|\+0[1-9][0-9]{4}|\+[1-9][0-9]{5}|-(?:0{5}[1-9]|0{4}[1-9][0-9]|0{3}[1-9][0-9]{2}|00[1-9][0-9]{3}|0[1-9][0-9]{4}|[1-9][0-9]{5}))`;
const MONTH_AND_DAY = "-((?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-9])|(?:0[13-9]|1[0-2])-30|(?:0[13578]|1[02])-31)";
const TIME = "T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9])";
/** Julia writes a DateTime's fraction of a second only when it is not zero, and no zone; `toISOString` ends in `Z`. */
const OPTIONAL_FRACTION_AND_Z = String.raw`(?:\.([0-9]{1,3}))?Z?`;
const MILLISECONDS_AND_Z = String.raw`\.([0-9]{3})Z`;

// A violation's form takes any two digits for a part, each captured, to say which is out of range.
const EITHER_YEAR = "([0-9]{4}|[+-][0-9]{6})";
const ANY_MONTH_AND_DAY = "-([0-9]{2})-([0-9]{2})";
const ANY_TIME = "T([0-9]{2}):([0-9]{2}):([0-9]{2})";

const LAST_HOUR = 23;
/** Of a minute, and of a second too: text names no leap second, as neither Julia nor a Date does. */
const LAST_MINUTE = 59;

function whole(...parts: string[]): RegExp {
  return new RegExp(`^${parts.join("")}$`);
}

/** A door's forms of a `date` and a `datetime`, built here, whose groups are the parts above. */
export interface CalendarForms {
  readonly date: RegExp;
  readonly datetime: RegExp;
}

/**
 * The row constructor's: Julia's `string(::Date)` and `string(::DateTime)`, read as UTC (a
 * DateTime has no zone), `Z` allowed: `2024-05-06`, `2024-05-06T07:08:09.123`.
 */
export const JULIA_FORMS: CalendarForms = {
  date: whole(FOUR_DIGIT_YEAR, MONTH_AND_DAY),
  datetime: whole(FOUR_DIGIT_YEAR, MONTH_AND_DAY, TIME, OPTIONAL_FRACTION_AND_Z),
};

/** JSON's: what `toISOString` writes, exactly (a date its part before the `T`). */
export const ISO_STRING_FORMS: CalendarForms = {
  date: whole(ISO_STRING_YEAR, MONTH_AND_DAY),
  datetime: whole(ISO_STRING_YEAR, MONTH_AND_DAY, TIME, MILLISECONDS_AND_Z),
};

/** A violation's: text in either door's form but for the parts' ranges, whichever door it came through. */
const EITHER_FORMS: CalendarForms = {
  date: whole(EITHER_YEAR, ANY_MONTH_AND_DAY),
  datetime: whole(EITHER_YEAR, ANY_MONTH_AND_DAY, ANY_TIME, OPTIONAL_FRACTION_AND_Z),
};

/**
 * Midnight UTC of the day, rolled over as `Date`'s setters roll it (February 29 of 2026 is March
 * 1), an invalid Date beyond a Date's range. Not `Date.UTC`, which reads years 0-99 as 1900-1999.
 */
function utcMidnight(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

/**
 * `date` at the time of its day in `parts` from `first` on: hour, minute, second and the digits
 * of a second (`.5` is 500 milliseconds, `.05` 50); an invalid Date past a Date's range.
 */
function atTimeOfDay(date: Date, parts: RegExpExecArray, first: number): Date {
  const fraction = parts[first + 3];
  const milliseconds = fraction === undefined ? 0 : Number(fraction) * 10 ** (3 - fraction.length);
  date.setUTCHours(Number(parts[first]), Number(parts[first + 1]), Number(parts[first + 2]), milliseconds);
  return date;
}

/** The Date `text` in a door's `form` names; `undefined` for text of another form, or that names no day or instant. */
export function instantOfText(text: string, form: RegExp): Date | undefined {
  const parts = form.exec(text);
  if (parts === null) return undefined;
  const monthAndDay = parts[2] as string;
  const day = Number(monthAndDay.slice(3));
  const date = utcMidnight(Number(parts[1]), Number(monthAndDay.slice(0, 2)), day);
  // The form holds every part in range: only February 29 of a year that is not a leap year rolls
  // over (into March 1), and a day past a Date's range is none.
  if (date.getUTCDate() !== day) return undefined;
  if (parts[3] === undefined) return date;
  // The day is in a Date's range, but this time of it may be past the range's end.
  return Number.isNaN(atTimeOfDay(date, parts, 3).getTime()) ? undefined : date;
}

/** How many of a timestamp's unit make a millisecond, a Date's unit: `null` for seconds, of which a millisecond is a fraction. */
const UNITS_PER_MILLISECOND = { s: null, ms: 1n, us: 1_000n, ns: 1_000_000n } as const;

/** The unit a timestamp counts. */
export type TimestampUnit = keyof typeof UNITS_PER_MILLISECOND;

/** Each unit's name in words, as a refusal says what a timestamp counts ("its count of milliseconds since 1970"). */
export const TIMESTAMP_UNIT_NAMES: Readonly<Record<TimestampUnit, string>> = {
  s: "seconds",
  ms: "milliseconds",
  us: "microseconds",
  ns: "nanoseconds",
};

/**
 * The count of `unit` since 1970 at `milliseconds` (a Date's time value, a safe integer), exactly:
 * a Date given for a timestamp and an instant's text in a refusal count alike; `null` where the
 * unit is seconds and the instant falls within one.
 */
export function timestampCount(milliseconds: number, unit: TimestampUnit): bigint | null {
  const scale = UNITS_PER_MILLISECOND[unit];
  if (scale !== null) return BigInt(milliseconds) * scale;
  return milliseconds % 1000 === 0 ? BigInt(milliseconds / 1000) : null;
}

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

const FIRST_INSTANT = new Date(-8.64e15).toISOString();
const LAST_INSTANT = new Date(8.64e15).toISOString();
const dayOf = (instant: string) => instant.slice(0, instant.indexOf("T"));
/** The ends of a Date's range, 8.64e15 ms either side of 1970 (ECMAScript's time values), as `toISOString` writes them. */
export const DATE_RANGE = {
  first: FIRST_INSTANT,
  last: LAST_INSTANT,
  firstDay: dayOf(FIRST_INSTANT),
  lastDay: dayOf(LAST_INSTANT),
} as const;

/** The days of a month of the proleptic Gregorian calendar, as Julia and a Date count them, in any year (a Date holds none beyond its range). */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return leap ? 29 : 28;
}

/**
 * Why `text`, in the form of a `date` or a `datetime`, names none (`February 2026 has 28 days`,
 * or a day beyond a Date's range); `undefined` for text of another form, or that names one.
 */
export function whyNoSuchInstant(text: string, type: keyof CalendarForms): string | undefined {
  const parts = EITHER_FORMS[type].exec(text);
  if (parts === null) return undefined;
  const year = Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  if (month < 1 || month > 12) return `there is no month ${parts[2]}`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) return `${MONTHS[month - 1]} ${year} has ${days} days`;
  if (Number(parts[4] ?? 0) > LAST_HOUR) return `its hours run from 00 to ${LAST_HOUR}`;
  if (Number(parts[5] ?? 0) > LAST_MINUTE || Number(parts[6] ?? 0) > LAST_MINUTE)
    return `its minutes and seconds run from 00 to ${LAST_MINUTE}`;
  // Every part is in range: the text names a day or instant, unless it is beyond a Date's.
  const instant = utcMidnight(year, month, day);
  if (!Number.isNaN((parts[4] === undefined ? instant : atTimeOfDay(instant, parts, 4)).getTime())) return undefined;
  return type === "date"
    ? `it is beyond the days a Date holds, ${DATE_RANGE.firstDay} to ${DATE_RANGE.lastDay}`
    : `it is beyond the instants a Date holds, ${DATE_RANGE.first} to ${DATE_RANGE.last}`;
}
