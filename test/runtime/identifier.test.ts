/**
 * runtime/identifier.ts: Legolas.jl's `name@version` and qualified `child@1>parent@2`
 * identifiers. Any valid chain survives format -> parse unchanged; what Legolas.jl's
 * `parse_identifier` reads (links `strip`ped, versions as Julia's `tryparse(Int)` reads them)
 * reads the same; every malformed one is an `IdentifierError` (code `invalid_identifier`) that
 * quotes the identifier and says what to fix.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { findSchemaVersion, formatIdentifier, formatSchemaVersionName, parseIdentifier } from "legolas-ts";
import { isValidSchemaName, isValidSchemaVersion } from "../../runtime/identifier.js";

const schemaName = fc.stringMatching(/^[a-z0-9.-]{1,12}$/);
const link = fc.record({ name: schemaName, version: fc.nat() });

describe("parseIdentifier and formatIdentifier", () => {
  test("a chain of valid links round-trips, child first", () => {
    fc.assert(
      fc.property(fc.array(link, { minLength: 1, maxLength: 5 }), (links) => {
        expect(parseIdentifier(formatIdentifier(links))).toEqual(links);
      }),
    );
  });

  test("reads Legolas.jl's qualified identifiers", () => {
    expect(parseIdentifier("digits-model@1>legolas-flux.model@1")).toEqual([
      { name: "digits-model", version: 1 },
      { name: "legolas-flux.model", version: 1 },
    ]);
    expect(formatSchemaVersionName({ name: "onda.signal", version: 2 })).toBe("onda.signal@2");
    expect(() => parseIdentifier("a@b@1")).toThrow('"a@b@1" has more than one "@"');
  });

  test.each([
    // The form of Legolas.jl's own docstring, and whitespace Julia's `strip` removes (U+00A0, U+3000 included).
    ["a@1 > b@2", "a@1>b@2"],
    [" a@1\t>\nb@2 ", "a@1>b@2"],
    ["\u00a0a@1\u3000", "a@1"],
    // Versions as Julia's tryparse(Int, v): leading zeros, spaces inside the link after "@", a "+", 0x/0o/0b.
    ["a@01>b@007", "a@1>b@7"],
    ["a@ 1 ", "a@1"],
    ["a@+2", "a@2"],
    ["a@- 0", "a@0"],
    ["a@0x1f", "a@31"],
    ["a@0o17", "a@15"],
    ["a@0b101", "a@5"],
    ["a@9007199254740991", "a@9007199254740991"],
  ])("%j reads as Legolas.jl reads it, and is written %j", (identifier, canonical) => {
    expect(formatIdentifier(parseIdentifier(identifier))).toBe(canonical);
  });

  test.each([
    ["", "it is empty"],
    ["digits-model", '"digits-model" has no "@version"; write it as name@version'],
    ["Digits@1", 'schema name "Digits" may only contain lower-case letters, digits, "." and "-"'],
    ["@1", 'schema name "" may only contain'],
    ["a@", 'version "" is not a non-negative integer'],
    ["a@-1", 'version "-1" is not a non-negative integer'],
    ["a@1.5", 'version "1.5" is not a non-negative integer'],
    ["a@1e3", 'version "1e3" is not a non-negative integer'],
    ["a@1 2", 'version "1 2" is not a non-negative integer'],
    ["a@0X1", 'version "0X1" is not a non-negative integer'],
    ["a@0b2", 'version "0b2" is not a non-negative integer'],
    ["a @1", 'schema name "a " may only contain'],
    // Legolas.jl drops such a link and reads the rest (b@1): refused here, as it would misname the table.
    ["a@x>b@1", 'version "x" is not a non-negative integer'],
    ["a@99999999999999999999", 'version "99999999999999999999" is not a non-negative integer'],
    ["a@9007199254740992", 'version "9007199254740992" is larger than 9007199254740991'],
    ["a@1>", '"" has no "@version"'],
    ["a@1>>b@2", '"" has no "@version"'],
  ])("%j is an IdentifierError: %s", (identifier, reason) => {
    let thrown: unknown;
    try {
      parseIdentifier(identifier);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ name: "IdentifierError", code: "invalid_identifier", identifier });
    expect((thrown as Error).message).toContain(`invalid schema identifier ${JSON.stringify(identifier)}: ${reason}`);
  });

  test("long runs of spaces, as a hostile file's metadata may hold, are read in one pass", () => {
    // 300,000 spaces, which the regular expressions of strip and tryparse took minutes over (40,000: 3.5 s).
    const spaces = " ".repeat(300_000);
    expect(parseIdentifier(`${spaces}a@1${spaces}>b@${spaces}+${spaces}2${spaces}`)).toEqual([
      { name: "a", version: 1 },
      { name: "b", version: 2 },
    ]);
    for (const identifier of [`a@1${spaces}x`, `a@${spaces}!`, `a@+${spaces}!`])
      expect(() => parseIdentifier(identifier)).toThrow(expect.objectContaining({ name: "IdentifierError" }));
  });

  test("no text, such as the metadata.get() of a table without legolas_schema_qualified, is a TypeError saying what to pass", () => {
    const refusal = new TypeError('the identifier given is undefined: pass text such as "digits-model@1"');
    expect(() => parseIdentifier(undefined as never)).toThrow(refusal);
    expect(() => findSchemaVersion(undefined as never)).toThrow(refusal);
  });
});

describe("names and versions", () => {
  test("a schema name is lower-case letters, digits, '.' and '-'", () => {
    expect(["legolas-flux.model", "a", "0.1-x"].filter(isValidSchemaName)).toHaveLength(3);
    expect(["", "A", "a_b", "a b", "a@b", "é", "a>b"].filter(isValidSchemaName)).toEqual([]);
  });

  test("a version is a non-negative safe integer", () => {
    expect([0, 1, Number.MAX_SAFE_INTEGER].every(isValidSchemaVersion)).toBe(true);
    expect(
      [-1, 1.5, Number.MAX_SAFE_INTEGER + 1, Number.NaN, Number.POSITIVE_INFINITY].some(isValidSchemaVersion),
    ).toBe(false);
  });
});
