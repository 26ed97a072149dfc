/**
 * Emit: one schema file's versions as TypeScript. Per version, in reading order: the `Fields`
 * and `Input` types, `convert` and `validate` functions (straight-line code), the row-check
 * function when the chain declares checks, the row class, and the registered descriptor.
 */
import type {
  ClassDeclarationStructure,
  InterfaceDeclarationStructure,
  OptionalKind,
  PropertySignatureStructure,
} from "ts-morph";
import { StructureKind } from "./structure-kind.js";
import type { DeclaredFieldDescriptor, RecordName } from "legolas-ts/internal/field-types";
import type { ResolvedField, ResolvedVersion } from "../resolve/ir.js";
import { convertedFieldsLiteral } from "./converter.js";
import type { GeneratedFile, Statement } from "./generated-file.js";
import { docText, indent, literal, propertyAccess, propertyName } from "./syntax.js";
import { fieldTypeScript, type TypeNamer } from "./type-script.js";
import type { References } from "./references.js";
import { jsonInterface, jsonMethods } from "./json.js";
import { LINE_WIDTH } from "./layout.js";
import { parseMethod, standardSchemaProperty } from "./standard-schema.js";
import { fieldValidation, rootPath, type ValidatorContext } from "./validator.js";

export interface SchemaEmitContext {
  readonly file: GeneratedFile;
  readonly references: References;
  /** The YAML source as a path relative to the generated file, for JSDoc links. */
  readonly sourceLink: (position: { line: number }) => string;
}

export function emitVersion(version: ResolvedVersion, context: SchemaEmitContext): Statement[] {
  const { file } = context;
  const constants = new Map<string, string>();
  const validator = (mode: ValidatorContext["mode"]): ValidatorContext => ({
    mode,
    file,
    references: context.references,
    constants,
    constantPrefix: version.names.rowClass,
  });
  const statements: Statement[] = [
    fieldsInterface(version, context),
    inputInterface(version, context),
    jsonInterface(version, file, context.references),
    convertFunction(version, context),
    validateFunction(version, validator("collect")),
    isFunction(version, validator("test")),
  ];
  if (version.hasChecks) statements.push(checkFunction(version, context));
  statements.push(rowClass(version, context), descriptor(version, context));
  const declarations = [...constants].map(([declaration, name]) => `const ${name}: ${declaration};`);
  return [...(declarations.length === 0 ? [] : [declarations.join("\n")]), ...statements];
}

function typeNamer(context: SchemaEmitContext): TypeNamer {
  return {
    record: (identifier, form) =>
      context.references.name(
        context.references.version(identifier),
        form === "row" ? "rowClass" : "input",
        form === "input",
      ),
    runtime: (name) => context.file.runtime(name),
  };
}

function fieldDocs(field: ResolvedField, context: SchemaEmitContext): string[] {
  const declared = `Declared at ${context.sourceLink(field.position)}.`;
  return [field.descriptor.doc === undefined ? declared : `${docText(field.descriptor.doc)}\n\n${declared}`];
}

function fieldsInterface(
  version: ResolvedVersion,
  context: SchemaEmitContext,
): OptionalKind<InterfaceDeclarationStructure> & { kind: StructureKind.Interface } {
  const namer = typeNamer(context);
  const own = version.parent === null ? version.fields : version.fields.filter((field) => field.own);
  return {
    kind: StructureKind.Interface,
    name: version.names.fields,
    isExported: true,
    docs: [
      `The fields of \`${version.name}@${version.version}\`${version.parent === null ? "" : `, with those of \`${version.parent.name}@${version.parent.version}\``}.`,
    ],
    extends: version.parent === null ? [] : [context.references.name(version.parent, "fields", true)],
    properties: own.map(
      (field): OptionalKind<PropertySignatureStructure> => ({
        name: propertyName(field.descriptor.name),
        isReadonly: true,
        type: valueType(field.descriptor, namer),
        docs: fieldDocs(field, context),
      }),
    ),
  };
}

function inputInterface(
  version: ResolvedVersion,
  context: SchemaEmitContext,
): OptionalKind<InterfaceDeclarationStructure> & { kind: StructureKind.Interface } {
  const namer = typeNamer(context);
  return {
    kind: StructureKind.Interface,
    name: version.names.input,
    isExported: true,
    docs: [
      `What \`new ${version.names.rowClass}(...)\` accepts: missing fields may be absent or \`undefined\`, \`int64\` values may be safe-integer numbers.`,
    ],
    properties: version.fields.map(({ descriptor }): OptionalKind<PropertySignatureStructure> => {
      const missing = descriptor.optional || descriptor.default !== undefined;
      return {
        name: propertyName(descriptor.name),
        isReadonly: true,
        hasQuestionToken: missing,
        // `| undefined` spelled out: under exactOptionalPropertyTypes `?` alone refuses it, as the runtime does not.
        type: fieldTypeScript(descriptor, namer, "input") + (missing ? " | null | undefined" : ""),
      };
    }),
  };
}

function convertFunction(version: ResolvedVersion, context: SchemaEmitContext): Statement {
  const { file } = context;
  const fields = convertedFieldsLiteral(
    version.fields.map((f) => f.descriptor),
    "fields",
    file,
    context.references,
    "",
  );
  return {
    kind: StructureKind.Function,
    name: version.names.convert,
    isExported: true,
    docs: [
      "Converts input values (missing to `null` or the default, safe numbers to `bigint`, ...) without validating them.",
    ],
    parameters: [{ name: "input", type: "unknown" }],
    returnType: `${file.runtime("Unchecked")}<${version.names.fields}>`,
    statements: `return ${file.runtime("convertInput")}(input, (fields) => (${fields}));`,
  };
}

function validateFunction(version: ResolvedVersion, validator: ValidatorContext): Statement {
  const { file } = validator;
  const check = version.hasChecks
    ? [`if (out.length === before) ${version.names.check}(row as unknown as ${version.names.fields}, path, out);`]
    : [];
  return {
    kind: StructureKind.Function,
    name: version.names.validate,
    isExported: true,
    docs: [
      `Appends every violation of \`value\` against \`${version.name}@${version.version}\` to \`out\`; \`path\` prefixes each field's path.`,
    ],
    parameters: [
      { name: "input", type: "unknown" },
      { name: "path", type: "string" },
      { name: "out", type: `${file.runtime("Violation")}[]` },
    ],
    returnType: "void",
    statements: [
      'if (typeof input !== "object" || input === null) {',
      ...indent([
        `out.push(${file.runtime("incorrectType")}(path, ${literal(`a ${version.name}@${version.version} row`)}, input));`,
        "return;",
      ]),
      "}",
      ...(version.hasChecks ? ["const before = out.length;"] : []),
      "const row = input as Record<string, unknown>;",
      ...fieldValidation(
        version.fields.map((f) => f.descriptor),
        "row",
        rootPath(),
        validator,
        0,
      ),
      ...check,
    ].join("\n"),
  };
}

function isFunction(version: ResolvedVersion, validator: ValidatorContext): Statement {
  const { file } = validator;
  const checks = version.hasChecks
    ? [
        `const violations: ${file.runtime("Violation")}[] = [];`,
        `${version.names.check}(row as unknown as ${version.names.fields}, "", violations);`,
        "return violations.length === 0;",
      ]
    : ["return true;"];
  return {
    kind: StructureKind.Function,
    name: version.names.is,
    isExported: true,
    docs: [
      `\`true\` when \`value\` complies with \`${version.name}@${version.version}\`; stops at the first failing test.`,
    ],
    parameters: [{ name: "input", type: "unknown" }],
    returnType: `input is ${version.names.fields}`,
    statements: [
      'if (typeof input !== "object" || input === null) return false;',
      "const row = input as Record<string, unknown>;",
      ...fieldValidation(
        version.fields.map((f) => f.descriptor),
        "row",
        rootPath(),
        validator,
        0,
      ),
      ...checks,
    ].join("\n"),
  };
}

function checkFunction(version: ResolvedVersion, context: SchemaEmitContext): Statement {
  const { file } = context;
  const parent = version.parent?.hasChecks
    ? [`${context.references.name(version.parent, "check")}(row, path, out);`]
    : [];
  const checks = version.checks.flatMap((check) => {
    const failed = (error: string) =>
      `out.push(${file.runtime("checkFailed")}(path, ${literal(check.message)}${error}));`;
    return [
      `// ${context.sourceLink(check.position)}`,
      "try {",
      ...indent([`if (!(${check.expression})) ${failed("")}`]),
      "} catch (error) {",
      ...indent([failed(", error")]),
      "}",
    ];
  });
  return {
    kind: StructureKind.Function,
    name: version.names.check,
    isExported: true,
    docs: [
      `Runs the row checks of \`${version.name}@${version.version}\`, its parents' first, on a row whose fields are valid.`,
    ],
    parameters: [
      { name: "row", type: version.names.fields },
      { name: "path", type: "string" },
      { name: "out", type: `${file.runtime("Violation")}[]` },
    ],
    returnType: "void",
    statements: [...parent, ...checks].join("\n"),
  };
}

function rowClass(
  version: ResolvedVersion,
  context: SchemaEmitContext,
): OptionalKind<ClassDeclarationStructure> & { kind: StructureKind.Class } {
  const { file } = context;
  const { names } = version;
  const namer = typeNamer(context);
  // Row classes do not inherit (each converts and checks all its fields): said where users look.
  const parent = version.parent?.names.rowClass;
  const notInstance =
    parent === undefined
      ? ""
      : ` Not an instance of \`${parent}\` (row classes do not inherit); \`${parent}.is(row)\` holds for it.`;
  const docs = [
    `${version.doc === undefined ? "" : `${docText(version.doc)}\n\n`}A row of \`${version.identifier}\`, declared at ${context.sourceLink(version.position)}.${notInstance}`,
  ];
  return {
    kind: StructureKind.Class,
    name: names.rowClass,
    isExported: true,
    docs,
    implements: [names.fields],
    properties: [
      ...version.fields.map(({ descriptor }) => ({
        name: propertyName(descriptor.name),
        isReadonly: true,
        type: valueType(descriptor, namer),
      })),
      standardSchemaProperty(version, file),
    ],
    ctors: [
      {
        docs: [`Converts and validates \`input\`; throws one \`RowValidationError\` listing every violation.`],
        parameters: [{ name: "input", type: names.input }],
        statements: [
          `const row = ${names.convert}(input);`,
          `if (!${names.rowClass}.is(row)) throw new ${file.runtime("RowValidationError")}(${names.schemaVersion}.identifier, ${names.rowClass}.validate(row));`,
          `const valid: ${names.fields} = row;`,
          ...version.fields.map(
            ({ descriptor }) =>
              `${propertyAccess("this", descriptor.name)} = ${propertyAccess("valid", descriptor.name)};`,
          ),
        ].join("\n"),
      },
    ],
    methods: [
      {
        name: "convert",
        isStatic: true,
        docs: [`See {@link ${names.convert}}.`],
        parameters: [{ name: "input", type: "unknown" }],
        returnType: `${file.runtime("Unchecked")}<${names.fields}>`,
        statements: [`return ${names.convert}(input);`],
      },
      {
        name: "validate",
        isStatic: true,
        docs: ["Every violation of `value` against this schema version; empty when it complies."],
        parameters: [{ name: "value", type: "unknown" }],
        returnType: `${file.runtime("Violation")}[]`,
        statements: [`return ${file.runtime("collectViolations")}(${names.validate}, value);`],
      },
      {
        name: "is",
        isStatic: true,
        docs: ["`true` when `value` complies with this schema version."],
        parameters: [{ name: "value", type: "unknown" }],
        returnType: `value is ${names.fields}`,
        statements: [`return ${file.runtime("compliesSafely")}(${names.is}, value);`],
      },
      parseMethod(version, file),
      ...jsonMethods(version, file),
    ],
  };
}

function valueType(descriptor: DeclaredFieldDescriptor, namer: TypeNamer): string {
  return fieldTypeScript(descriptor, namer, "value") + (descriptor.optional ? " | null" : "");
}

/** A field type naming a nested record: in a field descriptor, the only object whose `kind` is `"record"`. */
function isRecordName(value: unknown): value is RecordName {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "record";
}

function descriptor(version: ResolvedVersion, context: SchemaEmitContext): Statement {
  const { file } = context;
  const { names } = version;
  const parent = version.parent === null ? "null" : context.references.name(version.parent, "schemaVersion");
  const checks = version.checks.map((check) => ({
    check: check.expression,
    message: check.message,
    ...(check.fields === null ? {} : { fields: check.fields }),
  }));
  const printRecord = (value: unknown) => (isRecordName(value) ? context.references.recordType(value) : undefined);
  const properties = [
    `name: ${literal(version.name)},`,
    `version: ${version.version},`,
    `parent: ${parent},`,
    ...(version.doc === undefined ? [] : [`doc: ${literal(version.doc)},`]),
    // One line, which emit/layout.ts breaks as the formatter does.
    `fields: [${version.fields.map(({ descriptor }) => literal(descriptor, printRecord)).join(", ")}],`,
    `checks: ${literal(checks)},`,
    // Compiled once here, so that columnar validation can run the checks on a row view.
    ...(version.hasChecks ? [`checkRow: ${names.check},`] : []),
    `rowClass: ${names.rowClass},`,
  ];
  const declaration = `export const ${names.schemaVersion}: ${file.runtime("SchemaVersion")}<${names.rowClass}, ${names.input}> =`;
  const call = [`${file.runtime("defineSchemaVersion")}({`, ...indent(properties), "});"];
  // A declaration whose first line does not fit is broken after `=`, as the formatter breaks it.
  const oneLine = `${declaration} ${call[0]}`;
  const statement = oneLine.length <= LINE_WIDTH ? [oneLine, ...call.slice(1)] : [declaration, ...indent(call)];
  return [`/** The descriptor of \`${version.identifier}\`; importing this module registers it. */`, ...statement].join(
    "\n",
  );
}
