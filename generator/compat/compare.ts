/**
 * `legolas compat` as pure functions over resolved schema versions: one pair, every consecutive
 * pair of one schema, or every version of one side against the same `name@N` on the other (did
 * someone change `digits-model@1` in place?).
 */
import { formatSchemaVersionName } from "legolas-ts/internal/identifier";
import type { ResolvedVersion } from "../resolve/ir.js";
import type { Catalog } from "./catalog.js";
import { summarize, type CompareOptions, type Comparison } from "./changes.js";
import { compareVersionBodies, type CompareContext } from "./fields.js";

/** Compares `old` (looked up in `oldCatalog`) with `neu` (in `newCatalog`). */
export function compareVersions(
  old: ResolvedVersion,
  neu: ResolvedVersion,
  catalogs: { readonly old: Catalog; readonly new: Catalog },
  options: CompareOptions = {},
): Comparison {
  const context: CompareContext = { old: catalogs.old.version, new: catalogs.new.version, visiting: new Set() };
  const changes = compareVersionBodies("", old, neu, context, false);
  const inPlace = old.name === neu.name && old.version === neu.version;
  return summarize(old.identifier, neu.identifier, inPlace, changes, options);
}

/** Every consecutive pair of versions of schema `name` in `catalog` (1 -> 2, 2 -> 3, ...). */
export function compareConsecutive(name: string, catalog: Catalog, options: CompareOptions = {}): Comparison[] {
  const versions = catalog.versionsOf(name);
  return versions
    .slice(1)
    .map((neu, index) => compareVersions(versions[index]!, neu, { old: catalog, new: catalog }, options));
}

/** The result of comparing every version of the old side with the same `name@N` on the new side. */
export interface InPlaceResult {
  readonly comparisons: Comparison[];
  /** `name@N`s the old side declares and the new side no longer does: their tables lose their schema. */
  readonly removed: string[];
  /** `name@N`s the new side declares and the old side did not: nothing to compare them with in place. */
  readonly added: string[];
}

/** Each version of `old` (or of its schema `name`, when given) against the same `name@N` in `neu`. */
export function compareInPlace(old: Catalog, neu: Catalog, name?: string, options: CompareOptions = {}): InPlaceResult {
  const comparisons: Comparison[] = [];
  const removed: string[] = [];
  const chosen = (catalog: Catalog) =>
    catalog.files.filter((file) => (name === undefined ? !file.external : file.schema === name));
  for (const file of chosen(old)) {
    for (const before of file.versions) {
      const key = formatSchemaVersionName(before);
      const after = neu.version(key);
      if (after === undefined) removed.push(key);
      else comparisons.push(compareVersions(before, after, { old, new: neu }, options));
    }
  }
  const added = chosen(neu)
    .flatMap((file) => file.versions.map((version) => formatSchemaVersionName(version)))
    .filter((key) => old.version(key) === undefined);
  return { comparisons, removed, added };
}
