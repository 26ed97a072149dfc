/**
 * Model rows for tfjs without a file system: from a URL (fetched), a `Request`/`Response`, a
 * dropped `File` or any `Blob`, or bytes. Web-platform APIs only, so this runs in browsers and
 * workers, and in Node too (where a string is a URL, not a path).
 *
 *     const row = await loadModelRowFrom(model, "digits.best.digits-model.arrow", { expectedArchitectureVersion: 1n });
 *     const copy = await tf.loadLayersModel(legolasModelRowFrom(file, { model: template }));
 */
import type * as tf from "@tensorflow/tfjs";
import type { LayersModel } from "@tensorflow/tfjs";
import { readCheckedModelRowBytes, writeModelRowBytes, type ModelRowFields } from "../model-rows.js";
import { readCheckedSourceBytes, type ByteSource, type SourceOptions } from "../sources.js";
import { type Checked, checkOptions } from "../arrow/options.js";
import { isFetchTarget, urlOf } from "../arrow/source/http-fetch.js";
import { shownUrl } from "../urls.js";
import type { ReadAs } from "../arrow/read-bytes.js";
import { loadModelRowWith, modelRowHandler } from "./model-row-handler.js";
import { ModelRowHandlerError } from "./errors.js";
import type {
  LegolasModelRowOptions,
  LoadedModelRow,
  LoadModelRowOptions,
  ModelRowFieldsInput,
  ModelRowReader,
} from "./model-row-handler.js";

/**
 * The options of `legolasModelRowFrom`: the handler's, and how a URL is read (its request
 * retried as `retries` and `maxRetryDelay` say).
 */
export interface LegolasModelRowFromOptions<Row extends object, Input>
  extends LegolasModelRowOptions<Row, Input>,
    SourceOptions {
  /**
   * Saving: receives the bytes of the one-row Arrow file (validated), e.g. to offer them as a
   * download or to `fetch(url, { method: "PUT", body: bytes })`. Without it the handler cannot save.
   */
  readonly onSave?: ((bytes: Uint8Array<ArrayBuffer>) => void | Promise<void>) | undefined;
}

/**
 * A tfjs `IOHandler` over a model row that is not a file path: `tf.loadLayersModel(handler)`
 * reads `source` (a URL, `Request`, `Response`, `File`/`Blob`, `ArrayBuffer` or `Uint8Array`)
 * into a new model with the template's topology, exactly as `legolasModelRow` does for a path;
 * `model.save(handler)` hands the row's bytes to `options.onSave` (pass `source: null` then).
 */
export function legolasModelRowFrom<Row extends object = ModelRowFields, Input = ModelRowFieldsInput>(
  source: ByteSource | null,
  options: LegolasModelRowFromOptions<Row, Input>,
): tf.io.IOHandler {
  const onSave = options?.onSave;
  if (source == null && onSave === undefined) {
    throw new ModelRowHandlerError(
      "legolasModelRowFrom(source, options): give a source to load from (a URL, Response, File, Blob or bytes), or options.onSave to save to",
    );
  }
  const handler = modelRowHandler<Row, Input>(
    "legolasModelRowFrom",
    {
      label: describeSource(source),
      ...(source == null
        ? {}
        : { read: async (given) => (await sourceRowReader<Row>(source, sourceOptions)(given)).row }),
      ...(onSave === undefined
        ? {}
        : { write: async (row, schemaVersion) => onSave(writeModelRowBytes(row, schemaVersion)) }),
    },
    options,
  );
  // As a source's read takes them; after modelRowHandler, so that options without a model (or
  // none at all) are refused for the missing model.
  const sourceOptions = checkOptions(options, "legolasModelRowFrom");
  return handler;
}

/**
 * `loadModelRow` for a URL, `Request`, `Response`, `File`/`Blob` or bytes: reads the one model
 * row, checks that it holds weights (and, when asked, its `architecture_version`), and loads them
 * into `model` by position, all or nothing. Returns the row, for its other fields. A URL is read
 * as `readTableFrom` reads it, with its `SourceOptions` (`retries`, `maxRetryDelay`).
 *
 * @throws SourceReadError (an HTTP error, a failed fetch), NotArrowFileError and the other read
 * errors, ModelRowError, ArchitectureVersionMismatchError, WeightsMismatchError, DisposedModelError.
 */
export async function loadModelRowFrom<Row extends object>(
  model: LayersModel,
  source: ByteSource,
  options: ReadAs<Row, LoadModelRowOptions<Row> & SourceOptions>,
): Promise<LoadedModelRow<Row>>;
export async function loadModelRowFrom(
  model: LayersModel,
  source: ByteSource,
  options?: LoadModelRowOptions & SourceOptions,
): Promise<LoadedModelRow>;
export async function loadModelRowFrom(
  model: LayersModel,
  source: ByteSource,
  options: LoadModelRowOptions & SourceOptions = {},
): Promise<LoadedModelRow> {
  // Bytes the caller passed in may be reused by the caller: copied by default. Bytes this call
  // fetched or read from a Blob are held by nobody else.
  const callersBytes = source instanceof ArrayBuffer || ArrayBuffer.isView(source);
  const checked = checkOptions(options, "loadModelRowFrom");
  return loadModelRowWith(
    {
      signature: "loadModelRowFrom(model, source)",
      label: `loadModelRowFrom(model, "${describeSource(source)}")`,
      source,
    },
    model,
    sourceRowReader(source, checked),
    checked,
    !callersBytes,
  );
}

/** Reads the row from `source` as `sourceOptions` (checked by the caller's door) say a source is read. */
function sourceRowReader<Row extends object>(
  source: ByteSource,
  sourceOptions: Checked<SourceOptions>,
): ModelRowReader<Row> {
  return async ({ unregisteredAs, ...given }) => {
    const options = { ...checkOptions(given, "readModelRowFrom"), unregisteredAs };
    const { bytes, name } = await readCheckedSourceBytes(source, sourceOptions);
    // Typed as the caller asked: loadModelRowFrom's and legolasModelRowFrom's signatures tie Row to schemaVersion.
    return {
      row: readCheckedModelRowBytes(bytes, options, name, "readTableFrom") as Row & ModelRowFields,
      label: name,
    };
  };
}

function describeSource(source: ByteSource | null): string {
  if (source == null) return "(save only)";
  if (isFetchTarget(source)) return urlOf(source);
  if (typeof Response !== "undefined" && source instanceof Response)
    return source.url ? shownUrl(source.url) : "response";
  if (typeof Blob !== "undefined" && source instanceof Blob) return (source as File).name || "blob";
  return "bytes";
}
