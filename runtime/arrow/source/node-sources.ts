/**
 * What a Node program can read a table from: a path (positioned reads of the local file), an
 * `http:`/`https:` URL, given as a string or a `URL` (range requests), a `file:` URL, and
 * everything a web page can (web-source.ts).
 */
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

/** The file a source names: a path (or `file:` URL) by its resolved path, so that `a.arrow` and `./a.arrow` are one. */
export function namedNodeFile(source: TableSource): NamedFile | undefined {
  if (typeof source === "string" && !isHttpUrl(source)) return { key: resolve(source), shown: source };
  if (source instanceof URL && source.protocol === "file:")
    return { key: resolve(fileURLToPath(source)), shown: source.href };
  return namedWebFile(source);
}
