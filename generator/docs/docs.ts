/**
 * `legolas docs` as a pure function, like `generate`: YAML texts in, one Markdown reference out.
 * parse -> resolve (the same stages and the same declaration errors as `generate`) -> render.
 */
import { resolveSources, type OutputFile, type SourceText } from "../generate.js";
import { renderReference } from "./markdown.js";
import { referencedFiles } from "./graph.js";

export interface DocsOptions {
  /** Schemas that are known but not documented for their own sake: the package's shipped ones. */
  readonly shipped?: readonly SourceText[];
  /** How a YAML path is shown (e.g. relative to the output folder); the path as given by default. */
  readonly sourceLink?: (path: string) => string;
}

/** The file name of the reference inside the output folder. */
export const DOCS_FILE = "schemas.md";

/** The Markdown reference of every schema in `sources`; throws `SchemaDeclarationError`. */
export function generateDocs(sources: readonly SourceText[], options: DocsOptions = {}): OutputFile[] {
  const files = resolveSources(sources, options.shipped);
  const content = renderReference(referencedFiles(files), { sourceLink: options.sourceLink ?? ((path) => path) });
  return [{ path: DOCS_FILE, content }];
}
