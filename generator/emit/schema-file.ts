/**
 * Emit: one schema file's versions as TypeScript. Per version, in reading order: the module
 * constants its validator is the first to use, the `Fields`, `Input` and `Json` types (a child's extend its
 * parent's and list only its own fields), the walk over a row's fields (validator.ts), the row
 * checks when the chain declares some (row-checks.ts), the row class (row-class.ts) and the
 * registered descriptor (descriptor.ts).
 */
import { formatSchemaVersionName } from "legolas-ts/internal/identifier";
import type { DeclaredFieldDescriptor } from "legolas-ts/internal/field-types";
import type { ResolvedField, ResolvedVersion } from "../resolve/ir.js";
import { extendedParent, ownFields, type SchemaEmitContext, typeNamer } from "./context.js";
import { descriptor } from "./descriptor.js";
import type { Statement } from "./generated-file.js";
import { jsonInterface } from "./json.js";
import { rowClass, rowInterface } from "./row-class.js";
import { checkFunction } from "./row-checks.js";
import { type InterfaceStructure, StructureKind } from "./structures.js";
import { docText, propertyName } from "./syntax.js";
import { fieldTypeScript, valueType } from "./type-script.js";
import { fieldsValidator } from "./validator.js";

export function emitVersion(version: ResolvedVersion, context: SchemaEmitContext): Statement[] {
  const { constants } = context;
  const declaredBefore = constants.size;
  const statements: Statement[] = [
    fieldsInterface(version, context),
    inputInterface(version, context),
    jsonInterface(version, context.file, context.references),
    fieldsValidator(version, { file: context.file, references: context.references, constants }),
    ...(version.hasChecks ? [checkFunction(version, context)] : []),
    rowInterface(version),
    rowClass(version, context),
    descriptor(version, context),
  ];
  const declarations = [...constants]
    .slice(declaredBefore)
    .map(([declaration, name]) => `const ${name}: ${declaration};`);
  return [...(declarations.length === 0 ? [] : [declarations.join("\n")]), ...statements];
}

function fieldsInterface(version: ResolvedVersion, context: SchemaEmitContext): InterfaceStructure {
  const namer = typeNamer(context);
  const { parent } = version;
  return {
    kind: StructureKind.Interface,
    name: version.names.fields,
    isExported: true,
    docs: [
      `The fields of \`${formatSchemaVersionName(version)}\`, declared at ${context.sourceLink(version.position)}${parent === null ? "" : `, with those of \`${formatSchemaVersionName(parent)}\``}.`,
    ],
    extends: parent === null ? [] : [context.references.name(parent, "fields", true)],
    properties: ownFields(version).map((field) => ({
      name: propertyName(field.descriptor.name),
      isReadonly: true,
      type: valueType(field.descriptor, namer),
      docs: [fieldDoc(field)],
    })),
  };
}

// The line only: the interface's doc names the YAML file, which declares every field it lists.
function fieldDoc(field: ResolvedField): string {
  const declared = `Declared at line ${field.position.line}.`;
  if (field.descriptor.doc === undefined) return declared;
  const doc = docText(field.descriptor.doc);
  return `${doc}${/[.!?]$/.test(doc) ? "" : "."} ${declared}`;
}

function inputInterface(version: ResolvedVersion, context: SchemaEmitContext): InterfaceStructure {
  const namer = typeNamer(context);
  const { parent } = version;
  return {
    kind: StructureKind.Interface,
    name: version.names.input,
    isExported: true,
    docs: [
      `What \`new ${version.names.rowClass}(...)\` accepts: optional fields may be left out, int64 as numbers too.`,
    ],
    extends: parent === null ? [] : [extendedParent(version, context.references.name(parent, "input", true))],
    properties: ownFields(version).map(({ descriptor }) => {
      const missing = mayBeMissing(descriptor, parent);
      const type = fieldTypeScript(descriptor, namer, "input");
      return {
        name: propertyName(descriptor.name),
        isReadonly: true,
        hasQuestionToken: missing,
        // `| undefined` spelled out: under exactOptionalPropertyTypes `?` alone refuses it, as the runtime does not.
        type: type + (missing && type !== "unknown" ? " | null | undefined" : ""),
      };
    }),
  };
}

/**
 * Whether the input may leave the field out: an optional one, one with a default, or one whose
 * `value:` expression may compute it (Legolas's `z = ismissing(z) ? ... : z`), unless it
 * re-declares a field its parent's input requires (an input type extends its parent's).
 */
function mayBeMissing(descriptor: DeclaredFieldDescriptor, parent: ResolvedVersion | null): boolean {
  const inherited = parent?.fields.find((field) => field.descriptor.name === descriptor.name)?.descriptor;
  if (inherited !== undefined && !mayBeMissing(inherited, null)) return false;
  return descriptor.optional || descriptor.default !== undefined || descriptor.computed === true;
}
