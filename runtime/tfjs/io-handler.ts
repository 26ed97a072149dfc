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
 * through the handler copies the row's values into one new buffer (tfjs then makes its own
 * tensors); `loadModelRow` copies unless `{ copy: false }` (see `loadWeights`).
 */
import * as tf from "@tensorflow/tfjs";
import type { LayersModel, LayerVariable } from "@tensorflow/tfjs";
import { LegolasError } from "../errors.js";
import { MODEL_SCHEMA, ModelRowError, readModelRow, writeModelRow, type ModelRowFields } from "../model-rows.js";
import { findSchemaVersion } from "../registry.js";
import type { SchemaVersion } from "../schema-version.js";
import { FlatArray, Weights } from "../weights/weights.js";
import { UnsupportedWeightDtypeError, WeightsMismatchError } from "./errors.js";
import { loadWeights } from "./load-weights.js";
import { modelVariables } from "./model-variables.js";
import { findWeightsMismatch } from "./weights-fit.js";

/** The handler was used in a way that cannot give a faithful model row or model. */
export class ModelRowHandlerError extends LegolasError {
  override readonly name = "ModelRowHandlerError";
  readonly code = "model_row_handler_misuse";
}

/** The row was written for another architecture than the one the reader builds. */
export class ArchitectureVersionMismatchError extends LegolasError {
  override readonly name = "ArchitectureVersionMismatchError";
  readonly code = "architecture_version_mismatch";
  constructor(
    readonly source: string,
    readonly expected: bigint,
    readonly found: bigint | null,
  ) {
    super(
      `${source}: the row's architecture_version is ${found === null ? "missing" : found}, ` +
        `but the code building this model is architecture_version ${expected}. Nothing was loaded. ` +
        (found === null
          ? `The writer did not record a version; if you know the weights fit, load without expectedArchitectureVersion.`
          : `Build the model with the code of architecture_version ${found}, or retrain.`),
    );
  }
}

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
  readonly fields?: Omit<Input, "weights">;
  /**
   * Saving: the schema version of the row (default `legolas-flux.model@1`). Loading: read the row
   * as this version (default `legolas-flux.model@1`, which every model row extends).
   */
  readonly schemaVersion?: SchemaVersion<Row, Input>;
  /** Loading: refuse a row whose `architecture_version` is not this one. */
  readonly expectedArchitectureVersion?: bigint | number;
}

/**
 * A tfjs `IOHandler` for the one-row model file at `path`: `model.save(handler)` writes the row
 * (atomically, validated), `tf.loadLayersModel(handler)` reads it into a new model with the
 * template's topology.
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
  const model = (options as Partial<LegolasModelRowOptions<Row, Input>> | undefined)?.model;
  if (!isLayersModel(model)) {
    throw new ModelRowHandlerError(
      `legolasModelRow("${path}", { model }) needs the tfjs LayersModel: when saving, the model being saved ` +
        `(its structure fixes the stored order of the weights); when loading, a template with the architecture ` +
        `to build (a model row holds weights only, no topology).`,
    );
  }
  if (options.fields != null && Object.hasOwn(options.fields, "weights")) {
    throw new ModelRowHandlerError(
      `legolasModelRow("${path}"): fields must not hold "weights"; the handler stores the saved model's weights`,
    );
  }

  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const weights = weightsFromArtifacts(model, artifacts, path);
      const row = { ...(options.fields ?? {}), weights } as Input;
      await writeModelRow(path, row, options.schemaVersion ?? (modelSchema() as SchemaVersion<Row, Input>));
      return {
        modelArtifactsInfo: {
          dateSaved: new Date(),
          modelTopologyType: "JSON",
          modelTopologyBytes: 0, // never stored: a model row holds numbers, not code
          weightDataBytes: weights.parameterCount * 4,
        },
      };
    },

    async load(): Promise<tf.io.ModelArtifacts> {
      const row = await readWeightsRow(path, options.schemaVersion ?? modelSchema(), options.expectedArchitectureVersion);
      const weights = row.weights;
      const mismatch = findWeightsMismatch(model, weights);
      if (mismatch !== null) throw new WeightsMismatchError(mismatch);
      const variables = modelVariables(model);
      const names = new Set<string>();
      for (const { variable } of variables) {
        if (names.has(variable.originalName)) {
          throw new ModelRowHandlerError(
            `${path}: the template has two variables named "${variable.originalName}", so tf.loadLayersModel ` +
              `could not tell them apart; use loadModelRow(model, path) instead`,
          );
        }
        names.add(variable.originalName);
      }
      const data = new Float32Array(weights.parameterCount);
      let offset = 0;
      for (const array of weights.arrays) {
        data.set(array.vec, offset);
        offset += array.vec.length;
      }
      return {
        modelTopology: model.toJSON(null, false) as object,
        format: "layers-model",
        generatedBy: "legolas-ts",
        convertedBy: null,
        weightSpecs: variables.map(({ variable }) => ({
          name: variable.originalName,
          shape: [...(variable.shape as number[])],
          dtype: "float32" as const,
        })),
        weightData: data.buffer,
      };
    },
  };
}

export interface LoadModelRowOptions<Row extends object> {
  /** Refuse a row whose `architecture_version` is not this one (a missing one included). */
  readonly expectedArchitectureVersion?: bigint | number;
  /** Read the row as this version; default: the class registered for the file's schema. */
  readonly schemaVersion?: SchemaVersion<Row, never>;
  /** See `loadWeights`: `true` (default) copies, `false` lets the model view the row's memory. */
  readonly copy?: boolean;
}

/**
 * Reads the model row at `path` and loads its weights into `model` (by position, as
 * `loadWeights`), after checking that the row has weights and, when asked, the architecture
 * version. Returns the row, for its other fields. All or nothing: on any error the model keeps
 * its weights.
 *
 * @throws ModelRowError (not one model row, or no weights), ArchitectureVersionMismatchError,
 * WeightsMismatchError.
 */
export async function loadModelRow<Row extends object = ModelRowFields>(
  model: LayersModel,
  path: string,
  options: LoadModelRowOptions<Row> = {},
): Promise<Row & ModelRowFields & { readonly weights: Weights }> {
  if (!isLayersModel(model)) {
    throw new ModelRowHandlerError(`loadModelRow(model, "${path}"): model must be a tfjs LayersModel`);
  }
  const row = await readWeightsRow(path, options.schemaVersion, options.expectedArchitectureVersion);
  loadWeights(model, row.weights, { copy: options.copy ?? true });
  return row;
}

// ---------------------------------------------------------------------------------------------

async function readWeightsRow<Row extends object>(
  path: string,
  schemaVersion: SchemaVersion<Row, never> | undefined,
  expected: bigint | number | undefined,
): Promise<Row & ModelRowFields & { readonly weights: Weights }> {
  const row = await readModelRow<Row>(path, schemaVersion === undefined ? {} : { schemaVersion });
  if (expected !== undefined) {
    const want = BigInt(expected);
    if (row.architecture_version !== want) throw new ArchitectureVersionMismatchError(path, want, row.architecture_version);
  }
  if (row.weights === null) {
    throw new ModelRowError(path, "the row holds no weights (its weights field is missing), so there is nothing to load");
  }
  return row as Row & ModelRowFields & { readonly weights: Weights };
}

/**
 * The saved weights in `fetchWeights` order, as views into tfjs's save buffer, after checking
 * that the artifacts are `model`'s: the same topology, and `model.weights` one for one.
 */
function weightsFromArtifacts(model: LayersModel, artifacts: tf.io.ModelArtifacts, path: string): Weights {
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
    specs.every(
      (spec, k) => spec.name === live[k]!.originalName && sameShape(spec.shape, live[k]!.shape as number[]),
    );
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
    if (spec === undefined) throw misuse(`variable "${variable.name}" of layer "${layerName}" is not among model.weights`);
    if (spec.dtype !== "float32" || spec.quantization !== undefined) {
      throw new UnsupportedWeightDtypeError(index, layerName, variable.name, spec.quantization ? "quantized" : spec.dtype);
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
  );
}

function joinWeightData(data: tf.io.WeightData): ArrayBuffer {
  return Array.isArray(data) ? tf.io.CompositeArrayBuffer.join(data) : data;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((extent, axis) => extent === b[axis]);
}

function isLayersModel(value: unknown): value is LayersModel {
  const candidate = value as Partial<LayersModel> | null | undefined;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    Array.isArray(candidate.layers) &&
    typeof candidate.toJSON === "function" &&
    typeof candidate.save === "function"
  );
}

function modelSchema(): SchemaVersion {
  const schemaVersion = findSchemaVersion(MODEL_SCHEMA);
  if (schemaVersion === undefined) {
    throw new ModelRowError(MODEL_SCHEMA, `${MODEL_SCHEMA} is not registered; import it from "legolas-ts" (ModelV1SchemaVersion)`);
  }
  return schemaVersion;
}
