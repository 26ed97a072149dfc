/**
 * The zones Julia reads (time-zones.ts, `whyJuliaRefusesTimeZone`), as TimeZones.jl's
 * `TimeZone(name)` decides with its default mask: a name its tzdata classes STANDARD or a fixed
 * offset, never a LEGACY name (tzdata's backward and etcetera files) nor an unknown one.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { LEGACY_TIME_ZONES, STANDARD_TIME_ZONES } from "../../../runtime/arrow/julia-time-zones.js";
import { whyJuliaRefusesTimeZone } from "../../../runtime/arrow/time-zones.js";

describe("zones Julia reads", () => {
  test.each([
    "America/Los_Angeles",
    "Europe/Paris",
    "America/New_York",
    "UTC",
    "GMT",
    // UTC's other names, which a write stores as UTC.
    "Etc/UTC",
    "Zulu",
    "Z",
    "+01:00",
    "-05:30",
    "UTC+01:00",
    "UTC-8",
    "+01",
    "+0530",
  ])("%s", (zone) => {
    expect(whyJuliaRefusesTimeZone(zone)).toBeNull();
  });

  test("every offset in Arrow's form (+XX:XX or -XX:XX) is one", () => {
    const twoDigits = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, "0"));
    fc.assert(
      fc.property(fc.constantFrom("+", "-"), twoDigits, twoDigits, (sign, hours, minutes) => {
        expect(whyJuliaRefusesTimeZone(`${sign}${hours}:${minutes}`)).toBeNull();
      }),
    );
  });

  test("what to write instead of each legacy name is a zone Julia reads", () => {
    for (const [name, instead] of LEGACY_TIME_ZONES) {
      expect(STANDARD_TIME_ZONES.has(name), name).toBe(false);
      expect(whyJuliaRefusesTimeZone(instead), `${name} -> ${instead}`).toBeNull();
    }
  });
});

describe("zones Julia refuses, each with what to write instead", () => {
  test.each([
    ["US/Pacific", "America/Los_Angeles"],
    ["Asia/Calcutta", "Asia/Kolkata"],
    // Merged into Europe/Brussels in tzdata 2022b: a link of backward since.
    ["Europe/Amsterdam", "Europe/Brussels"],
    ["EST5EDT", "America/New_York"],
    // POSIX's sign: Etc/GMT+5 is five hours behind UTC.
    ["Etc/GMT+5", "-05:00"],
    ["Etc/GMT-14", "+14:00"],
  ])("the legacy name %s: write %s", (zone, instead) => {
    expect(whyJuliaRefusesTimeZone(zone)).toBe(
      `${JSON.stringify(zone)} is a legacy name (tzdata's backward or etcetera file), which Julia's TimeZones.jl refuses; write ${instead}, the same zone`,
    );
  });

  test.each([
    ["Europe/Pari", " (did you mean Europe/Paris?)"],
    // A legacy name's slip points at the zone to write.
    ["US/Pacifc", " (did you mean America/Los_Angeles?)"],
    ["america/new_york", " (did you mean America/New_York?)"],
    ["+1:00", ""],
    ["Mars/Olympus_Mons", ""],
  ])("the unknown name %s%s", (zone, suggestion) => {
    expect(whyJuliaRefusesTimeZone(zone)).toMatch(
      new RegExp(
        `^"${zone.replace(/[+/]/g, "\\$&")}" is no time zone Julia's TimeZones\\.jl knows \\(tzdata \\d{4}[a-z]\\)${suggestion.replace(/[()?]/g, "\\$&")}; write an IANA zone name such as Europe/Paris or an offset such as \\+01:00$`,
      ),
    );
  });
});
