import { generate, type OutputFile } from "../../generator/generate.js";
import type { SchemaDeclarationError } from "../../runtime/errors.js";

/** Generates from in-memory YAML files (`{"a.yaml": text}`) as if they sat in `schemas/`. */
export function generateFromYaml(files: Record<string, string>): OutputFile[] {
  const sources = Object.entries(files).map(([name, text]) => ({ path: `schemas/${name}`, text }));
  return generate(sources, { outDir: "generated", omitVersion: true, shipped: [] });
}

/** The formatted diagnostics that generating `files` reports. */
export function declarationErrors(files: Record<string, string>): string[] {
  try {
    generateFromYaml(files);
  } catch (error) {
    if ((error as Error).name !== "SchemaDeclarationError") throw error;
    return (error as SchemaDeclarationError).message.split("\n");
  }
  throw new Error("expected a SchemaDeclarationError");
}
