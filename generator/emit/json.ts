/**
 * A row's JSON form (runtime/json.ts): the `XV1Json` interface, `row.toJSON()` and
 * `XV1.fromJSON(json)`, each one runtime call over the descriptor.
 */
import { type InterfaceStructure, type MethodStructure, StructureKind } from "./structures.js";
import type { DeclaredFieldDescriptor, DeclaredFieldType } from "legolas-ts/internal/field-types";
import type { ResolvedVersion } from "../resolve/ir.js";
import { literal, propertyName } from "./syntax.js";
import type { GeneratedFile } from "./generated-file.js";
import type { References } from "./references.js";

export function jsonInterface(
  version: ResolvedVersion,
  file: GeneratedFile,
  references: References,
): InterfaceStructure {
  return {
    kind: StructureKind.Interface,
    name: version.names.json,
    isExported: true,
    docs: [
      `\`${version.names.rowClass}\` as JSON: int64 values as decimal strings, binary as base64, dates as \`YYYY-MM-DD\`; see \`${version.names.schemaVersion}.jsonSchema\`.`,
    ],
    properties: version.fields.map(({ descriptor }) => ({
      name: propertyName(descriptor.name),
      isReadonly: true,
      type: fieldJsonType(descriptor, file, references),
    })),
  };
}

/**
 * `toJSON()` and `static fromJSON(json)`, which throws like the constructor. A field named
 * `toJSON` is held as `toJSON$` (runtime/field-names.ts), so the method never hides data.
 */
export function jsonMethods(version: ResolvedVersion, file: GeneratedFile): MethodStructure[] {
  const { rowClass, json, input, schemaVersion } = version.names;
  const toJson: MethodStructure = {
    name: "toJSON",
    docs: ["This row in its JSON form; `JSON.stringify(row)` calls it."],
    returnType: json,
    parameters: [],
    statements: [`return ${file.runtime("rowToJson")}<${json}>(${schemaVersion}, this);`],
  };
  const fromJson: MethodStructure = {
    name: "fromJSON",
    isStatic: true,
    docs: ["A row from its JSON form (`toJSON`'s); throws one `RowValidationError` listing every violation."],
    parameters: [{ name: "json", type: "unknown" }],
    returnType: rowClass,
    statements: [`return new ${rowClass}(${file.runtime("rowFromJson")}<${input}>(${schemaVersion}, json));`],
  };
  return [toJson, fromJson];
}

function fieldJsonType(field: DeclaredFieldDescriptor, file: GeneratedFile, references: References): string {
  const values = field.constraints.values;
  const type =
    values !== undefined && field.type.kind !== "float"
      ? values.map((value) => literal(typeof value === "bigint" ? String(value) : value)).join(" | ")
      : jsonType(field.type, file, references);
  return field.optional ? `${type} | null` : type;
}

function jsonType(type: DeclaredFieldType, file: GeneratedFile, references: References): string {
  switch (type.kind) {
    case "bool":
      return "boolean";
    case "int":
      return type.bits === 64 ? "string" : "number";
    case "float":
      return file.runtime("JsonFloat");
    case "list": {
      const element = jsonType(type.element, file, references);
      // A union needs parentheses before `[]`; a type literal does not (the formatter drops them).
      return `${element.includes(" | ") && type.element.kind !== "struct" ? `(${element})` : element}[]`;
    }
    case "struct":
      return `{ ${type.fields.map((field) => `${propertyName(field.name)}: ${fieldJsonType(field, file, references)}`).join("; ")} }`;
    case "record":
      return references.name(references.version(type.identifier), "json", true);
    case "weights":
      return file.runtime("WeightsJson");
    default:
      return "string";
  }
}
