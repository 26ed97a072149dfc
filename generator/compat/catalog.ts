/**
 * The schema versions one side of a comparison knows: YAML texts parsed and resolved exactly as
 * `generate` does (so a declaration error stops compat the same way), indexed by `name@N`. Pure:
 * the CLI reads the folders.
 */
import { Diagnostics } from "../diagnostics.js";
import type { SourceText } from "../generate.js";
import { parseSchemaFile } from "../parse/parse-schema-file.js";
import type { ResolvedSchemaFile, ResolvedVersion } from "../resolve/ir.js";
import { resolveSchemaFiles, type SchemaFileInput } from "../resolve/resolve.js";

export interface Catalog {
  readonly files: readonly ResolvedSchemaFile[];
  /** The version `name@N`, or `undefined`. */
  version(nameAtVersion: string): ResolvedVersion | undefined;
  /** Every version of schema `name`, oldest first; empty when the schema is unknown. */
  versionsOf(name: string): readonly ResolvedVersion[];
}

/** Resolves `sources` (plus the `shipped` schemas they may extend); throws `SchemaDeclarationError`. */
export function catalogOf(sources: readonly SourceText[], shipped: readonly SourceText[] = []): Catalog {
  const diagnostics = new Diagnostics();
  const parse = (source: SourceText, external: boolean): SchemaFileInput[] => {
    const declaration = parseSchemaFile(source.path, source.text, diagnostics);
    return declaration === null ? [] : [{ declaration, external }];
  };
  const inputs = [...sources.flatMap((s) => parse(s, false)), ...shipped.flatMap((s) => parse(s, true))];
  diagnostics.throwIfAny();
  const files = resolveSchemaFiles(inputs, diagnostics);
  diagnostics.throwIfAny();
  return catalogOfFiles(files);
}

/** A catalog over already resolved files. */
export function catalogOfFiles(files: readonly ResolvedSchemaFile[]): Catalog {
  const byKey = new Map<string, ResolvedVersion>();
  for (const file of files) for (const version of file.versions) byKey.set(`${version.name}@${version.version}`, version);
  return {
    files,
    version: (key) => byKey.get(key),
    versionsOf: (name) => files.find((file) => file.schema === name)?.versions ?? [],
  };
}
