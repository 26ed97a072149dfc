/**
 * Model rows with TensorFlow.js's own idioms:
 *
 *     await model.save(legolasModelRow("run.model.arrow", { model, fields: { architecture_version: 3 } }));
 *     const copy = await tf.loadLayersModel(legolasModelRow("run.model.arrow", { model: template }));
 *
 * and, for a model built by code (the usual case, as with LegolasFlux), one call:
 *
 *     const row = await loadModelRow(model, "run.model.arrow", { expectedArchitectureVersion: 3 });
 *
 * Why the handler needs `model`, on saving too. `model.save` hands a handler the weights in
 * `model.weights` order, which puts trainable variables first and so moves a layer's variables
 * when the layer is frozen. A model row stores them in `fetchWeights`' structural order (layer by
 * layer, in creation order) so that Julia and every later build agree, and only the model knows
 * that structure. Rebuilding it from the topology JSON and the variable names would have to guess
 * at scoped names in nested models and could not recover the creation order inside a layer whose
 * variables differ in `trainable`. So the handler takes the model and checks that what `save`
 * hands it came from that very model (same topology, same variables in the same places); the
 * stored bytes are the ones tfjs handed over, reordered, never re-read.
 *
 * Why loading needs a template. A model row holds numbers only, never code or topology (as in
 * LegolasFlux), so `load()` returns the template's topology with the row's weights.
 * `tf.loadLayersModel` then builds a new model with the template's layer names and assigns the
 * weights by those names, exactly as it does for its own `model.json` files; the variables are
 * matched to the row's arrays by position in the template, never by name.
 *
 * Memory. Saving reads from the buffer tfjs made for the save, which nobody else holds. Loading
 * through the handler copies the row's values into one new buffer, because tfjs wants the weights
 * as an ArrayBuffer of their own (and its `decodeWeights` slices that again into its tensors).
 * `loadModelRow` reads the file itself, so nobody else holds those bytes: the model takes the
 * row's values as they are, with no second copy (`{ copy: true }` asks for one; see `loadWeights`).
 */
import type * as tf from "@tensorflow/tfjs";
import type { LayersModel } from "@tensorflow/tfjs";
import { writeModelRow } from "../model-row-files.js";
import { readCheckedModelRowBytes, type ModelRowFields } from "../model-rows.js";
import { checkOptions } from "../arrow/options.js";
import { readFileBytes } from "../arrow/guard/checked-file.js";
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
 * A tfjs `IOHandler` for the one-row model file at `path`: `model.save(handler)` writes the row
 * (atomically, validated), `tf.loadLayersModel(handler)` reads it into a new model with the
 * template's topology. Node only (it uses the file system); in a browser use
 * `legolasModelRowFrom(urlOrFile, options)`.
 *
 * @throws ModelRowHandlerError at once when `model` is missing or `fields` holds `weights`; from
 * `save` when the artifacts did not come from `model`, or were saved with `includeOptimizer` or
 * `trainableOnly` (a model row holds every model variable and nothing else).
 */
export function legolasModelRow<Row extends object = ModelRowFields, Input = ModelRowFieldsInput>(
  path: string,
  options: LegolasModelRowOptions<Row, Input>,
): tf.io.IOHandler {
  if (typeof path !== "string" || path.length === 0) {
    throw new ModelRowHandlerError("legolasModelRow(path, options): path must be a non-empty file path");
  }
  const read = fileRowReader<Row>(path);
  return modelRowHandler<Row, Input>(
    "legolasModelRow",
    {
      label: path,
      read: async (options) => (await read(options)).row,
      write: (row, schemaVersion) => writeModelRow(path, row, schemaVersion),
    },
    options,
  );
}

function fileRowReader<Row extends object>(path: string): ModelRowReader<Row> {
  // Typed as the caller asked: loadModelRow's and legolasModelRow's signatures tie Row to schemaVersion.
  return async ({ unregisteredAs, signal, ...given }) => {
    // A local file's read is not stopped midway: a signal aborted by then stops the call before it reads.
    signal?.throwIfAborted();
    // readModelRow's read (a loader gives no columns), with what the loader adds to the options it checked.
    const options = { ...checkOptions(given, "readModelRow"), unregisteredAs };
    const row = readCheckedModelRowBytes(await readFileBytes(path), options, path, "readTable");
    return { row: row as Row & ModelRowFields, label: path };
  };
}

/**
 * Reads the model row at `path` and loads its weights into `model` (by position, as
 * `loadWeights`), after checking that the row has weights and, when asked, the architecture
 * version. Returns the row, for its other fields. All or nothing: on any error the model keeps
 * its weights. Node only; in a browser use `loadModelRowFrom(model, urlOrFile, options)`.
 *
 * No second copy: the file's bytes are read here and held by nobody else, so the model's
 * variables take the row's float32 values as they are. The returned row's `weights` are
 * therefore the model's memory: read them, do not write into them or transfer their buffer
 * (pass `{ copy: true }` to give the model memory of its own).
 *
 * @throws ModelRowError (not one model row, or no weights), ArchitectureVersionMismatchError,
 * WeightsMismatchError, DisposedModelError.
 */
export async function loadModelRow<Row extends object>(
  model: LayersModel,
  path: string,
  options: ReadAs<Row, LoadModelRowOptions<Row>>,
): Promise<LoadedModelRow<Row>>;
export async function loadModelRow(
  model: LayersModel,
  path: string,
  options?: LoadModelRowOptions,
): Promise<LoadedModelRow>;
export async function loadModelRow(
  model: LayersModel,
  path: string,
  options: LoadModelRowOptions = {},
): Promise<LoadedModelRow> {
  return loadModelRowWith(
    { signature: "loadModelRow(model, path)", label: `loadModelRow(model, "${path}")`, source: path },
    model,
    fileRowReader(path),
    checkOptions(options, "loadModelRow"),
    true,
  );
}
