import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { generate, type OutputFile, type SourceText } from "../../generator/generate.js";
import { shippedSchemaFolder } from "../../generator/schema-folder.js";
import type { SchemaDeclarationError } from "../../generator/errors.js";

/** Generates from in-memory YAML files (`{"a.yaml": text}`) as if they sat in `schemas/`. */
export function generateFromYaml(files: Record<string, string>, shipped: readonly SourceText[] = []): OutputFile[] {
  const sources = Object.entries(files).map(([name, text]) => ({ path: `schemas/${name}`, text }));
  return generate(sources, { outDir: "generated", omitVersion: true, shipped });
}

/** The formatted diagnostics that generating `files`, beside the package's shipped schemas, reports. */
export function declarationErrorsWithShipped(files: Record<string, string>): string[] {
  const shipped = readdirSync(shippedSchemaFolder()).map((name) => ({
    path: name,
    text: readFileSync(join(shippedSchemaFolder(), name), "utf8"),
  }));
  return declarationErrors(files, shipped);
}

/** The formatted diagnostics that generating `files` reports. */
export function declarationErrors(files: Record<string, string>, shipped: readonly SourceText[] = []): string[] {
  try {
    generateFromYaml(files, shipped);
  } catch (error) {
    if ((error as Error).name !== "SchemaDeclarationError") throw error;
    return (error as SchemaDeclarationError).message.split("\n");
  }
  throw new Error("expected a SchemaDeclarationError");
}
