/**
 * The two ways moving weights between a tfjs model and a `Weights` value can fail. Both carry the
 * facts as fields (for code) and render them into one message (for people) that says how to
 * recover. Shapes are given in tfjs's row-major order, with the Julia size in parentheses, since
 * the weights may well have come from Julia.
 */
import { LegolasError } from "../errors.js";

/** What did not fit: the number of arrays, one array's shape, or one array's element type. */
export type WeightsMismatchReason = "count" | "shape" | "dtype";

export interface WeightsMismatchFacts {
  readonly reason: WeightsMismatchReason;
  /** Position of the first array that does not fit, in the order `fetchWeights` uses. */
  readonly index: number;
  /** The model's layer and variable at `index`; `null` when the model has no variable there. */
  readonly layerName: string | null;
  readonly variableName: string | null;
  /** The model's shape at `index` (row-major), or `null` when the model has no variable there. */
  readonly expectedShape: readonly number[] | null;
  /** The weights' shape at `index` (row-major), or `null` when the weights end before `index`. */
  readonly foundShape: readonly number[] | null;
  readonly expectedCount: number;
  readonly foundCount: number;
  /** Element types, for `reason: "dtype"`: the model's dtype and what the weights hold. */
  readonly expectedDtype?: string;
  readonly foundDtype?: string;
}

/**
 * `loadWeights` refused the weights because they do not fit the model. It checks everything
 * before it assigns anything, so the model still holds exactly the values it held before.
 */
// The class carries every fact as a field of its own (declaration merging types them).
export interface WeightsMismatchError extends WeightsMismatchFacts {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: Object.assign in the constructor sets every fact
export class WeightsMismatchError extends LegolasError {
  override readonly name = "WeightsMismatchError";
  readonly code = "weights_mismatch";

  constructor(facts: WeightsMismatchFacts) {
    super(renderMismatch(facts));
    Object.assign(this, facts);
  }
}

/**
 * `fetchWeights` met a variable that is not float32. A model's `Weights` hold float values (tfjs
 * models give float32; LegolasFlux rows may hold Float16 or Float64 too), so an int32 or bool
 * variable (a step counter, a mask) has no faithful place in them.
 */
export class UnsupportedWeightDtypeError extends LegolasError {
  override readonly name = "UnsupportedWeightDtypeError";
  readonly code = "weight_dtype_unsupported";

  constructor(
    readonly index: number,
    readonly layerName: string,
    readonly variableName: string,
    readonly dtype: string,
  ) {
    super(
      `weights[${index}]: layer "${layerName}" variable "${variableName}" has dtype ${dtype}, ` +
        `but Weights store float32 values only for a tfjs model (LegolasFlux's layout). Keep that state outside ` +
        `the weights, e.g. in another field of the model row, or make the variable float32.`,
    );
  }
}

/**
 * The model's variables were disposed (`model.dispose()`, or `tf.dispose(model.getWeights())`), so
 * there are no values to fetch and no memory to load into. Checked before any variable is read or
 * written: a load leaves every variable as it was.
 */
export class DisposedModelError extends LegolasError {
  override readonly name = "DisposedModelError";
  readonly code = "model_disposed";

  constructor(
    /** What the call was doing. */
    readonly operation: "load" | "fetch",
    /** The first disposed variable: its position in `fetchWeights` order, its layer and its name. */
    readonly index: number,
    readonly layerName: string,
    readonly variableName: string,
  ) {
    super(
      `cannot ${operation} weights: the model was disposed (model.dispose(), or tf.dispose of its weights), so ` +
        `weights[${index}] (layer "${layerName}", variable "${variableName}") ` +
        (operation === "load"
          ? "has no memory to take values. Nothing was loaded. Build the model again (the same code) and load into the new one."
          : "holds no values any more. Fetch the weights before disposing the model."),
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Messages

const UNCHANGED = "The model was left unchanged.";

function renderMismatch(facts: WeightsMismatchFacts): string {
  const where = `weights[${facts.index}]`;
  const target = facts.layerName === null ? "" : ` (layer "${facts.layerName}", variable "${facts.variableName}")`;
  switch (facts.reason) {
    case "shape":
      return (
        `${where}${target}: the model expects shape ${renderShape(facts.expectedShape)} ` +
        `but the weights hold shape ${renderShape(facts.foundShape)}. ${shiftedHint(facts)}${UNCHANGED} ` +
        `Build the model with the architecture that produced these weights.`
      );
    case "dtype":
      if (facts.expectedDtype !== "float32") {
        return (
          `${where}${target}: the model's variable is ${facts.expectedDtype}, and weights load into float32 variables ` +
          `only (fetchWeights refuses such a variable too). ${UNCHANGED} Keep that state outside the weights, e.g. in ` +
          `another field of the model row, or make the variable float32.`
        );
      }
      return `${where}${target}: the model expects float32 values but the weights hold ${facts.foundDtype}. ${UNCHANGED}`;
    case "count":
      return (
        `the model has ${facts.expectedCount} weight arrays but the weights hold ${facts.foundCount}: ` +
        (facts.layerName === null
          ? `${where} has no model variable to go to. `
          : `the model variable at index ${facts.index}${target} gets no value. `) +
        `${UNCHANGED} Build the model with the architecture that produced these weights.`
      );
  }
}

/**
 * Arrays are matched by position, so one missing or extra array (a bias switched off, a layer
 * added) moves every later one, and the first shape that differs can sit layers after the change
 * when the arrays between happen to share shapes. The counts tell that apart from a resized layer.
 */
function shiftedHint({ expectedCount, foundCount }: WeightsMismatchFacts): string {
  if (expectedCount === foundCount) return "";
  return (
    `The model has ${expectedCount} weight arrays and the weights ${foundCount}: an array missing or extra ` +
    `before this position (a layer, a bias, a normalisation's scale) moves the ones after it, so look there too. `
  );
}

/** `[3, 3, 1, 8] (Julia size (8, 1, 3, 3))`: both conventions, so either side can read it. */
function renderShape(shape: readonly number[] | null): string {
  if (shape === null) return "(none)";
  const julia = [...shape].reverse().join(", ");
  return `[${shape.join(", ")}] (Julia size (${julia}${shape.length === 1 ? "," : ""}))`;
}

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
