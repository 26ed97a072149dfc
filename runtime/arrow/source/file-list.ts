/**
 * The files a read of many tables reads, from the sources its caller lists. Refused
 * (`SourceListError`) when the list is empty, since a filter that kept no file would read as a
 * table of no rows, and when two sources name one file, whose rows would be read twice. When two
 * sources are one file is the entry's to say ({@link FileListing}): a local path by its resolved
 * path (`a.arrow`, `./a.arrow` and `runs/../a.arrow` are one file), a URL by its text as given.
 * Bytes, `Blob`s and `Response`s name no file: the same bytes listed twice are read twice, as asked.
 */
import { SourceListError } from "./errors.js";

/** The file a source names: what makes two spellings of it one, and how an error shows it. */
export interface NamedFile {
  /** Equal for every spelling of the file (a resolved path, a URL). */
  readonly key: string;
  /** The source as an error names it: a path as given, a URL without its query. */
  readonly shown: string;
}

/** How an entry (Node's, the browser's) lists the files of the sources it takes. */
export interface FileListing<Source> {
  /** The files `source` stands for, in order: itself, or a glob pattern's matches. */
  readonly filesOf: (source: Source) => readonly Source[] | Promise<readonly Source[]>;
  /** The file `source` names, or `undefined` for a source that names none (bytes, a `Blob`). */
  readonly fileOf: (source: Source) => NamedFile | undefined;
}

/** The files of `given` (one source, or a list), in order, each named once (see the module comment). */
export async function listedFiles<Source>(
  given: Source | readonly Source[],
  listing: FileListing<Source>,
): Promise<Source[]> {
  const sources = Array.isArray(given) ? (given as readonly Source[]) : [given as Source];
  if (sources.length === 0) throw new SourceListError();
  const files: Source[] = [];
  const firstNamed = new Map<string, { readonly file: NamedFile; readonly position: number }>();
  for (const [position, source] of sources.entries()) {
    for (const file of await listing.filesOf(source)) {
      files.push(file);
      const named = listing.fileOf(file);
      if (named === undefined) continue;
      const first = firstNamed.get(named.key);
      if (first === undefined) {
        firstNamed.set(named.key, { file: named, position });
        continue;
      }
      // A named file comes from a source that names one: itself, or the pattern that matched it.
      const listed = (at: number) => listing.fileOf(sources[at]!)?.shown ?? first.file.shown;
      throw new SourceListError({
        file: first.file.shown,
        positions: [first.position, position],
        listed: [listed(first.position), listed(position)],
      });
    }
  }
  return files;
}
