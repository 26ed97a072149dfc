/**
 * runtime/arrow/metadata.ts: the wire contract with Legolas.jl and Arrow.jl. The metadata keys
 * and extension names are exactly the strings Julia writes and reads, and a table written under
 * a new identifier drops the provider keys that described the old one.
 */
import { Field, Schema, Utf8 } from "apache-arrow";
import { describe, expect, test } from "vitest";
import {
  extensionMetadata,
  extensionNameOf,
  recordExtensionName,
  withSchemaIdentifier,
} from "../../../runtime/arrow/metadata.js";
import { PROVIDER_NAME_KEY, PROVIDER_VERSION_KEY, readTableMetadata, SCHEMA_QUALIFIED_KEY } from "legolas-ts";

test("the keys are Legolas.jl's", () => {
  expect([SCHEMA_QUALIFIED_KEY, PROVIDER_NAME_KEY, PROVIDER_VERSION_KEY]).toEqual([
    "legolas_schema_qualified",
    "legolas_julia_schema_provider_name",
    "legolas_julia_schema_provider_version",
  ]);
});

describe("extension types", () => {
  test("a nested record is the Julia type Legolas.jl generates for it", () => {
    expect(recordExtensionName("test.issue-94-child", 1)).toBe("JuliaLang.Legolas.Generated.test.issue-94-child.1");
  });

  test("field metadata holds the extension name and an empty extension metadata, as Arrow.jl writes it", () => {
    const metadata = extensionMetadata("JuliaLang.UUID");
    expect([...metadata]).toEqual([
      ["ARROW:extension:name", "JuliaLang.UUID"],
      ["ARROW:extension:metadata", ""],
    ]);
    expect(extensionNameOf(new Field("id", new Utf8(), true, metadata))).toBe("JuliaLang.UUID");
    expect(extensionNameOf(new Field("id", new Utf8(), true))).toBeNull();
  });
});

describe("table metadata", () => {
  const julia = new Map([
    [SCHEMA_QUALIFIED_KEY, "onda.signal@2>onda.samples-info@2"],
    [PROVIDER_NAME_KEY, "Onda"],
    [PROVIDER_VERSION_KEY, "0.15.0"],
    ["source", "lab 3"],
  ]);

  test("readTableMetadata reads the identifier and provider, null where absent", () => {
    expect(readTableMetadata(new Schema([], julia))).toEqual({
      identifier: "onda.signal@2>onda.samples-info@2",
      providerName: "Onda",
      providerVersion: "0.15.0",
    });
    expect(readTableMetadata(new Schema([]))).toEqual({ identifier: null, providerName: null, providerVersion: null });
  });

  test("withSchemaIdentifier keeps the provider for the same identifier, drops it for another, keeps other entries", () => {
    expect(withSchemaIdentifier(julia, "onda.signal@2>onda.samples-info@2")).toEqual(julia);
    expect(withSchemaIdentifier(julia, "my.signal@1>onda.signal@2>onda.samples-info@2")).toEqual(
      new Map([
        [SCHEMA_QUALIFIED_KEY, "my.signal@1>onda.signal@2>onda.samples-info@2"],
        ["source", "lab 3"],
      ]),
    );
    expect(julia.get(PROVIDER_NAME_KEY)).toBe("Onda");
  });
});
