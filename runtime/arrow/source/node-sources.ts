/**
 * What a Node program can read a table from: a path (positioned reads of the local file), an
 * `http:`/`https:` URL, given as a string or a `URL` (range requests), a `file:` URL, and
 * everything a web page can (web-source.ts).
 */
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { NamedFile } from "./file-list.js";
import type { RandomAccessSource } from "./byte-source.js";
import { openFileSource } from "./file-source.js";
import { isHttpUrl, shownUrl } from "../../urls.js";
import { type ByteSource, namedWebFile, openWebSource, type SourceOptions } from "./web-source.js";

/** A path, or what {@link ByteSource} names; a string is a path unless it starts with `http://` or `https://`. */
export type TableSource = string | ByteSource;

/** A path as it is, a URL as errors name it: without its query or password (http-fetch.ts `shownUrl`). */
export function shownSource(source: string): string {
  return isHttpUrl(source) ? shownUrl(source) : source;
}

export async function openNodeSource(source: TableSource, options: SourceOptions = {}): Promise<RandomAccessSource> {
  if (typeof source === "string" && !isHttpUrl(source)) return openFileSource(source, options.signal);
  if (source instanceof URL && source.protocol === "file:")
    return openFileSource(fileURLToPath(source), options.signal);
  return openWebSource(source, options, "a file's path, a URL, a Request or Response, a Blob, or bytes");
}

/**
 * The file a source names: a path (or `file:` URL) by the file the disk holds under it, so that a
 * link and its target are one, or else by its resolved path, so that `a.arrow` and `./a.arrow` are.
 */
export function namedNodeFile(source: TableSource): NamedFile | undefined {
  if (typeof source === "string" && !isHttpUrl(source)) return namedLocalFile(source, source);
  if (source instanceof URL && source.protocol === "file:") return namedLocalFile(fileURLToPath(source), source.href);
  return namedWebFile(source);
}

function namedLocalFile(path: string, shown: string): NamedFile {
  return { key: resolve(path), shown, identity: () => fileIdentity(path) };
}

/**
 * The device and file number of the file at `path`, links followed: one file's under every name
 * (a symbolic or hard link, other capitals where the disk ignores them), on Linux, macOS and
 * Windows alike, from one stat and no open. Read as bigints, since Windows's file numbers pass
 * 2^53. `undefined` when the disk gives no file number (0, as FAT and some network shares do under
 * Windows) or the file cannot be looked at: its read, in its turn, says why.
 */
async function fileIdentity(path: string): Promise<string | undefined> {
  try {
    const { dev, ino } = await stat(path, { bigint: true });
    return ino === 0n ? undefined : `device ${dev}, file ${ino}`;
  } catch {
    return undefined;
  }
}
