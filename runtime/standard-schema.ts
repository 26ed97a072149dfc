/**
 * Standard Schema v1 (https://standardschema.dev): every generated row class carries
 * `static "~standard"`, so tRPC, Hono, TanStack Form and any other consumer of the spec accept
 * it as a validator. The interfaces below are the spec's, written out as the spec invites, so
 * the runtime needs no dependency; test/runtime/standard-schema.test.ts checks them against
 * `@standard-schema/spec`.
 */
import { propertyKey } from "./field-names.js";
import { parseRow, type ParsableRowClass } from "./parse-row.js";
import { violationMessage, type Violation } from "./violations.js";

export const STANDARD_SCHEMA_VENDOR = "legolas-ts";

/** A key of an issue's path: a field name, or a list index as a number. */
export type StandardPathSegment = PropertyKey | { readonly key: PropertyKey };

export interface StandardIssue {
  readonly message: string;
  readonly path?: readonly StandardPathSegment[] | undefined;
}

export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: readonly StandardIssue[] };

/** The `~standard` property of a generated row class: `StandardSchemaV1.Props<Input, Row>`. */
export interface StandardSchemaProps<Input, Output> {
  readonly version: 1;
  readonly vendor: string;
  readonly validate: (
    value: unknown,
    options?: { readonly libraryOptions?: Record<string, unknown> | undefined } | undefined,
  ) => StandardResult<Output>;
  /** Present only in types, for inference (`StandardSchemaV1.InferOutput<typeof X>`). */
  readonly types?: { readonly input: Input; readonly output: Output } | undefined;
}

/** The `~standard` properties of `rowClass`: its `validate` converts, checks and returns the row. */
export function standardSchema<Input, Row extends object>(
  rowClass: ParsableRowClass<Row>,
): StandardSchemaProps<Input, Row> {
  return {
    version: 1,
    vendor: STANDARD_SCHEMA_VENDOR,
    validate: (value) => {
      const result = parseRow(rowClass, value);
      return result.ok ? { value: result.value } : { issues: result.violations.map(standardIssue) };
    },
  };
}

function standardIssue(violation: Violation): StandardIssue {
  const path = pathSegments(violation.path);
  return path.length === 0 ? { message: violationMessage(violation) } : { message: violationMessage(violation), path };
}

const PATH_SEGMENT = /([^.[\]]+)|\[(\d+)\]/gu;

/**
 * A violation's path of field names (`config.rate`, `channels[3].name`) as the keys of the value
 * that hold them: `["config", "rate"]`, `["channels", 3, "name"]`, and `["toString$"]` for a
 * field named `toString`, which the input form and the JSON form alike hold under its property
 * (field-names.ts). Sound because field names are Julia identifiers, which never contain `.`,
 * `[` or `]`.
 */
export function pathSegments(path: string): (string | number)[] {
  return [...path.matchAll(PATH_SEGMENT)].map((match) =>
    match[2] === undefined ? propertyKey(match[1]!) : Number(match[2]),
  );
}
