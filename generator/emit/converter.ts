/**
 * The conversion expression of each field type: what the constructor applies to an input value
 * before validating it (see runtime/convert.ts). A missing value (`undefined` or `null`) first
 * becomes the field's default, or `null`; types that need no conversion stop there.
 */
import { typedArrayName, type DeclaredFieldDescriptor, type DeclaredFieldType } from "legolas-ts/internal/field-types";
import type { GeneratedFile } from "./generated-file.js";
import { containerConversion } from "./julia-containers.js";
import { fieldRead, literal, propertyAccess, propertyName, runtimeGuard } from "./syntax.js";
import type { References } from "./references.js";

/**
 * `row.a = toBigInt(fields["a"] ?? null);` for each field: a row's conversion into the row. A
 * field with a `value:` expression converts what the expression computes from the row as it
 * stands (`computedField`): `row.a = toBigInt(computedField(fields, row, (row) => ...) ?? null);`.
 * A parent's field re-declared (`inherited`) converts what the parent's conversion made of it,
 * `row["a"]`, as Legolas.jl converts the parent's record's value (its right-hand side applied).
 */
export function convertedFieldAssignments(
  fields: readonly {
    readonly descriptor: DeclaredFieldDescriptor;
    readonly value?: { readonly expression: string };
    readonly inherited?: boolean;
  }[],
  source: string,
  target: string,
  file: GeneratedFile,
  references: References,
): string[] {
  return fields.map(({ descriptor, value, inherited }) => {
    const input =
      value === undefined
        ? fieldRead(inherited === true ? target : source, descriptor.name)
        : `${file.runtime("computedField")}(${source}, ${target}, (row) => ${value.expression})`;
    return `${propertyAccess(target, descriptor.name)} = ${converted(descriptor, input, file, references, "")};`;
  });
}

/** `{ a: toBigInt(struct["a"] ?? null), ... }`: the converted fields of an inline struct. */
function convertedFieldsLiteral(
  fields: readonly DeclaredFieldDescriptor[],
  source: string,
  file: GeneratedFile,
  references: References,
  indent: string,
): string {
  const lines = fields.map(
    (field) =>
      `${indent}  ${propertyName(field.name)}: ${converted(field, fieldRead(source, field.name), file, references, `${indent}  `)},`,
  );
  return `{\n${lines.join("\n")}\n${indent}}`;
}

/** The conversion of `value`, field `field`'s input: missing values become the default or `null` first. */
function converted(
  field: DeclaredFieldDescriptor,
  value: string,
  file: GeneratedFile,
  references: References,
  indent: string,
): string {
  const input = `${value} ?? ${field.default === undefined ? "null" : literal(field.default)}`;
  return convertExpression(field.type, input, file, references, indent);
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
      return type.bits >= 64 ? `${file.runtime("toBigInt")}(${input})` : `${file.runtime("toInteger")}(${input})`;
    case "float":
      if (type.bits === 16) return `${file.runtime("toFloat16")}(${input})`;
      return type.bits === 32 ? `${file.runtime("toFloat32")}(${input})` : input;
    case "version":
      return `${file.runtime("toVersion")}(${input})`;
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
    case "abstract":
      // `integer` and `real` keep the number or bigint given, as the concrete types' fields hold
      // them (an integer's -0 as 0; a real's -0 is Julia's -0.0).
      if (type.name === "period") return `${file.runtime("toBigInt")}(${input})`;
      return type.name === "integer" ? `${file.runtime("toInteger")}(${input})` : input;
    case "set":
    case "tuple":
    case "map":
    case "union":
      return containerConversion(type, input, file, (part, partInput) =>
        convertExpression(part, partInput, file, references, `${indent}  `),
      );
    case "list":
    case "vector":
    case "ntuple": {
      const arrayType = typedArrayName(type.element);
      if (arrayType !== null) {
        // Every element type a typed array holds has a runtime guard.
        return `${file.runtime("toTypedArray")}(${input}, ${arrayType}, ${file.runtime(runtimeGuard(type.element)!)})`;
      }
      const element = convertExpression(type.element, "element", file, references, `${indent}  `);
      if (element === "element") return input;
      return `${file.runtime("toArray")}(${input}, (element) => ${element})`;
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
