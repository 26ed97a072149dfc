/**
 * A row's JSON form (runtime/json.ts) as a type: the `XV1Json` interface, what `row.toJSON()`
 * returns (both doors, `toJSON` and `fromJSON`, are the runtime's `LegolasRow`'s).
 */
import { type InterfaceStructure, StructureKind } from "./structures.js";
import { formatFieldType, type DeclaredFieldDescriptor, type DeclaredFieldType } from "legolas-ts/internal/field-types";
import { stringLiteral } from "./string-literal.js";
import type { ResolvedVersion } from "../resolve/ir.js";
import { literal, propertyName } from "./syntax.js";
import type { GeneratedFile } from "./generated-file.js";
import { extendedParent, ownFields } from "./context.js";
import type { References } from "./references.js";
import { listedSchemaVersionTypes } from "./type-script.js";

export function jsonInterface(
  version: ResolvedVersion,
  file: GeneratedFile,
  references: References,
): InterfaceStructure {
  const { parent } = version;
  return {
    kind: StructureKind.Interface,
    name: version.names.json,
    isExported: true,
    docs: [
      `\`${version.names.rowClass}\` as JSON: int64 as decimal strings, binary as base64, dates as \`YYYY-MM-DD\`.`,
    ],
    extends: parent === null ? [] : [extendedParent(version, references.name(parent, "json", true))],
    properties: ownFields(version).map(({ descriptor }) => ({
      name: propertyName(descriptor.name),
      isReadonly: true,
      type: fieldJsonType(descriptor, file, references),
    })),
  };
}

function fieldJsonType(field: DeclaredFieldDescriptor, file: GeneratedFile, references: References): string {
  const values = field.constraints.values;
  const type =
    values === undefined || field.type.kind === "float"
      ? jsonType(field.type, file, references)
      : field.type.kind === "schema-version"
        ? values.flatMap((value) => listedSchemaVersionTypes(value as string)).join(" | ")
        : values.map((value) => literal(typeof value === "bigint" ? String(value) : value)).join(" | ");
  return field.optional && field.type.kind !== "any" ? `${type} | null` : type;
}

function jsonType(type: DeclaredFieldType, file: GeneratedFile, references: References): string {
  switch (type.kind) {
    case "bool":
      return "boolean";
    case "int":
      return type.bits >= 64 ? "string" : "number";
    case "float":
      return file.runtime("JsonFloat");
    case "abstract":
      // A bigint as text, a number as itself (`real`'s special floats as JsonFloat's strings).
      return type.name === "period" ? "string" : `${file.runtime("JsonFloat")} | string`;
    case "list": {
      const element = jsonType(type.element, file, references);
      // A union needs parentheses before `[]`; a type literal does not (the formatter drops them).
      return `${element.includes(" | ") && type.element.kind !== "struct" ? `(${element})` : element}[]`;
    }
    case "vector":
    case "ntuple":
    case "set": {
      const element = jsonType(type.element, file, references);
      return `${element.includes(" | ") ? `(${element})` : element}[]`;
    }
    case "tuple":
      return `[${type.elements.map((element) => jsonType(element, file, references)).join(", ")}]`;
    case "map":
      return `[${jsonType(type.key, file, references)}, ${jsonType(type.value, file, references)}][]`;
    case "union":
      return type.members
        .map((member) => `{ ${stringLiteral(formatFieldType(member))}: ${jsonType(member, file, references)} }`)
        .join(" | ");
    case "struct":
      return `{ ${type.fields.map((field) => `${propertyName(field.name)}: ${fieldJsonType(field, file, references)}`).join("; ")} }`;
    case "record":
      return references.name(references.version(type.identifier), "json", true);
    case "weights":
      return file.runtime("WeightsJson");
    case "any":
      return file.runtime("JsonValue");
    default:
      return "string";
  }
}
