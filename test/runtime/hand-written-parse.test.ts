/**
 * `parse`, `fromJSON` and `~standard` called on a row class written by hand (a subclass of a
 * generated class, which inherits them, or one given its own by `defineSchemaVersion`) make its
 * rows through its constructor: what the constructor refuses is refused, as `{ ok: false }`,
 * Standard Schema issues or a `RowValidationError`, and a row given is an instance of the
 * subclass. Detached, the generated class's own are unchanged.
 */
import { describe, expect, test } from "vitest";
import type { RowValidationError } from "legolas-ts";
import { defineSchemaVersion } from "../../runtime/schema-version.js";
import { DigitsRowV1, type DigitsRowV1Input, DigitsRowV1SchemaVersion } from "../../generated/digits-model.js";
import { CheckedRow } from "../helpers/checked-row.js";

/** A class written by hand with its own descriptor: `defineSchemaVersion` gives it its own doors. */
class DefinedRow extends DigitsRowV1 {
  constructor(input: DigitsRowV1Input) {
    super(input);
    if (this.accuracy !== null && this.accuracy < 0.1) throw new Error("accuracy below chance");
  }
}
defineSchemaVersion({ ...DigitsRowV1SchemaVersion, name: "test.defined-digits", parent: null, rowClass: DefinedRow });

const refused = (name: string, message: string) => ({
  code: "check_failed",
  path: "",
  expected: `the constructor of ${name} accepts the row`,
  found: `an error: ${message}`,
});

describe("the parsing doors of a hand-written row class run its constructor", () => {
  test("parse and ~standard refuse what it refuses, and give its instances", () => {
    const tooLong = refused("CheckedRow", "epoch past 10: this run never trains that long");
    expect(CheckedRow.parse({ epoch: 30 })).toEqual({ ok: false, violations: [tooLong] });
    // The JSON form too (an int64 as text).
    expect(CheckedRow.parse({ epoch: "30" })).toEqual({ ok: false, violations: [tooLong] });
    const parsed = CheckedRow.parse({ epoch: 3 });
    expect(parsed.ok && parsed.value instanceof CheckedRow && (parsed.value as CheckedRow).made).toBe(true);
    // What the generated walk refuses is refused as before.
    expect(CheckedRow.parse({ epoch: "x" }).ok).toBe(false);

    const standard = CheckedRow["~standard"];
    expect(standard.validate({ epoch: 30 })).toEqual({
      issues: [
        {
          message:
            "check failed: the constructor of CheckedRow accepts the row, found an error: epoch past 10: this run never trains that long",
        },
      ],
    });
    expect((standard.validate({ epoch: 3 }) as { value: unknown }).value).toBeInstanceOf(CheckedRow);
    expect(CheckedRow["~standard"]).toBe(standard);

    const below = refused("DefinedRow", "accuracy below chance");
    expect(DefinedRow.parse({ accuracy: 0.01 })).toEqual({ ok: false, violations: [below] });
    expect(DefinedRow["~standard"].validate({ accuracy: 0.01 })).toHaveProperty("issues");
  });

  test("fromJSON throws its refusal as a RowValidationError and gives its instances", () => {
    let error: RowValidationError | undefined;
    try {
      CheckedRow.fromJSON({ epoch: "30" });
    } catch (thrown) {
      error = thrown as RowValidationError;
    }
    expect([error?.name, error?.violations]).toEqual([
      "RowValidationError",
      [refused("CheckedRow", "epoch past 10: this run never trains that long")],
    ]);
    expect(CheckedRow.fromJSON({ epoch: "3" })).toBeInstanceOf(CheckedRow);
    expect(() => DefinedRow.fromJSON({ accuracy: 0.01 })).toThrow(/accuracy below chance/);
  });

  test("the generated class's doors, detached or not, are unchanged", () => {
    const { parse, fromJSON } = DigitsRowV1;
    for (const result of [parse({ epoch: 30 }), DigitsRowV1.parse({ epoch: 30 })]) {
      expect(result.ok && result.value.constructor).toBe(DigitsRowV1);
    }
    expect(fromJSON({ epoch: "30" }).constructor).toBe(DigitsRowV1);
    expect([{ epoch: 30 }].map(DigitsRowV1.parse)[0]!.ok).toBe(true);
    expect((DigitsRowV1["~standard"].validate({ epoch: 30 }) as { value: unknown }).value).toBeInstanceOf(DigitsRowV1);
  });
});
