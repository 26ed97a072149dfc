/**
 * The browser-safe half of the tfjs `IOHandler` for model rows: what saving and loading do with a
 * row once its bytes are had (checks, weight order, artifacts), independent of where the bytes
 * live. io-handler.ts gives it file paths (Node), browser-io.ts URLs, `Response`s and `File`s.
 * See io-handler.ts for why the handler needs the model on both save and load.
 */
import * as tf from "@tensorflow/tfjs";
import type { LayersModel, LayerVariable, layers } from "@tensorflow/tfjs";
import { modelSchemaVersion, type ModelRowFields } from "../model-rows.js";
import { ModelRowError } from "../errors.js";
import type { SchemaVersion } from "../schema-version.js";
import type { UnregisteredAs } from "../arrow/read-bytes.js";
import { FlatArray, float32ValuesOf, Weights } from "../weights/weights.js";
import { UnsupportedWeightDtypeError, WeightsMismatchError } from "./errors.js";
import { layoutMismatch } from "./layout-mismatch.js";
import { type Checked, checkOptions } from "../arrow/options.js";
import { loadCheckedWeights } from "./load-weights.js";
import { type ModelVariable, modelVariables } from "./model-variables.js";
import { findWeightsMismatch } from "./weights-fit.js";
import { isLayersModel, isNestedModel } from "./layers-models.js";
import { ModelRowHandlerError } from "./errors.js";
import { ArchitectureVersionMismatchError } from "./errors.js";
import { describeValue } from "../violations.js";

/** The fields of `legolas-flux.model@1` as `new ModelV1(...)` accepts them. */
export interface ModelRowFieldsInput {
  readonly architecture_version?: bigint | number | null;
}

export interface LegolasModelRowOptions<Row extends object, Input> {
  /**
   * Saving: the model being saved (the handler checks that it is). Loading: a template whose
   * topology the loaded model gets; its own weight values play no part.
   */
  readonly model: LayersModel;
  /** Saving: the row's other fields, e.g. `{ architecture_version: 3, epoch: 7 }`; never `weights`. */
  readonly fields?: Omit<Input, "weights"> | undefined;
  /**
   * Saving: the schema version of the row (default `legolas-flux.model@1`). Loading: read the row
   * as this version (default `legolas-flux.model@1`, which every model row extends).
   */
  readonly schemaVersion?: SchemaVersion<Row, Input> | undefined;
  /** Loading: refuse a row whose `architecture_version` is not this one. */
  readonly expectedArchitectureVersion?: bigint | number | undefined;
  /** Loading: stops reading the row (see {@link LoadModelRowOptions.signal}). */
  readonly signal?: AbortSignal | undefined;
}

export interface LoadModelRowOptions<Row extends object = ModelRowFields> {
  /** Refuse a row whose `architecture_version` is not this one (a missing one included). */
  readonly expectedArchitectureVersion?: bigint | number | undefined;
  /**
   * Read the row as this version; default: the class registered for the file's schema, or, for a
   * schema not registered that extends `legolas-flux.model@1`, `legolas-flux.model@1`.
   */
  readonly schemaVersion?: SchemaVersion<Row, never> | undefined;
  /**
   * See `loadWeights`. Default `false` when the bytes were read by the call itself (a path, a URL,
   * a `Response`, a `File`): nobody else holds that buffer, so the model takes the row's values
   * without a second copy, and the returned row's `weights` view the model's memory (do not write
   * into them or transfer their buffer; pass `true` for memory of the model's own). Default
   * `true` for bytes the caller passed in (`ArrayBuffer`, `Uint8Array`), which the caller may reuse.
   */
  readonly copy?: boolean | undefined;
  /**
   * Stops the load: once it aborts, the call rejects and the model keeps its weights. A URL's
   * request, or `loadModelRowFrom`'s read of a `Response`, `Blob` or bytes, is aborted (a
   * `SourceReadError` whose `cause` is the signal's reason); otherwise (a path, or an abort once
   * the row is read) the call rejects with the reason itself, before the weights are loaded.
   */
  readonly signal?: AbortSignal | undefined;
}

/** A model row whose weights were loaded into a model: its fields, its weights present. */
export type LoadedModelRow<Row extends object = ModelRowFields> = Row & ModelRowFields & { readonly weights: Weights };

/** Where a handler gets and puts its row; `label` names it in error messages (a path, a URL). */
export interface ModelRowStore<Row extends object, Input> {
  readonly label: string;
  readonly read?: (options: ModelRowReadOptions<Row>) => Promise<Row & ModelRowFields>;
  readonly write?: (row: Input, schemaVersion: SchemaVersion<Row, Input>) => Promise<void>;
}

/**
 * Checks the options every model-row handler takes (`call` names the function in messages),
 * then builds the `IOHandler` over `store`: `save` when the store can write, `load` when it can read.
 */
export function modelRowHandler<Row extends object, Input>(
  call: "legolasModelRow" | "legolasModelRowFrom",
  store: ModelRowStore<Row, Input>,
  options: LegolasModelRowOptions<Row, Input>,
): tf.io.IOHandler {
  const path = store.label;
  const model = (options as Partial<LegolasModelRowOptions<Row, Input>> | undefined)?.model;
  if (!isLayersModel(model)) {
    throw new ModelRowHandlerError(
      `${call}("${path}", { model }) needs the tfjs LayersModel: when saving, the model being saved ` +
        `(its structure fixes the stored order of the weights); when loading, a template with the architecture ` +
        `to build (a model row holds weights only, no topology).`,
    );
  }
  if (options.fields != null && Object.hasOwn(options.fields, "weights")) {
    throw new ModelRowHandlerError(
      `${call}("${path}"): fields must not hold "weights"; the handler stores the saved model's weights`,
    );
  }
  // Checked now, not when tfjs calls load: a bad value is refused before anything is read.
  checkOptions(options, call);
  // legolasModelRowFrom makes a handler for one way (no onSave, or no source); the other way
  // refuses in its words: tfjs's own refusal of a handler without it names neither the handler
  // nor what to pass.
  const handler: tf.io.IOHandler = {
    save: async () => {
      throw new ModelRowHandlerError(
        `${call}("${path}") was made without options.onSave, so model.save cannot save through it: pass onSave, which receives the row's bytes`,
      );
    },
    load: async () => {
      throw new ModelRowHandlerError(
        `${call}(null, ...) was made to save, so tf.loadLayersModel cannot load through it: pass the source to load from (a URL, Response, File, Blob or bytes)`,
      );
    },
  };
  const write = store.write;
  if (write !== undefined) {
    handler.save = async (artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> => {
      const weights = weightsFromArtifacts(model, artifacts, path);
      const row = { ...(options.fields ?? {}), weights } as Input;
      await write(row, options.schemaVersion ?? modelSchemaVersion<Row, Input>());
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: "JSON",
          modelTopologyBytes: 0, // never stored: a model row holds numbers, not code
          weightDataBytes: weights.parameterCount * 4,
        },
      };
    };
  }
  const read = store.read;
  if (read !== undefined) {
    handler.load = async (): Promise<tf.io.ModelArtifacts> => {
      const row = checkWeightsRow(
        await read(readOptions(options.schemaVersion ?? modelSchemaVersion<Row, never>(), options.signal)),
        path,
        options.expectedArchitectureVersion,
      );
      return artifactsFromRow(model, row.weights, path);
    };
  }
  return handler;
}

/** A model row as read for a load, with the label (a path, a URL, a file name) that errors name it by. */
export interface LabelledRow<Row extends object> {
  readonly row: Row & ModelRowFields;
  readonly label: string;
}

/** The read options a model-row load passes on to the reader. */
export interface ModelRowReadOptions<Row extends object> extends UnregisteredAs {
  readonly schemaVersion?: SchemaVersion<Row, never>;
  readonly signal?: AbortSignal;
}

/**
 * Reads a model row as `options.schemaVersion` (default: the class registered for the file's
 * schema, else `options.unregisteredAs` when the file's identifier names it), which it checks,
 * with the signal, before it reads anything.
 */
export type ModelRowReader<Row extends object> = (options: ModelRowReadOptions<Row>) => Promise<LabelledRow<Row>>;

/** The options given, without those left undefined, as `exactOptionalPropertyTypes` asks of read options. */
export function readOptions<Row extends object>(
  schemaVersion: SchemaVersion<Row, never> | undefined,
  signal: AbortSignal | undefined,
): ModelRowReadOptions<Row> {
  return {
    ...(schemaVersion === undefined ? {} : { schemaVersion }),
    ...(signal === undefined ? {} : { signal }),
  };
}

/**
 * What `loadModelRow` (a path) and `loadModelRowFrom` (a URL, a `File`, bytes) share, once their
 * doors checked the options: the model's check, reading the one row, and loading its weights all
 * or nothing. `call` names
 * the function for the error for a missing model: its `signature`, e.g. `loadModelRow(model, path)`,
 * its `label` with the source given, and that `source`, the argument after the model (to tell
 * arguments given the other way round). `ownsBytes`: the row is read from bytes no one else
 * holds, so by default they are not copied.
 */
export async function loadModelRowWith<Row extends object>(
  call: { readonly signature: string; readonly label: string; readonly source: unknown },
  model: LayersModel,
  read: ModelRowReader<Row>,
  options: Checked<LoadModelRowOptions<Row>>,
  ownsBytes: boolean,
): Promise<LoadedModelRow<Row>> {
  if (!isLayersModel(model)) {
    throw new ModelRowHandlerError(
      isLayersModel(call.source)
        ? `${call.signature} takes the model first: it was given ${describeValue(model)}, then the model; swap the two arguments`
        : `${call.label}: model must be a tfjs LayersModel, not ${describeValue(model)}`,
    );
  }
  const { copy = !ownsBytes } = options;
  // Without a version asked for, a row of a version this program has not registered that extends
  // legolas-flux.model@1 loads as that, as tf.loadLayersModel(legolasModelRow(...)) loads it.
  const { row, label } = await read({
    ...readOptions(options.schemaVersion, options.signal),
    ...(options.schemaVersion === undefined ? { unregisteredAs: modelSchemaVersion() } : {}),
  });
  // The last moment a load can stop without leaving the model half loaded: loading is synchronous.
  options.signal?.throwIfAborted();
  const checked = checkWeightsRow(row, label, options.expectedArchitectureVersion);
  loadCheckedWeights(model, checked.weights, copy);
  return checked;
}

/** The row, once it is known to hold weights in tfjs's layout, of the expected architecture version. */
export function checkWeightsRow<Row extends object>(
  row: Row & ModelRowFields,
  label: string,
  expected: bigint | number | undefined,
): LoadedModelRow<Row> {
  if (expected !== undefined) {
    const want = BigInt(expected);
    if (row.architecture_version !== want)
      throw new ArchitectureVersionMismatchError(label, want, row.architecture_version);
  }
  if (row.weights === null) {
    throw new ModelRowError(
      label,
      "the row holds no weights (its weights field is missing), so there is nothing to load",
    );
  }
  if (row.weights.layout === "flux") throw layoutMismatch("flux", label);
  return row as LoadedModelRow<Row>;
}

/** The template's topology with the row's weights, for `tf.loadLayersModel`. */
function artifactsFromRow(model: LayersModel, weights: Weights, path: string): tf.io.ModelArtifacts {
  const mismatch = findWeightsMismatch(model, weights);
  if (mismatch !== null) throw new WeightsMismatchError(mismatch);
  // tf.loadLayersModel assigns by name, walking each layer's variables (a nested model's all of
  // its own), and refuses a name it meets twice: two variables of one name, or one variable met
  // twice, in a layer used both inside a nested model and outside it.
  const names = new Set<string>();
  for (const layer of model.layers) {
    for (const { originalName } of layer.weights) {
      if (names.has(originalName)) {
        throw new ModelRowHandlerError(
          `${path}: the template's layers hold "${originalName}" twice (two variables of one name, or a layer ` +
            `used both inside a nested model and outside it), which tf.loadLayersModel cannot tell apart; load ` +
            `into a build of the model with loadModelRow(model, path) or loadModelRowFrom(model, source) instead`,
        );
      }
      names.add(originalName);
    }
  }
  const variables = modelVariables(model);
  const order = tfjsNameOrder(variables, path);
  const data = new Float32Array(weights.parameterCount);
  let offset = 0;
  for (const index of order) {
    const vec = weights.arrays[index]!.vec;
    data.set(float32ValuesOf(vec), offset);
    offset += vec.length;
  }
  return {
    modelTopology: topologyOf(model, path),
    format: "layers-model",
    generatedBy: "legolas-ts",
    convertedBy: null,
    weightSpecs: order.map((index) => {
      const { variable } = variables[index]!;
      return { name: variable.originalName, shape: [...(variable.shape as number[])], dtype: "float32" as const };
    }),
    weightData: data.buffer,
  };
}

/**
 * The order to hand the variables to tfjs in: theirs, but with one whose name does not end in a
 * number first. tfjs 4.22's `loadWeights` (container.js, `isKerasSavedModelFormat`) takes the
 * weights for Keras 3's `layer/0, layer/1` names when the FIRST name's last part parses as an
 * integer, and then matches every variable by its position in its layer's `weights` (trainable
 * first) instead of its name: a custom layer's weights named "1" and "0" would swap without an
 * error, and a Dense after them would find no value. The specs' order is free (tfjs slices the
 * buffer by the specs), so putting another name first avoids it; a template whose names all end
 * in a number is refused.
 */
function tfjsNameOrder(variables: readonly ModelVariable[], path: string): number[] {
  const order = variables.map((_, index) => index);
  if (order.length === 0) return order;
  const first = variables.findIndex(({ variable }) => !endsInNumber(variable.originalName));
  if (first < 0) {
    throw new ModelRowHandlerError(
      `${path}: every variable name of the template ends in a part that starts with a number ("${variables[0]!.variable.originalName}"), ` +
        `which tf.loadLayersModel reads as Keras 3's layer/index names and matches by position within each layer, ` +
        `not by name; load into a build of the model with loadModelRow(model, path) or loadModelRowFrom(model, source) instead`,
    );
  }
  return [first, ...order.filter((index) => index !== first)];
}

/** tfjs's test: the last part of a weight name, after its last "/", parses as an integer. */
function endsInNumber(name: string): boolean {
  return !Number.isNaN(Number.parseInt(name.split("/").at(-1)!, 10));
}

/** A layer's entry in a topology, as `model.toJSON()` gives it (a nested model's with its own `layers`). */
interface TopologyEntry {
  readonly class_name: string;
  readonly config: { readonly name: string; readonly layers?: TopologyEntry[]; depth_multiplier?: number };
}

/**
 * The template's topology for `tf.loadLayersModel` to build. tfjs 4.22's SeparableConv2D leaves
 * its `depthMultiplier` out of its config, so a model built from `model.toJSON()` would have a
 * multiplier of 1 and fail on the row's weights with tfjs's bare "Shape mismatch"; each such
 * layer's entry gets the template layer's multiplier back.
 */
function topologyOf(model: LayersModel, path: string): object {
  const topology = model.toJSON(null, false) as unknown as { config: { layers?: TopologyEntry[] } };
  restoreDepthMultipliers(model, topology.config.layers ?? []);
  refuseGeluNew(topology.config.layers ?? [], path, "");
  return topology;
}

/**
 * tfjs 4.22 cannot build a layer whose activation is `"gelu_new"` (the twin of Flux's `gelu`,
 * docs/flux.md) from a topology: its deserializer camel-cases every string of a config
 * (serialization_utils convertPythonicToTs) and finds no activation `"geluNew"`, failing with
 * "Unknown activation: geluNew ... defined in Python". It is the one activation tfjs names with
 * an underscore. Refused naming the layer, for the load that goes by position instead.
 */
function refuseGeluNew(entries: readonly TopologyEntry[], path: string, prefix: string): void {
  for (const entry of entries) {
    const { layers: inner, ...config } = entry.config;
    if (inner !== undefined) refuseGeluNew(inner, path, `${prefix}${entry.config.name}/`);
    const key = keyHolding(config, "gelu_new");
    if (key === null) continue;
    throw new ModelRowHandlerError(
      `${path}: layer "${prefix}${entry.config.name}" has ${key} "gelu_new", which tf.loadLayersModel cannot build ` +
        `(tfjs 4.22 reads it back as "geluNew", no activation of its); load into a build of the model with ` +
        `loadModelRow(model, path) or loadModelRowFrom(model, source) instead`,
    );
  }
}

/**
 * The keys whose strings tfjs's deserializer leaves as they are: names, and the names a nested
 * model's config gives its inputs and outputs by (serialization_utils isArrayItemInputOrOutputName).
 */
const NAME_KEYS = new Set(["name", "input_layers", "output_layers", "inbound_nodes"]);

/** The key (`layer.config.activation` inside a wrapper) under which `value` holds the string `wanted`, or `null`. */
function keyHolding(value: unknown, wanted: string): string | null {
  if (typeof value !== "object" || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (NAME_KEYS.has(key)) continue;
    if (inner === wanted) return key;
    const deeper = keyHolding(inner, wanted);
    if (deeper !== null) return `${key}.${deeper}`;
  }
  return null;
}

function restoreDepthMultipliers(container: { readonly layers: layers.Layer[] }, entries: TopologyEntry[]): void {
  for (const entry of entries) {
    const layer = container.layers.find((candidate) => candidate.name === entry.config.name);
    if (layer === undefined) continue;
    if (isNestedModel(layer)) restoreDepthMultipliers(layer, entry.config.layers ?? []);
    else if (entry.class_name === "SeparableConv2D")
      entry.config.depth_multiplier ??= (layer as layers.Layer & { readonly depthMultiplier: number }).depthMultiplier;
  }
}

/**
 * The saved weights in `fetchWeights` order, as views into tfjs's save buffer, after checking
 * that the artifacts are `model`'s: the same topology, and `model.weights` one for one.
 */
export function weightsFromArtifacts(model: LayersModel, artifacts: tf.io.ModelArtifacts, path: string): Weights {
  const misuse = (reason: string) => new ModelRowHandlerError(`saving to ${path}: ${reason}`);
  const specs = artifacts.weightSpecs;
  if (specs === undefined || artifacts.weightData === undefined) {
    throw misuse("tfjs handed over no weights; save a LayersModel with model.save(handler)");
  }
  if (specs.some((spec) => spec.group === "optimizer")) {
    throw misuse("a model row holds the model's weights only, not the optimizer's; save without includeOptimizer");
  }
  const live = model.weights;
  const sameTopology = JSON.stringify(artifacts.modelTopology) === JSON.stringify(model.toJSON(null, false));
  const sameVariables =
    specs.length === live.length &&
    specs.every((spec, k) => spec.name === live[k]!.originalName && sameShape(spec.shape, live[k]!.shape as number[]));
  if (!sameTopology || !sameVariables) {
    if (sameTopology && specs.length < live.length) {
      throw misuse(
        `tfjs handed over ${specs.length} of the model's ${live.length} weights (trainableOnly?); ` +
          `a model row holds every variable, trainable or not`,
      );
    }
    throw misuse(
      "the saved model is not the one this handler was made for; create the handler with " +
        "legolasModelRow(path, { model }) for the model you call save on",
    );
  }

  // Refuse what Weights cannot hold before reading anything, naming the layer.
  const position = new Map<LayerVariable, number>(live.map((variable, k) => [variable, k]));
  const structural = modelVariables(model);
  for (const { index, layerName, variable } of structural) {
    const spec = specs[position.get(variable) ?? -1];
    if (spec === undefined)
      throw misuse(`variable "${variable.name}" of layer "${layerName}" is not among model.weights`);
    if (spec.dtype !== "float32" || spec.quantization !== undefined) {
      throw new UnsupportedWeightDtypeError(
        index,
        layerName,
        variable.name,
        spec.quantization ? "quantized" : spec.dtype,
      );
    }
  }

  // Where each variable's values start in tfjs's buffer (every spec is float32 now).
  const buffer = joinWeightData(artifacts.weightData);
  const offsets: number[] = [];
  let offset = 0;
  for (const spec of specs) {
    offsets.push(offset);
    offset += spec.shape.reduce((product, extent) => product * extent, 1) * 4;
  }
  if (offset !== buffer.byteLength) {
    throw misuse(`tfjs handed over ${buffer.byteLength} bytes of weights, the specs describe ${offset}`);
  }
  return new Weights(
    structural.map(({ variable }) => {
      const k = position.get(variable)!;
      const shape = specs[k]!.shape;
      const length = shape.reduce((product, extent) => product * extent, 1);
      return FlatArray.fromShape(new Float32Array(buffer, offsets[k]!, length), shape);
    }),
    { layout: "tfjs" },
  );
}

function joinWeightData(data: tf.io.WeightData): ArrayBuffer {
  return Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((extent, axis) => extent === b[axis]);
}
