/**
 * What a web page (or a worker, or Node) can read a table from without a file system, opened as
 * a {@link RandomAccessSource}: a URL or `Request` (range requests, http-source.ts), a `File` or
 * `Blob` (sliced), bytes (viewed), a `Response` someone else fetched (its body, whole).
 */
import type { RandomAccessSource } from "./byte-source.js";
import type { NamedFile } from "./file-list.js";
import { shownUrl } from "../../urls.js";
import { hrefOf, isFetchTarget, wholeFileBody } from "./http-fetch.js";
import { openHttpSource, type SourceOptions } from "./http-source.js";
import { blobSource, bytesSource } from "./memory-source.js";
import { isDetached } from "../../weights-shape.js";
import { detachedBytesError, SourceReadError } from "./errors.js";
import { describeValue, indefiniteArticle } from "../../violations.js";

/** Where the bytes of an Arrow file can come from without a file system. */
export type ByteSource = string | URL | Request | Response | Blob | ArrayBuffer | ArrayBufferView;

export type { SourceOptions } from "./http-source.js";

/** What a web page reads from, as a refusal of anything else lists it. */
const WEB_SOURCES = "a URL, a Request or Response, a File or Blob, an ArrayBuffer or a Uint8Array";

/**
 * Opens `source` for reading in ranges; a string is a URL. Anything else is refused with the
 * kinds of source the caller takes (`accepted`: Node's readers take paths as well).
 */
export async function openWebSource(
  source: ByteSource,
  options: SourceOptions = {},
  accepted = WEB_SOURCES,
): Promise<RandomAccessSource> {
  const { signal } = options;
  const bytes = viewOf(source);
  if (bytes !== null) return bytesSource(bytes, "bytes", signal);
  if (typeof Blob !== "undefined" && source instanceof Blob) return blobSource(source, signal);
  if (typeof Response !== "undefined" && source instanceof Response) {
    const name = source.url ? shownUrl(source.url) : "response";
    return bytesSource(await wholeFileBody(source, name, { signal }), name, signal);
  }
  if (isFetchTarget(source)) return openHttpSource(source, options);
  throw notASource(source, accepted);
}

/**
 * The file a URL, `URL` or `Request` names, by its URL as given (relative to the page, a string
 * cannot be resolved here the way the fetch will); other sources hold their bytes and name none.
 */
export function namedWebFile(source: ByteSource): NamedFile | undefined {
  if (!isFetchTarget(source)) return undefined;
  const url = hrefOf(source);
  return { key: url, shown: shownUrl(url) };
}

/** The bytes of a source that is bytes (no copy), else `null`. */
export function viewOf(source: unknown): Uint8Array | null {
  if (!(source instanceof ArrayBuffer) && !ArrayBuffer.isView(source)) return null;
  if (isDetached(source)) throw detachedBytesError("bytes");
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
}

export function notASource(source: unknown, accepted = WEB_SOURCES): SourceReadError {
  // A fetch's `response.body` or a `blob.stream()`: read once and whole, a Response does it.
  if (typeof ReadableStream !== "undefined" && source instanceof ReadableStream) {
    // new Response(stream) refuses a locked stream too ("should not be disturbed or locked").
    if (source.locked) {
      return new SourceReadError(
        "a ReadableStream",
        `not a source of bytes itself, and locked: a reader holds it (stream.getReader()), so nothing else can read it. Release the reader (reader.releaseLock()) and pass new Response(stream), or pass the bytes it read, or ${accepted}`,
      );
    }
    return new SourceReadError(
      "a ReadableStream",
      `not a source of bytes itself; pass new Response(stream), which reads it whole (of a fetch, pass the Response, not its body), or ${accepted}; a stream gives its bytes once: pass one not read yet`,
    );
  }
  // Node's own streams (fs.createReadStream, stdin) are no web stream, which Response takes.
  if (isNodeStream(source)) {
    return new SourceReadError(
      `${describeValue(source)} (a Node.js stream)`,
      `not a source of bytes itself; pass the path of the file it reads, or new Response(Readable.toWeb(stream)) (Readable of node:stream), which reads it whole, or ${accepted}; a stream gives its bytes once: pass one not read yet`,
    );
  }
  // A Set or a generator of sources, meant as many files: the one reader of many takes an array.
  if (isIterable(source)) {
    return new SourceReadError(
      shownSource(source),
      `not a source of bytes; to read many sources as one table, pass them to readTableBatches as an array ([...sources], an async iterable's collected first), or pass ${accepted}`,
    );
  }
  return new SourceReadError(shownSource(source), `not a source of bytes; pass ${accepted}`);
}

/**
 * `source` as text, or described where its text names no kind ("[object Object]") or it has none
 * (`String` throws); a generator, which has no class of its own, by its tag ("an AsyncGenerator").
 */
function shownSource(source: unknown): string {
  if (typeof source === "object" && source !== null) {
    const described = describeValue(source);
    const tag = propertyOf(source, Symbol.toStringTag);
    return described === "an object" && typeof tag === "string" ? `${indefiniteArticle(tag)} ${tag}` : described;
  }
  try {
    return String(source);
  } catch {
    return describeValue(source);
  }
}

/** Reads a property of anything, a Proxy whose trap throws included, as `undefined` where it cannot. */
function propertyOf(source: unknown, key: PropertyKey): unknown {
  if (typeof source !== "object" || source === null) return undefined;
  try {
    return (source as Record<PropertyKey, unknown>)[key];
  } catch {
    return undefined;
  }
}

function isNodeStream(source: unknown): boolean {
  return typeof propertyOf(source, "pipe") === "function" && typeof propertyOf(source, "on") === "function";
}

function isIterable(source: unknown): boolean {
  return (
    typeof propertyOf(source, Symbol.iterator) === "function" ||
    typeof propertyOf(source, Symbol.asyncIterator) === "function"
  );
}
