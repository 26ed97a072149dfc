/** Comparing schema versions declared in in-memory YAML. */
import {
  catalogOf,
  compareVersions,
  type Catalog,
  type CompareOptions,
  type Comparison,
} from "../../../generator/compat/index.js";

/** A catalog of in-memory YAML files (`{"a.yaml": text}`), as if they sat in `schemas/`. */
export function catalogFromYaml(files: Record<string, string>): Catalog {
  return catalogOf(Object.entries(files).map(([name, text]) => ({ path: `schemas/${name}`, text })));
}

/** Compares `old` with `neu` (both `name@N`), each looked up in its own set of files. */
export function compareYaml(
  oldFiles: Record<string, string>,
  old: string,
  newFiles: Record<string, string>,
  neu: string,
  options: CompareOptions = {},
): Comparison {
  const oldCatalog = catalogFromYaml(oldFiles);
  const newCatalog = oldFiles === newFiles ? oldCatalog : catalogFromYaml(newFiles);
  return compareVersions(
    oldCatalog.version(old)!,
    newCatalog.version(neu)!,
    { old: oldCatalog, new: newCatalog },
    options,
  );
}

/** A schema file `t.item.yaml` with versions 1 and 2, given as the YAML under `versions:`. */
export function twoVersions(v1: string, v2: string, schema = "t.item", prefix = "Item"): Record<string, string> {
  const indent = (text: string) =>
    text
      .trim()
      .split("\n")
      .map((line) => `    ${line}`)
      .join("\n");
  return {
    [`${schema}.yaml`]: `schema: ${schema}\nprefix: ${prefix}\nversions:\n  1:\n${indent(v1)}\n  2:\n${indent(v2)}\n`,
  };
}
