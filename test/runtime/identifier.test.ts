/**
 * runtime/identifier.ts: Legolas.jl's `name@version` and qualified `child@1>parent@2`
 * identifiers. Any valid chain survives format -> parse unchanged; every malformed one is an
 * `IdentifierError` (code `invalid_identifier`) that quotes the identifier and says what to fix.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { formatIdentifier, formatSchemaVersionName, parseIdentifier } from "legolas-ts";
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
    // The version is after the last "@": a name can never hold one, so this one is refused for its name.
    expect(() => parseIdentifier("a@b@1")).toThrow('schema name "a@b" may only contain');
  });

  test.each([
    ["", "it is empty"],
    ["digits-model", '"digits-model" has no "@version"; write it as name@version'],
    ["Digits@1", 'schema name "Digits" may only contain lower-case letters, digits, "." and "-"'],
    ["@1", 'schema name "" may only contain'],
    ["a@", 'version "" is not a non-negative integer'],
    ["a@-1", 'version "-1" is not a non-negative integer'],
    ["a@01", 'version "01" is not a non-negative integer'],
    ["a@1.5", 'version "1.5" is not a non-negative integer'],
    ["a@1e3", 'version "1e3" is not a non-negative integer'],
    ["a@99999999999999999999", 'version "99999999999999999999" is not a non-negative integer'],
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
