/**
 * The files a read of many tables reads, from the sources its caller lists. Refused
 * (`SourceListError`) when the list is empty, since a filter that kept no file would read as a
 * table of no rows, and when two sources name one file, whose rows would be read twice. When two
 * sources are one file is the entry's to say ({@link FileListing}): a local path by what the disk
 * says it is (a link and its target, or `RUN.arrow` and `run.arrow` on a disk that ignores
 * capitals, are one file), else by its resolved path (`a.arrow`, `./a.arrow` and
 * `runs/../a.arrow` are one file), a URL by its text as given. Bytes, `Blob`s and `Response`s
 * name no file: the same bytes listed twice are read twice, as asked.
 */
import { SourceListError } from "./errors.js";

/** The file a source names: what makes two spellings of it one, and how an error shows it. */
export interface NamedFile {
  /** Equal for every spelling of the file that its text can tell (a resolved path, a URL). */
  readonly key: string;
  /** The source as an error names it: a path as given, a URL without its query. */
  readonly shown: string;
  /**
   * Which file the disk holds under this name, equal for all its names, where the text cannot
   * tell (a link, other capitals); `undefined` where the disk does not say (no such file yet),
   * and `key` decides.
   */
  readonly identity?: (() => Promise<string | undefined>) | undefined;
}

/** What every spelling of `file` shares and no other file has: the disk's identity where it gives one, else its key. */
export async function fileKey(file: NamedFile): Promise<string> {
  return (await file.identity?.()) ?? file.key;
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
  const named: { readonly file: NamedFile; readonly position: number }[] = [];
  for (const [position, source] of sources.entries()) {
    for (const file of await listing.filesOf(source)) {
      files.push(file);
      const namedFile = listing.fileOf(file);
      if (namedFile !== undefined) named.push({ file: namedFile, position });
    }
  }
  // Asked of every file at once: one question each to the disk, none waiting on another's answer.
  const keys = await Promise.all(named.map(({ file }) => fileKey(file)));
  const firstNamed = new Map<string, (typeof named)[number]>();
  for (const [index, { position }] of named.entries()) {
    const first = firstNamed.get(keys[index]!);
    if (first === undefined) {
      firstNamed.set(keys[index]!, named[index]!);
      continue;
    }
    // A named file comes from a source that names one: itself, or the pattern that matched it,
    // whose match is said, since one pattern may match the file by two names (it and a link).
    const listed = ({ file, position: at }: (typeof named)[number]) => {
      const source = listing.fileOf(sources[at]!)?.shown ?? file.shown;
      return source === file.shown ? source : `${source}, matched ${file.shown}`;
    };
    throw new SourceListError({
      file: first.file.shown,
      positions: [first.position, position],
      listed: [listed(first), listed(named[index]!)],
    });
  }
  return files;
}
