/**
 * The conversion expression of each field type: what the constructor applies to an input value
 * before validating it (see runtime/convert.ts). A missing value (`undefined` or `null`) first
 * becomes the field's default, or `null`; types that need no conversion stop there.
 */
import { typedArrayName, type DeclaredFieldDescriptor, type DeclaredFieldType } from "legolas-ts/internal/field-types";
import type { GeneratedFile } from "./generated-file.js";
import { fieldRead, literal, propertyName, typeCondition } from "./syntax.js";
import type { References } from "./references.js";

/** `{ a: toBigInt(fields.a), ... }`: the converted fields of a row or struct. */
export function convertedFieldsLiteral(
  fields: readonly DeclaredFieldDescriptor[],
  source: string,
  file: GeneratedFile,
  references: References,
  indent: string,
): string {
  const lines = fields.map((field) => {
    const value = fieldRead(source, field.name);
    const input = `${value} ?? ${field.default === undefined ? "null" : literal(field.default)}`;
    return `${indent}  ${propertyName(field.name)}: ${convertExpression(field.type, input, file, references, `${indent}  `)},`;
  });
  return `{\n${lines.join("\n")}\n${indent}}`;
}

function convertExpression(
  type: DeclaredFieldType,
  input: string,
  file: GeneratedFile,
  references: References,
  indent: string,
): string {
  switch (type.kind) {
    case "int":
      return type.bits === 64 ? `${file.runtime("toBigInt")}(${input})` : input;
    case "float":
      return type.bits === 32 ? `${file.runtime("toFloat32")}(${input})` : input;
    case "uuid":
      return `${file.runtime("toUuid")}(${input})`;
    case "date":
      return `${file.runtime("toDate")}(${input})`;
    case "timestamp":
      return `${file.runtime("toTimestamp")}(${input}, ${literal(type.unit)})`;
    case "datetime":
      return `${file.runtime("toDateTime")}(${input})`;
    case "duration":
    case "time":
      return `${file.runtime("toBigInt")}(${input})`;
    case "list": {
      const arrayType = typedArrayName(type.element);
      if (arrayType !== null) {
        return `${file.runtime("toTypedArray")}(${input}, ${arrayType}, (element) => ${typeCondition(type.element, "element", file)})`;
      }
      const element = convertExpression(type.element, "element", file, references, `${indent}  `);
      if (element === "element") return input;
      // An element conversion that spans lines goes on the line after the arrow, as the
      // formatter puts it.
      return element.includes("\n")
        ? `${file.runtime("toArray")}(${input}, (element) =>\n${indent}  ${element},\n${indent})`
        : `${file.runtime("toArray")}(${input}, (element) => ${element})`;
    }
    case "struct":
      return `${file.runtime("toStruct")}(${input}, (struct) => (${convertedFieldsLiteral(type.fields, "struct", file, references, indent)}))`;
    case "record":
      return `${file.runtime("toRecord")}(${input}, ${references.name(references.version(type.identifier), "rowClass")})`;
    case "weights":
      return `${file.runtime("toWeightsValue")}(${input})`;
    default:
      return input;
  }
}
