/**
 * The registered descriptor of a version: `export const XV1SchemaVersion = defineSchemaVersion(...)`
 * with its name, parent, fields as data, row checks as text, and the generated functions the
 * runtime runs (`validateFields`, `checkRow`) beside the row class.
 */
import type { DeclaredFieldDescriptor, RecordName } from "legolas-ts/internal/field-types";
import type { ResolvedVersion } from "../resolve/ir.js";
import { ownFields, type SchemaEmitContext } from "./context.js";
import { indent } from "./printer.js";
import { literal } from "./syntax.js";
import { automatonTextConstant } from "./validator.js";

export function descriptor(version: ResolvedVersion, context: SchemaEmitContext): string {
  const { file, references, constants } = context;
  const { names } = version;
  const parent = version.parent === null ? "null" : references.name(version.parent, "schemaVersion");
  // `fields`: what each check reads, which a read of some columns reads too (absent: any field).
  const checks = version.checks.map((check) => ({
    check: check.expression,
    message: check.message,
    ...(check.fields === null ? {} : { fields: check.fields }),
  }));
  // A record by its type; a pattern's automaton text by the constant its matcher reads too.
  const print = (value: unknown) =>
    isRecordName(value)
      ? references.recordType(value)
      : typeof value === "string"
        ? automatonTextConstant(constants, value)
        : undefined;
  const properties = [
    `name: ${literal(version.name)},`,
    `version: ${version.version},`,
    `parent: ${parent},`,
    ...(version.doc === undefined ? [] : [`doc: ${literal(version.doc)},`]),
    "fields: [",
    // Its own fields: the runtime puts the parent's around them.
    ...indent(ownFields(version).map(({ descriptor }) => `${literal(declaration(descriptor), print)},`)),
    "],",
    ...(checks.length === 0 ? [] : [`checks: ${literal(checks)},`]),
    `validateFields: ${names.validate},`,
    // Compiled once here, so that columnar validation can run the checks on a row view.
    ...(version.hasChecks ? [`checkRow: ${names.check},`] : []),
    `rowClass: ${names.rowClass},`,
  ];
  // Type arguments given, not inferred from the literal: the same type, for less of the user's type-check.
  const typeArguments = `<${names.rowClass}, ${names.input}>`;
  return [
    `/** The descriptor of \`${version.identifier}\`; importing this module registers it. */`,
    `export const ${names.schemaVersion}: ${file.runtime("SchemaVersion")}${typeArguments} = ${file.runtime("defineSchemaVersion")}${typeArguments}({`,
    ...indent(properties),
    "});",
  ].join("\n");
}

/** A field type naming a nested record: in a field descriptor, the only object whose `kind` is `"record"`. */
function isRecordName(value: unknown): value is RecordName {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "record";
}

/** A field as the descriptor declares it: `optional` and `constraints` only when they say something. */
function declaration({ optional, constraints, ...field }: DeclaredFieldDescriptor): object {
  const { name, type, ...rest } = field;
  return {
    name,
    type,
    ...(optional ? { optional } : {}),
    ...(Object.keys(constraints).length === 0 ? {} : { constraints }),
    ...rest,
  };
}
