/**
 * Text in a date's or a datetime's form that names no day or time (`2026-02-30`,
 * `2026-02-03T24:00:00`). The converters leave such text as it is rather than roll it over into
 * the next day (convert.ts, json.ts), and its violation says which part is out of range, where
 * the forms a date takes would only show the form it already has.
 */

/** `2024-05-06`, or `toISOString`'s date part with a six-digit year. */
const DAY = String.raw`([+-]\d{6}|\d{4})-(\d{2})-(\d{2})`;
/** A time as Julia and `toISOString` write it, its milliseconds and `Z` optional. */
const TIME = String.raw`T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?Z?`;
const FORMS = { date: new RegExp(`^${DAY}$`), datetime: new RegExp(`^${DAY}${TIME}$`) } as const;

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

/**
 * Why `text`, in the form of a `date` or a `datetime`, names none (`February 2026 has 28 days`);
 * `undefined` for text of another form, or whose every part is in range.
 */
export function whyNoSuchInstant(text: string, type: keyof typeof FORMS): string | undefined {
  const match = FORMS[type].exec(text);
  if (match === null) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as number[] as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12) return `there is no month ${match[2]}`;
  // Day 0 of the next month is this month's last (not Date.UTC, which reads years 0-99 as 1900-1999).
  const last = new Date(0);
  last.setUTCFullYear(year, month, 0);
  const days = last.getUTCDate();
  if (day < 1 || day > days) return `${MONTHS[month - 1]} ${year} has ${days} days`;
  if (hour > 23) return "its hours run from 00 to 23";
  if (minute > 59 || second > 59) return "its minutes and seconds run from 00 to 59";
  return undefined;
}
