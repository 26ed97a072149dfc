/** The schema fuzzer's models (model.ts) written as the YAML files `legolas generate` reads. */
import { stringify } from "yaml";
import { identifierOf, type FieldModel, type SchemaModel, type TypeModel, type VersionModel } from "./model.js";
import { keyOf } from "./values.js";

/** A type as the YAML language writes it, without its `?`. */
export function typeText(type: TypeModel): string {
  switch (type.kind) {
    case "scalar":
      return type.name;
    case "list":
    case "vector":
      return `${type.kind}<${typeText(type.element)}>`;
    case "ntuple":
      return `ntuple<${typeText(type.element)}, ${type.n}>`;
    case "set":
      return `set<${type.element}>`;
    case "map":
      return `map<${type.key}, ${typeText(type.value)}>`;
    case "tuple":
      return `tuple<${type.parts.map(typeText).join(", ")}>`;
    case "union":
      return `union<${type.members.join(", ")}>`;
    case "struct":
    case "list<struct>":
      return type.kind;
    case "record":
      return identifierOf(type.target);
    case "weights":
      return "Weights";
    case "any":
      return "any";
  }
}

function fieldDeclaration(field: FieldModel): unknown {
  // An `any` field is optional with or without its `?` (docs/julia.md).
  const question = field.type.kind === "any" ? field.type.question : field.optional;
  const type = typeText(field.type) + (question ? "?" : "");
  const { min, max, values, pattern, length, minLength, maxLength } = field.constraints;
  const long: Record<string, unknown> = {
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
    ...(values === undefined ? {} : { values }),
    ...(pattern === undefined ? {} : { pattern: pattern.source }),
    ...(length === undefined ? {} : { length }),
    ...(minLength === undefined ? {} : { min_length: minLength }),
    ...(maxLength === undefined ? {} : { max_length: maxLength }),
    ...(field.default === undefined ? {} : { default: field.default }),
    ...(field.computed === true ? { value: `row[${JSON.stringify(keyOf(field.name))}]` } : {}),
  };
  if (field.type.kind === "struct" || field.type.kind === "list<struct>")
    return { type, ...long, fields: fieldsDeclaration(field.type.fields) };
  return Object.keys(long).length === 0 ? type : { type, ...long };
}

function fieldsDeclaration(fields: readonly FieldModel[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field.name, fieldDeclaration(field)]));
}

function versionDeclaration(version: VersionModel): unknown {
  return {
    ...(version.parent === null ? {} : { extends: identifierOf(version.parent) }),
    fields: fieldsDeclaration(version.own),
    ...(version.checks.length === 0
      ? {}
      : {
          checks: version.checks.map(({ field, forbidden }) => ({
            check: `row[${JSON.stringify(keyOf(field))}] !== ${JSON.stringify(forbidden)}`,
            message: `${field} must not be ${forbidden}`,
          })),
        }),
  };
}

/** The file `<schema>.yaml` of a schema model. */
export function schemaYaml(model: SchemaModel): { path: string; text: string } {
  const versions = new Map(model.versions.map((version) => [version.version, versionDeclaration(version)]));
  const text = stringify({ schema: model.schema, prefix: model.prefix, versions }, { lineWidth: 0 });
  return { path: `${model.schema}.yaml`, text };
}
