/**
 * What every part of a version's emitter shares: the file it prints into, how it refers to other
 * versions, where the YAML is, and which fields a child's parts list.
 */
import { propertyKey } from "legolas-ts/internal/field-names";
import { sameFieldType } from "legolas-ts/internal/field-types";
import { stringLiteral } from "./string-literal.js";
import type { ResolvedField, ResolvedVersion } from "../resolve/ir.js";
import type { GeneratedFile } from "./generated-file.js";
import type { References } from "./references.js";
import type { TypeNamer } from "./type-script.js";

export interface SchemaEmitContext {
  readonly file: GeneratedFile;
  readonly references: References;
  /** The YAML source as a path relative to the generated file, for JSDoc links. */
  readonly sourceLink: (position: { line: number }) => string;
  /**
   * The file's module-level constants (compiled patterns, value sets), declaration -> name: one
   * per initializer for all its versions, declared before the first version that uses it.
   */
  readonly constants: Map<string, string>;
}

/** The fields a version's types list: a child's own, the rest come with its parent's type. */
export function ownFields(version: ResolvedVersion): readonly ResolvedField[] {
  return version.parent === null ? version.fields : version.fields.filter((field) => field.own);
}

/**
 * The parent interface a child's `Input` or `Json` interface extends (`parentInterface`, its
 * name): without the fields whose type the child narrowed (a union to a member, `vector<T>` to
 * `list<T>`), whose inputs and JSON forms need not be the parent's.
 */
export function extendedParent(version: ResolvedVersion, parentInterface: string): string {
  const parentFields = version.parent?.fields ?? [];
  const retyped = ownFields(version).filter(({ descriptor }) =>
    parentFields.some(
      (inherited) =>
        inherited.descriptor.name === descriptor.name && !sameFieldType(inherited.descriptor.type, descriptor.type),
    ),
  );
  if (retyped.length === 0) return parentInterface;
  return `Omit<${parentInterface}, ${retyped.map(({ descriptor }) => stringLiteral(propertyKey(descriptor.name))).join(" | ")}>`;
}

/** How type printers name nested records and runtime types in this file, importing them. */
export function typeNamer(context: Pick<SchemaEmitContext, "file" | "references">): TypeNamer {
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
