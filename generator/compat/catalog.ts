/**
 * The schema versions one side of a comparison knows: YAML texts parsed and resolved exactly as
 * `generate` does (so a declaration error stops compat the same way), indexed by `name@N`. Pure:
 * the CLI reads the folders.
 */
import { formatSchemaVersionName } from "legolas-ts/internal/identifier";
import { resolveSources, type SourceText } from "../generate.js";
import type { ResolvedSchemaFile, ResolvedVersion } from "../resolve/ir.js";

export interface Catalog {
  readonly files: readonly ResolvedSchemaFile[];
  /** The version `name@N`, or `undefined`. */
  version(nameAtVersion: string): ResolvedVersion | undefined;
  /** Every version of schema `name`, oldest first; empty when the schema is unknown. */
  versionsOf(name: string): readonly ResolvedVersion[];
}

/** Resolves `sources` (plus the `shipped` schemas they may extend); throws `SchemaDeclarationError`. */
export function catalogOf(sources: readonly SourceText[], shipped: readonly SourceText[] = []): Catalog {
  return catalogOfFiles(resolveSources(sources, shipped));
}

/** A catalog over already resolved files. */
export function catalogOfFiles(files: readonly ResolvedSchemaFile[]): Catalog {
  const byKey = new Map<string, ResolvedVersion>();
  for (const file of files) for (const version of file.versions) byKey.set(formatSchemaVersionName(version), version);
  return {
    files,
    version: (key) => byKey.get(key),
    versionsOf: (name) => files.find((file) => file.schema === name)?.versions ?? [],
  };
}
