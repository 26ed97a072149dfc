/**
 * runtime/registry.ts: the process-wide registry of schema versions. Registering the same
 * declaration twice is harmless (a generated module imported twice, or by two package copies),
 * and the last registered is the one found, as is one that differs only in its fields' docs; a
 * different declaration under the same name is a `SchemaVersionConflictError`; lookups take plain
 * or fully qualified identifiers.
 */
import { describe, expect, test, vi } from "vitest";
import { defineSchemaVersion } from "../../runtime/schema-version.js";
import {
  findSchemaVersion,
  readTableBytes,
  registeredSchemaVersions,
  writeTableBytes,
  type FieldType,
  type RowClass,
} from "legolas-ts";
import { registerSchemaVersion } from "../../runtime/registry.js";
import type {
  CheckDescriptor,
  FieldDeclaration,
  SchemaVersionDeclaration,
} from "../../runtime/schema-version-types.js";

/** A row class that accepts everything: these tests are about the registry, not rows. */
const AnyRow = { validate: () => [], is: () => true };

const declaration = (name: string, type: FieldType = { kind: "string" }): SchemaVersionDeclaration<object, never> => ({
  name,
  version: 1,
  parent: null,
  fields: [{ name: "id", type, optional: false, constraints: {} }],
  checks: [],
  rowClass: AnyRow as unknown as RowClass,
});

describe("registerSchemaVersion", () => {
  test("an identical declaration registers again without complaint, replacing the first, and is found by either identifier", () => {
    const first = defineSchemaVersion(declaration("test.registry-same"));
    const again = { ...first };
    expect(() => registerSchemaVersion(again)).not.toThrow();
    expect(findSchemaVersion("test.registry-same@1")).toBe(again);
    expect(findSchemaVersion("test.registry-same@1>legolas-flux.model@1")).toBe(again);
    expect(findSchemaVersion("test.registry-same@2")).toBeUndefined();
  });

  test("a different declaration under a registered name is a SchemaVersionConflictError that says how to fix it", () => {
    defineSchemaVersion(declaration("test.registry-conflict"));
    const other = declaration("test.registry-conflict", { kind: "int", bits: 64, signed: true });
    expect(() => defineSchemaVersion(other)).toThrow(
      expect.objectContaining({
        name: "SchemaVersionConflictError",
        code: "schema_version_conflict",
        identifier: "test.registry-conflict@1",
        message: expect.stringContaining("regenerate both from the same YAML"),
      }),
    );
    expect(findSchemaVersion("test.registry-conflict@1")?.fields[0]?.type).toEqual({ kind: "string" });
  });

  describe("a field's doc is no part of the contract: a hot reload after editing only docs replaces the version", () => {
    // A field at the top and one inside a struct, each with a doc.
    const documented = (
      name: string,
      docs: string,
      change: Partial<FieldDeclaration> = {},
    ): SchemaVersionDeclaration<object, never> => ({
      ...declaration(name),
      fields: [
        {
          name: "id",
          type: { kind: "string" },
          optional: false,
          constraints: { pattern: "^[a-z]+$" },
          doc: `the id ${docs}`,
          ...change,
        },
        {
          name: "origin",
          type: {
            kind: "struct",
            fields: [
              { name: "x", type: { kind: "float", bits: 64 }, optional: false, constraints: {}, doc: `x ${docs}` },
            ],
          },
          optional: true,
          constraints: {},
          doc: `where ${docs}`,
        },
      ],
      checks: [{ check: "row.id !== ''", message: "id must not be empty" }],
    });

    test("docs edited at every depth register in place of the first, whose docs are gone", () => {
      defineSchemaVersion(documented("test.registry-docs", "before"));
      const reloaded = defineSchemaVersion(documented("test.registry-docs", "after"));
      expect(findSchemaVersion("test.registry-docs@1")).toBe(reloaded);
      expect(reloaded.fields.map((f) => f.doc)).toEqual(["the id after", "where after"]);
      // A doc added where there was none, or taken away, is a doc-only edit too.
      const undocumented = defineSchemaVersion(documented("test.registry-docs", "", { doc: undefined }));
      expect(findSchemaVersion("test.registry-docs@1")).toBe(undocumented);
    });

    test.each<[string, Partial<FieldDeclaration> | { checks: CheckDescriptor[] }]>([
      ["a type", { type: { kind: "symbol" } }],
      ["optional", { optional: true }],
      ["a constraint", { constraints: { pattern: "^[a-z]*$" } }],
      ["a default", { default: "a" }],
      ["a check's message", { checks: [{ check: "row.id !== ''", message: "id is empty" }] }],
    ])("with its doc edited too, %s changed is still a conflict, and the first stays registered", (what, change) => {
      const name = `test.registry-docs-${what.replaceAll(/[^a-z]/g, "-")}`;
      const first = defineSchemaVersion(documented(name, "before"));
      const changed =
        "checks" in change
          ? { ...documented(name, "after"), checks: change.checks }
          : documented(name, "after", change);
      expect(() => defineSchemaVersion(changed)).toThrow(expect.objectContaining({ code: "schema_version_conflict" }));
      expect(findSchemaVersion(`${name}@1`)).toBe(first);
    });
  });

  test("a malformed identifier is an IdentifierError, not a miss", () => {
    expect(() => findSchemaVersion("Not An Identifier")).toThrow(
      expect.objectContaining({ code: "invalid_identifier" }),
    );
  });

  test("registeredSchemaVersions lists every registration once, sorted by name@version", () => {
    defineSchemaVersion(declaration("test.registry-b"));
    defineSchemaVersion(declaration("test.registry-a"));
    const names = registeredSchemaVersions().map((s) => `${s.name}@${s.version}`);
    expect(names).toEqual([...names].sort());
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(["test.registry-a@1", "test.registry-b@1"]));
  });

  test("of two copies of a generated module, both imported, the readers find the copy imported last; { schemaVersion } reads as the one passed", async () => {
    // A copy of generated/ (src/generated/ beside it), or a module that hot reload evaluates again.
    const copy = (tag: string): Promise<typeof import("../../generated/digits-model.js")> =>
      import(/* @vite-ignore */ `../../generated/digits-model.js?${tag}`);
    const first = await copy("first");
    const second = await copy("second");
    expect(second.DigitsRowV1).not.toBe(first.DigitsRowV1);
    expect(findSchemaVersion("digits-model@1")).toBe(second.DigitsRowV1SchemaVersion);

    const bytes = writeTableBytes([{ epoch: 1n, accuracy: 0.5 }], first.DigitsRowV1SchemaVersion);
    const [row] = readTableBytes(bytes).rows;
    expect(row).toBeInstanceOf(second.DigitsRowV1);
    expect(first.DigitsRowV1.is(row)).toBe(true); // is() checks the fields, whatever the class
    const [asFirst] = readTableBytes(bytes, { schemaVersion: first.DigitsRowV1SchemaVersion }).rows;
    expect(asFirst).toBeInstanceOf(first.DigitsRowV1);
  });

  test("a second copy of the runtime module shares the registry", async () => {
    const mine = defineSchemaVersion(declaration("test.registry-shared"));
    vi.resetModules();
    const copy = await import("../../runtime/registry.js");
    expect(copy.findSchemaVersion).not.toBe(findSchemaVersion);
    expect(copy.findSchemaVersion("test.registry-shared@1")).toBe(mine);
  });
});
