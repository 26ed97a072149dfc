/**
 * What every part of a version's emitter shares: the file it prints into, how it refers to other
 * versions, where the YAML is, and which fields a child's parts list.
 */
import type { ResolvedField, ResolvedVersion } from "../resolve/ir.js";
import type { GeneratedFile } from "./generated-file.js";
import type { References } from "./references.js";
import type { TypeNamer } from "./type-script.js";

export interface SchemaEmitContext {
  readonly file: GeneratedFile;
  readonly references: References;
  /** The YAML source as a path relative to the generated file, for JSDoc links. */
  readonly sourceLink: (position: { line: number }) => string;
}

/** The fields a version's types list: a child's own, the rest come with its parent's type. */
export function ownFields(version: ResolvedVersion): readonly ResolvedField[] {
  return version.parent === null ? version.fields : version.fields.filter((field) => field.own);
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
