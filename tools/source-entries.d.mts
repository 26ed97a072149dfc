/** An exported subpath and the source file it is built from, relative to the repository's root. */
export interface SourceEntry {
  readonly specifier: string;
  readonly source: string;
}
export function sourceEntries(options?: { readonly browser?: boolean }): SourceEntry[];
export function sourceAliases(options?: { readonly browser?: boolean }): { find: RegExp; replacement: string }[];
