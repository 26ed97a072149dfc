/**
 * The row class of a version: its fields (declared by the interface of the same name), a
 * constructor that converts `input` into the new row and validates it, `convert` (straight-line),
 * `validate` and `is` (each one runtime call over the module's walk), Standard Schema's
 * `~standard`, and `~generated`, which tells the runtime that the constructor is the generated
 * one (runtime/row-class-descriptors.ts). The doors every version shares (`parse`, `fromJSON`,
 * `toJSON`) come from the runtime's `LegolasRow`, the class's base, which also declares the
 * generated statics with their docs: editors show those for each class's own, so the class
 * repeats none.
 */
import { type DeclaredFieldDescriptor, sameFieldType } from "legolas-ts/internal/field-types";
import { DECLARED_CLASS_NAME, GENERATED_ROW_CLASS } from "legolas-ts/internal/row-class-descriptors";
import type { ResolvedVersion } from "../resolve/ir.js";
import { ownFields, type SchemaEmitContext } from "./context.js";
import { convertedFieldAssignments } from "./converter.js";
import { misspeltKeyCheck } from "./misspelt-key-check.js";
import { rowDoorProperties, standardSchemaProperty } from "./standard-schema.js";
import { type ClassStructure, type InterfaceStructure, StructureKind } from "./structures.js";
import { indent } from "./printer.js";
import { docText, literal } from "./syntax.js";

/**
 * `export interface XV1 extends XV1Fields {}`: the row class's instances hold the version's fields
 * (written by `convert`), declared once, in the `Fields` type, rather than again in the class.
 */
export function rowInterface(version: ResolvedVersion): InterfaceStructure {
  const { names } = version;
  return {
    kind: StructureKind.Interface,
    name: names.rowClass,
    isExported: true,
    extends: [names.fields],
    properties: [],
  };
}

export function rowClass(version: ResolvedVersion, context: SchemaEmitContext): ClassStructure {
  const { file } = context;
  const { names } = version;
  // Row classes do not inherit (each converts and checks all its fields): said where users look.
  const parentClass = version.parent?.names.rowClass;
  const notInstance =
    parentClass === undefined
      ? ""
      : ` Not an instance of \`${parentClass}\` (row classes do not inherit); \`${parentClass}.is(row)\` holds for it.`;
  const about = `A row of \`${version.identifier}\`, declared at ${context.sourceLink(version.position)}.${notInstance}`;
  // The parent's conversions first, then the version's own fields.
  const { parent } = version;
  const parentConversion =
    parent === null ? [] : [`${context.references.name(parent, "rowClass")}.convert(fields, row);`];
  const own = ownFields(version)
    .filter((field) => parent === null || field.value !== undefined || !convertsAsInherited(field.descriptor, parent))
    .map((field) => ({
      ...field,
      inherited: parent?.fields.some((f) => f.descriptor.name === field.descriptor.name) === true,
    }));
  const conversions = [
    ...parentConversion,
    ...convertedFieldAssignments(own, "fields", "row", file, context.references),
  ];
  // The module's own functions, which the runtime's `validateRow` and `isRow` run (and the engine inlines).
  const walk = [names.validate, ...(version.hasChecks ? [names.check] : [])].join(", ");
  const misspeltKeys = misspeltKeyCheck(version, context);
  // A valid row may still have dropped a value: a key that misspells a field the input lacks.
  const refused = `!${names.rowClass}.is(row)${misspeltKeys === null ? "" : ` || ${names.rowClass}[${misspeltKeys.name}](input)`}`;
  return {
    kind: StructureKind.Class,
    name: names.rowClass,
    isExported: true,
    docs: [version.doc === undefined ? about : `${docText(version.doc)}\n\n${about}`],
    extends: `${file.runtime("LegolasRow")}<${names.json}>`,
    properties: [
      standardSchemaProperty(version, file),
      ...rowDoorProperties(version, file),
      // The constructor is the generated one: a read that needs only a row's violations may skip it.
      {
        name: JSON.stringify(GENERATED_ROW_CLASS),
        isStatic: true,
        hasOverrideKeyword: true,
        isReadonly: true,
        initializer: "true",
      },
      // A minifier renames the class; a message that says to call it names it by this.
      {
        name: JSON.stringify(DECLARED_CLASS_NAME),
        isStatic: true,
        hasOverrideKeyword: true,
        isReadonly: true,
        initializer: JSON.stringify(names.rowClass),
      },
    ],
    ctors: [
      {
        docs: ["Converts and validates `input`; throws one `RowValidationError` listing every violation."],
        parameters: [{ name: "input", type: names.input }],
        statements: [
          "super();",
          // `convert` gives back an input that is no object of fields (`5`, an array) as it is, to be refused as such.
          `const row = ${names.rowClass}.convert(input, this);`,
          `if (${refused}) throw ${file.runtime("rowError")}(${names.schemaVersion}, row, input);`,
        ],
      },
    ],
    methods: [
      {
        name: "convert",
        isStatic: true,
        hasOverrideKeyword: true,
        parameters: [
          { name: "input", type: "unknown" },
          { name: "row", type: "object = {}" },
        ],
        returnType: `${file.runtime("Unchecked")}<${names.fields}>`,
        statements: [
          `return ${file.runtime("convertInput")}(input, row as ${file.runtime("Unchecked")}<${names.fields}>, (fields, row) => {`,
          ...indent([...conversions, "return row;"]),
          "});",
        ],
      },
      {
        name: "validate",
        isStatic: true,
        hasOverrideKeyword: true,
        parameters: [{ name: "value", type: "unknown" }],
        returnType: `${file.runtime("Violation")}[]`,
        statements: [`return ${file.runtime("validateRow")}(value, ${walk});`],
      },
      {
        name: "is",
        isStatic: true,
        hasOverrideKeyword: true,
        parameters: [{ name: "value", type: "unknown" }],
        // What the walk checks, which is less than the Fields type (runtime/complying.ts).
        returnType: `value is ${file.runtime("Complying")}<${names.fields}>`,
        statements: [`return ${file.runtime("isRow")}(value, ${walk});`],
      },
      ...(misspeltKeys === null ? [] : [misspeltKeys]),
    ],
  };
}

/**
 * `true` when `parent`'s conversion already gives `field` its value: a re-declared field of its
 * parent's type with its parent's default. A narrowed abstract type (`real` as `int64`) converts anew.
 */
function convertsAsInherited(field: DeclaredFieldDescriptor, parent: ResolvedVersion): boolean {
  const inherited = parent.fields.find((candidate) => candidate.descriptor.name === field.name)?.descriptor;
  return (
    inherited !== undefined &&
    sameFieldType(inherited.type, field.type) &&
    literalOrNone(inherited.default) === literalOrNone(field.default)
  );
}

function literalOrNone(value: unknown): string {
  return value === undefined ? "" : literal(value);
}
