/**
 * Every error legolas-ts (and its tfjs bridge) exports carries a `code` that callers (and the CLI) branch on instead of
 * `instanceof`. The codes are part of the public contract: this list pins them, so a renamed or
 * reused code, or an exported error class without one, fails here first; so does a class that
 * docs/reliability.md's table of codes, where users look them up, leaves out.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";
import * as legolas from "legolas-ts";
import * as bridge from "legolas-ts/tfjs";
import { LegolasError } from "../../runtime/errors.js";

const STABLE_CODES: Readonly<Record<string, string>> = {
  AnyColumnError: "any_column_unwritable",
  ArchitectureVersionMismatchError: "architecture_version_mismatch",
  ColumnTooLargeError: "column_too_large",
  CompressionUnavailableError: "compression_unavailable",
  CorruptTableError: "corrupt_table",
  DetachedWeightsError: "weights_detached",
  DisposedModelError: "model_disposed",
  ExtraKeyError: "extra_key",
  UnstorableValueError: "unstorable_value",
  UnrepresentableValueError: "value_unrepresentable",
  FileAccessError: "file_access_failed",
  FileChangedError: "file_changed",
  FluxConversionError: "flux_conversion",
  IdentifierError: "invalid_identifier",
  JuliaUnreadableWeightsError: "weights_julia_unreadable",
  InvalidOptionError: "invalid_option",
  MissingSchemaMetadataError: "schema_metadata_missing",
  ModelRowError: "model_row_invalid",
  ModelRowHandlerError: "model_row_handler_misuse",
  NotArrowFileError: "not_arrow_file",
  RowValidationError: "row_invalid",
  RowsConsumedError: "rows_consumed",
  SchemaVersionConflictError: "schema_version_conflict",
  SchemaVersionMismatchError: "schema_version_mismatch",
  SourceListError: "source_list_invalid",
  SourceReadError: "source_unreadable",
  StreamRandomAccessError: "stream_random_access",
  TableFileClosedError: "table_file_closed",
  TableSchemaError: "table_schema_invalid",
  UnknownColumnError: "column_unknown",
  UnknownOptionError: "unknown_option",
  UnknownSchemaVersionError: "unknown_schema_version",
  UnreadFieldsError: "fields_not_read",
  UnsupportedCompressionError: "compression_unsupported",
  UnsupportedWeightDtypeError: "weight_dtype_unsupported",
  WeightsElementTypeError: "weights_element_type",
  WeightsLayoutError: "weights_layout",
  WeightsMismatchError: "weights_mismatch",
};

/** Constructor arguments for the classes whose message needs more than placeholder text. */
const ARGUMENTS: Readonly<Record<string, readonly unknown[]>> = {
  ColumnTooLargeError: ["text", "bytes", 2 ** 31, 10, 2 ** 30],
  DisposedModelError: ["load", 0, "dense", "dense/kernel"],
  ExtraKeyError: ["note", "x@1", "reason"],
  JuliaUnreadableWeightsError: ["x@1", 0, "weights", "no_arrays"],
  RowsConsumedError: ["iterator"],
  SourceListError: [],
  UnreadFieldsError: ["x@1", ["note"], 3],
  AnyColumnError: ["c", "reason"],
  UnknownColumnError: [["epoch"], ["weights", "accuracy"], "source"],
  UnknownOptionError: ["schemaVerison", ["schemaVersion"]],
  WeightsLayoutError: ["flux", "tfjs", "source"],
};

type ErrorClass = new (...args: unknown[]) => LegolasError;

const isErrorClass = (value: unknown): value is ErrorClass =>
  typeof value === "function" && value.prototype instanceof LegolasError;
const exportedErrors = Object.entries({ ...legolas, ...bridge } as Record<string, unknown>).filter(
  (entry): entry is [string, ErrorClass] => isErrorClass(entry[1]),
);

test("the package exports exactly the error classes whose codes are pinned", () => {
  expect(exportedErrors.map(([name]) => name).sort()).toEqual(Object.keys(STABLE_CODES).sort());
});

test.each(exportedErrors)("%s keeps its stable code and names itself", (name, ErrorClass) => {
  const error = new ErrorClass(...(ARGUMENTS[name] ?? ["reason", [], "source"]));
  expect(error.code).toBe(STABLE_CODES[name]);
  expect(error.name).toBe(name);
  expect(error.code).toMatch(/^[a-z][a-z0-9_]*$/);
});

test("no two error classes share a code", () => {
  const codes = Object.values(STABLE_CODES);
  expect(new Set(codes).size).toBe(codes.length);
});

test("docs/reliability.md's table of codes lists every exported error, with its code and its entry", () => {
  const page = readFileSync(join(import.meta.dirname, "../../docs/reliability.md"), "utf8");
  const listed = [...page.matchAll(/^\| `([a-z_]+)` \| `(\w+)` \| .* \| `(legolas-ts[\w/-]*)` \|$/gm)]
    .filter(([, , , entry]) => entry !== "legolas-ts-cli")
    .map(([, code, name, entry]) => `${name} ${code} ${entry}`);
  const exported = exportedErrors.map(
    ([name]) => `${name} ${STABLE_CODES[name]} ${name in legolas ? "legolas-ts" : "legolas-ts/tfjs"}`,
  );
  expect(listed.sort()).toEqual(exported.sort());
});
