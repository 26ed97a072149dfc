/**
 * What a day and a time look like as text, and which instant they name. Each door reads its own
 * form ({@link JULIA_FORMS} for the row constructor, {@link ISO_STRING_FORMS} for JSON), and none
 * rolls text that names no day or time (`2026-02-30`, `2026-02-03T24:00:00`) over into the next
 * day, as `Date`'s setters would: such text is left as it is for the validator, whose violation
 * says which part is out of range ({@link whyNoSuchInstant}), where the forms a date takes would
 * only show the form it already has.
 */

// Every form captures, in this order: year, month, day, and for a time hour, minute, second and
// the fraction of a second when it is written.
const FOUR_DIGIT_YEAR = String.raw`(\d{4})`;
/** `toISOString`'s year: a sign and six digits beyond 0000-9999, and only there. */
const ISO_STRING_YEAR = String.raw`(\d{4}|\+(?!00)\d{6}|-(?!0{6})\d{6})`;
const EITHER_YEAR = String.raw`(\d{4}|[+-]\d{6})`;
const MONTH_AND_DAY = String.raw`-(\d{2})-(\d{2})`;
const TIME = String.raw`T(\d{2}):(\d{2}):(\d{2})`;
/** Julia writes a DateTime's fraction of a second only when it is not zero, and no zone; `toISOString` ends in `Z`. */
const OPTIONAL_FRACTION_AND_Z = String.raw`(?:\.(\d{1,3}))?Z?`;
const MILLISECONDS_AND_Z = String.raw`\.(\d{3})Z`;

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

/** A violation's: text in either door's form, whichever door it came through. */
const EITHER_FORMS: CalendarForms = {
  date: whole(EITHER_YEAR, MONTH_AND_DAY),
  datetime: whole(EITHER_YEAR, MONTH_AND_DAY, TIME, OPTIONAL_FRACTION_AND_Z),
};

/**
 * Midnight UTC of the day, rolled over as `Date`'s setters roll it (February 30 is in March), an
 * invalid Date beyond a Date's range. Not `Date.UTC`, which reads years 0-99 as 1900-1999.
 */
function utcMidnight(year: number, month: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

/** The Date `text` in `form` names; `undefined` for text of another form, or that names no day or instant. */
export function instantOfText(text: string, form: RegExp): Date | undefined {
  const parts = form.exec(text);
  if (parts === null) return undefined;
  const year = Number(parts[1]);
  const month = Number(parts[2]);
  const day = Number(parts[3]);
  const date = utcMidnight(year, month, day);
  // The setters rolled the text's day over into another (February 30 into March), or it is past a Date's range.
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1 || date.getUTCFullYear() !== year) return undefined;
  if (parts[4] === undefined) return date;
  const hour = Number(parts[4]);
  const minute = Number(parts[5]);
  const second = Number(parts[6]);
  if (hour > LAST_HOUR || minute > LAST_MINUTE || second > LAST_MINUTE) return undefined;
  const fraction = parts[7];
  // Digits of a second: `.5` is 500 milliseconds, `.05` 50.
  date.setUTCHours(hour, minute, second, fraction === undefined ? 0 : Number(fraction) * 10 ** (3 - fraction.length));
  // The day is in a Date's range, but this time of it is past the range's end.
  return Number.isNaN(date.getTime()) ? undefined : date;
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

/** The ends of a Date's range, 8.64e15 ms either side of 1970 (ECMAScript's time values). */
const FIRST_INSTANT = new Date(-8.64e15).toISOString();
const LAST_INSTANT = new Date(8.64e15).toISOString();
const dayOf = (instant: string) => instant.slice(0, instant.indexOf("T"));

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
  if (instantOfText(text, EITHER_FORMS[type]) !== undefined) return undefined;
  return type === "date"
    ? `it is beyond the days a Date holds, ${dayOf(FIRST_INSTANT)} to ${dayOf(LAST_INSTANT)}`
    : `it is beyond the instants a Date holds, ${FIRST_INSTANT} to ${LAST_INSTANT}`;
}
