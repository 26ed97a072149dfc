/**
 * Reading tables and model rows from what a web page has at hand: a URL, a `Response`, a
 * dropped `File` or any `Blob`, or bytes. Only web-platform APIs (`fetch`, `Blob`, `Response`),
 * which Node 20 has as well, so these work in browsers, workers and Node alike. In Node a string
 * is a URL to fetch, never a file path: use `readTable` / `readModelRow` for paths.
 */
import { LegolasError } from "./errors.js";
import { type ReadAs, readTableBytes, type ReadTableOptions, type ReadTableResult } from "./arrow/read-bytes.js";
import { readModelRowBytes, type ModelRowFields } from "./model-rows.js";

/** Where the bytes of an Arrow file can come from without a file system. */
export type ByteSource = string | URL | Request | Response | Blob | ArrayBuffer | ArrayBufferView;

/** A source whose bytes could not be had: an HTTP error, a failed fetch, an unreadable `Blob`. */
export class SourceReadError extends LegolasError {
  override readonly name = "SourceReadError";
  readonly code = "source_unreadable";
  constructor(
    readonly source: string,
    readonly reason: string,
    options?: { cause?: unknown },
  ) {
    super(`${source}: ${reason}`, options);
  }
}

/** The bytes behind `source`, with a name for it that error messages use. */
export async function readSourceBytes(source: ByteSource): Promise<{ bytes: Uint8Array; name: string }> {
  if (source instanceof Uint8Array) return { bytes: source, name: "bytes" };
  if (ArrayBuffer.isView(source)) {
    return { bytes: new Uint8Array(source.buffer, source.byteOffset, source.byteLength), name: "bytes" };
  }
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), name: "bytes" };
  if (typeof Blob !== "undefined" && source instanceof Blob) {
    const name =
      typeof (source as File).name === "string" && (source as File).name !== "" ? (source as File).name : "blob";
    try {
      return { bytes: new Uint8Array(await source.arrayBuffer()), name };
    } catch (error) {
      throw new SourceReadError(name, `could not read the file: ${messageOf(error)}`, { cause: error });
    }
  }
  if (typeof Response !== "undefined" && source instanceof Response)
    return responseBytes(source, source.url || "response");
  if (
    typeof source === "string" ||
    source instanceof URL ||
    (typeof Request !== "undefined" && source instanceof Request)
  ) {
    const name = typeof source === "string" ? source : source instanceof URL ? source.href : source.url;
    let response: Response;
    try {
      response = await fetch(source);
    } catch (error) {
      throw new SourceReadError(name, `could not fetch it: ${messageOf(error)}`, { cause: error });
    }
    return responseBytes(response, name);
  }
  throw new SourceReadError(
    String(source),
    "not a source of bytes; pass a URL, a Request or Response, a File or Blob, an ArrayBuffer or a Uint8Array",
  );
}

/** {@link readTableBytes} from a URL, `Response`, `File`/`Blob` or bytes; rows typed by `options.schemaVersion` ({@link ReadAs}). */
export async function readTableFrom<Row extends object>(
  source: ByteSource,
  options: ReadAs<Row>,
): Promise<ReadTableResult<Row>>;
export async function readTableFrom(source: ByteSource, options?: ReadTableOptions): Promise<ReadTableResult>;
export async function readTableFrom(source: ByteSource, options: ReadTableOptions = {}): Promise<ReadTableResult> {
  const { bytes, name } = await readSourceBytes(source);
  return readTableBytes(bytes, options, name);
}

/** {@link readModelRowBytes} from a URL, `Response`, `File`/`Blob` or bytes; the row typed by `options.schemaVersion` ({@link ReadAs}). */
export async function readModelRowFrom<Row extends object>(
  source: ByteSource,
  options: ReadAs<Row>,
): Promise<Row & ModelRowFields>;
export async function readModelRowFrom(source: ByteSource, options?: ReadTableOptions): Promise<ModelRowFields>;
export async function readModelRowFrom(source: ByteSource, options: ReadTableOptions = {}): Promise<ModelRowFields> {
  const { bytes, name } = await readSourceBytes(source);
  return readModelRowBytes(bytes, options, name);
}

async function responseBytes(response: Response, name: string): Promise<{ bytes: Uint8Array; name: string }> {
  if (!response.ok) {
    throw new SourceReadError(
      name,
      `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}; nothing was read`,
    );
  }
  try {
    return { bytes: new Uint8Array(await response.arrayBuffer()), name };
  } catch (error) {
    throw new SourceReadError(name, `could not read the response body: ${messageOf(error)}`, { cause: error });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
