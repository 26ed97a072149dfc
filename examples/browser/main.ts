/**
 * The digits demo: a Legolas model row (LegolasFlux.jl's idea: weights as numbers in an Arrow
 * row, the architecture in code) loaded into a tfjs model in the browser.
 *
 * Query parameters: `?row=<url>` loads another row than ./digits.best.digits-model.arrow;
 * `?backend=webgl` tries the WebGL backend (falling back to CPU). The default is the CPU backend:
 * the model is tiny, and the CPU kernels give the same numbers as Node's.
 *
 * For tests, `window.legolasDemo` exposes the state and a way to set the model input directly.
 */
import * as tf from "@tensorflow/tfjs";
import { readModelRowBytes, readSourceBytes, readTableBytes, SourceReadError, type ByteSource } from "legolas-ts";
import { loadWeights } from "legolas-ts/tfjs";
// The digits example's generated schema: the page reads digits-model@1 rows (the package itself
// ships legolas-flux.model@1 only).
import { type DigitsRowV1, DigitsRowV1SchemaVersion } from "../../generated/index.js";
import { ARCHITECTURE_VERSION, FILTERS, buildDigitsModel } from "../digits/model.js";
import type { DemoPrediction } from "./demo-api.js";
import { inkOf, modelInputFromInk, paintInput } from "./draw.js";

const DEFAULT_ROW = "./digits.best.digits-model.arrow";
const DEFAULT_SIZE = 16;
const PEN_WIDTH = 24;

interface Loaded {
  readonly model: tf.LayersModel;
  readonly size: number;
  readonly source: string;
  readonly row: DigitsRowV1;
}

type Prediction = DemoPrediction;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $("status");
const errorBox = $("error");
const pad = $<HTMLCanvasElement>("pad");
const preview = $<HTMLCanvasElement>("preview");
const padContext = pad.getContext("2d", { willReadFrequently: true })!;

let loaded: Loaded | null = null;
let input: Float32Array | null = null;
let prediction: Prediction | null = null;
let backend = "";
let loadCount = 0;

// ---- the model row ----------------------------------------------------------------------------

async function loadRow(source: ByteSource, quietIfMissing = false): Promise<boolean> {
  const label = sourceLabel(source);
  const ticket = ++loadCount;
  setStatus(`Loading ${label}…`);
  try {
    const { bytes, name } = await readSourceBytes(source);
    // The file's own identifier (the full chain, e.g. digits-model@1>legolas-flux.model@1), then
    // the single row, read as a DigitsRowV1 (a file of another schema is refused). Both are views
    // into `bytes`: reading twice costs no copy of the weights.
    const { identifier } = readTableBytes(bytes, { validate: "columns" }, name);
    const row = readModelRowBytes(bytes, { schemaVersion: DigitsRowV1SchemaVersion }, name);
    if (row.architecture_version !== null && row.architecture_version !== ARCHITECTURE_VERSION) {
      throw new PageError(
        `${name} was written for architecture_version ${row.architecture_version}, but this page builds architecture_version ${ARCHITECTURE_VERSION} of the digits model.`,
        "Load a row written by the same version of examples/digits/model.ts.",
      );
    }
    if (row.weights === null)
      throw new PageError(
        `${name} holds no weights (its weights field is missing).`,
        "Nothing to load into the model.",
      );
    const size = gridSize(row);
    const model = buildDigitsModel(size);
    try {
      loadWeights(model, row.weights); // checks count, shapes and dtypes before assigning anything
    } catch (error) {
      model.dispose();
      throw error;
    }
    if (ticket !== loadCount) {
      model.dispose();
      return false;
    }
    loaded?.model.dispose();
    loaded = { model, size, source: name, row };
    showRow(loaded, identifier);
    clearError();
    setStatus(`Loaded ${name}. Draw a digit.`);
    predict();
    return true;
  } catch (error) {
    if (ticket !== loadCount) return false;
    if (quietIfMissing && error instanceof SourceReadError && error.status === 404) {
      setStatus(
        `No model row is served next to the page (${label}: HTTP 404). Run npm run example:digits, then drop out/digits.best.digits-model.arrow here.`,
      );
      return false;
    }
    showError(label, error);
    setStatus(loaded === null ? "No model loaded." : `Still using ${loaded.source}.`);
    return false;
  }
}

/** The grid side the row's weights were trained at: the first Dense kernel is [(side/2)² * FILTERS, hidden]. */
function gridSize(row: DigitsRowV1): number {
  const project = row.weights?.arrays[5]?.shape;
  const inFeatures = project?.length === 2 ? project[0]! : NaN;
  const half = Math.sqrt(inFeatures / FILTERS);
  return Number.isInteger(half) && half >= 4 ? 2 * half : DEFAULT_SIZE;
}

function showRow({ row, source, size }: Loaded, identifier: string | null): void {
  $("row-info").hidden = false;
  $("row-source").textContent = source;
  $("row-identifier").textContent = identifier ?? "(no legolas_schema_qualified)";
  $("row-epoch").textContent = row.epoch === null ? "–" : String(row.epoch);
  $("row-accuracy").textContent = row.accuracy === null ? "–" : `${(row.accuracy * 100).toFixed(1)}%`;
  const commit = row.commit_sha ?? null;
  $("row-commit").textContent = commit === null ? "–" : commit.slice(0, 12);
  $("row-commit").title = commit ?? "";
  $("row-architecture").textContent = `${row.architecture_version ?? "–"} (${size}×${size} input)`;
  $("row-parameters").textContent = `${row.weights!.parameterCount} in ${row.weights!.arrays.length} arrays`;
  $("row-backend").textContent = backend;
}

class PageError extends Error {
  override name = "PageError";
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** What to do about each error legolas-ts throws while reading a row. */
const HINTS: Record<string, string> = {
  not_arrow_file:
    "This is not an Arrow file, or it was cut short (an interrupted download or copy?). Write it again with npm run example:digits.",
  missing_schema_metadata: "This Arrow file is not a Legolas table: it has no legolas_schema_qualified metadata.",
  unknown_schema_version: "This page reads digits-model@1 rows only.",
  schema_version_mismatch: "This page reads digits-model@1 rows only; this file holds another schema's row.",
  table_schema_invalid: "The file's columns do not match its schema.",
  row_invalid: "A value in the row breaks its schema's rules.",
  model_row_invalid: "A model row file holds exactly one row of a schema that extends legolas-flux.model@1.",
  weights_mismatch:
    "The weights do not fit the digits model this page builds (another architecture?). Nothing was loaded.",
  source_unreadable: "The file could not be fetched or read.",
};

function showError(label: string, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  const code = (err as { code?: unknown }).code;
  const hint = err instanceof PageError ? err.hint : typeof code === "string" ? HINTS[code] : undefined;
  errorBox.replaceChildren();
  const title = document.createElement("strong");
  title.textContent = `Could not load ${label}`;
  const detail = document.createElement("div");
  detail.className = "error-message";
  detail.textContent = err instanceof PageError ? err.message : `${err.name}: ${err.message}`;
  errorBox.append(title, detail);
  if (hint !== undefined) {
    const help = document.createElement("div");
    help.className = "error-hint";
    help.textContent = hint;
    errorBox.append(help);
  }
  errorBox.hidden = false;
  errorBox.dataset.code = typeof code === "string" ? code : err.name;
  console.error(err);
}

function clearError(): void {
  errorBox.hidden = true;
  errorBox.replaceChildren();
  delete errorBox.dataset.code;
}

function setStatus(text: string): void {
  status.textContent = text;
}

function sourceLabel(source: ByteSource): string {
  if (typeof source === "string") return source;
  if (source instanceof URL) return source.href;
  if (source instanceof File) return source.name;
  return "file";
}

// ---- drawing ----------------------------------------------------------------------------------

function clearPad(): void {
  padContext.fillStyle = "#fff";
  padContext.fillRect(0, 0, pad.width, pad.height);
  setInput(null);
}

let last: { x: number; y: number } | null = null;

function padPoint(event: PointerEvent): { x: number; y: number } {
  const rect = pad.getBoundingClientRect();
  return {
    x: ((event.clientX - rect.left) * pad.width) / rect.width,
    y: ((event.clientY - rect.top) * pad.height) / rect.height,
  };
}

function stroke(from: { x: number; y: number }, to: { x: number; y: number }): void {
  padContext.strokeStyle = "#000";
  padContext.lineWidth = PEN_WIDTH;
  padContext.lineCap = "round";
  padContext.lineJoin = "round";
  padContext.beginPath();
  padContext.moveTo(from.x, from.y);
  padContext.lineTo(to.x, to.y);
  padContext.stroke();
}

pad.addEventListener("pointerdown", (event) => {
  pad.setPointerCapture(event.pointerId);
  last = padPoint(event);
  stroke(last, last);
  inputFromPad();
});
pad.addEventListener("pointermove", (event) => {
  if (last === null) return;
  const point = padPoint(event);
  stroke(last, point);
  last = point;
  inputFromPad();
});
const endStroke = () => {
  last = null;
};
pad.addEventListener("pointerup", endStroke);
pad.addEventListener("pointercancel", endStroke);
$("clear").addEventListener("click", clearPad);

function inputFromPad(): void {
  const { data } = padContext.getImageData(0, 0, pad.width, pad.height);
  setInput(modelInputFromInk(inkOf(data, pad.width, pad.height), pad.width, pad.height, loaded?.size ?? DEFAULT_SIZE));
}

function setInput(values: Float32Array | null): void {
  input = values;
  paintInput(preview, input, loaded?.size ?? DEFAULT_SIZE);
  predict();
}

/** Shows a model input on the pad too (for inputs set directly, like a rendered glyph). */
function paintPad(values: Float32Array, size: number): void {
  const cell = pad.width / size;
  padContext.fillStyle = "#fff";
  padContext.fillRect(0, 0, pad.width, pad.height);
  for (let p = 0; p < size * size; p++) {
    const shade = Math.round(255 * (1 - values[p]!));
    padContext.fillStyle = `rgb(${shade} ${shade} ${shade})`;
    padContext.fillRect((p % size) * cell, Math.floor(p / size) * cell, cell, cell);
  }
}

// ---- prediction -------------------------------------------------------------------------------

function predict(): void {
  if (loaded === null || input === null || input.length !== loaded.size * loaded.size) {
    prediction = null;
    renderPrediction();
    return;
  }
  const { model, size } = loaded;
  const x = input;
  const probabilities = tf.tidy(() => (model.predict(tf.tensor4d(x, [1, size, size, 1])) as tf.Tensor).dataSync());
  const values = Array.from(probabilities);
  const label = values.reduce((best, p, k) => (p > values[best]! ? k : best), 0);
  prediction = { label, probabilities: values };
  renderPrediction();
}

function renderPrediction(): void {
  const predicted = $("predicted-class");
  const bars = $("bars");
  bars.replaceChildren();
  if (prediction === null) {
    predicted.textContent = "–";
    delete predicted.dataset.label;
    return;
  }
  predicted.textContent = String(prediction.label);
  predicted.dataset.label = String(prediction.label);
  prediction.probabilities.forEach((p, k) => {
    const item = document.createElement("li");
    item.dataset.class = String(k);
    if (k === prediction!.label) item.className = "top";
    const name = document.createElement("span");
    name.textContent = String(k);
    const track = document.createElement("span");
    track.className = "track";
    const bar = document.createElement("span");
    bar.className = "bar";
    bar.style.display = "block";
    bar.style.width = `${(p * 100).toFixed(2)}%`;
    track.append(bar);
    const value = document.createElement("span");
    value.className = "value";
    value.textContent = p.toFixed(6);
    item.append(name, track, value);
    bars.append(item);
  });
}

// ---- file drop and choice ---------------------------------------------------------------------

const dropZone = $("drop-zone");
for (const target of [dropZone, document.body]) {
  target.addEventListener("dragover", (event) => {
    event.preventDefault();
    dropZone.classList.add("dragging");
  });
  target.addEventListener("dragleave", () => dropZone.classList.remove("dragging"));
  target.addEventListener("drop", (event) => {
    event.preventDefault();
    event.stopPropagation();
    dropZone.classList.remove("dragging");
    const file = event.dataTransfer?.files[0];
    if (file !== undefined) void loadRow(file);
  });
}
$<HTMLInputElement>("file-input").addEventListener("change", (event) => {
  const field = event.target as HTMLInputElement;
  const file = field.files?.[0];
  if (file !== undefined) void loadRow(file).finally(() => (field.value = ""));
});

// ---- start ------------------------------------------------------------------------------------

async function chooseBackend(): Promise<string> {
  const wanted = new URLSearchParams(location.search).get("backend") ?? "cpu";
  if (wanted !== "cpu") {
    try {
      if (await tf.setBackend(wanted)) {
        await tf.ready();
        return tf.getBackend();
      }
    } catch {
      // fall back below
    }
  }
  await tf.setBackend("cpu");
  await tf.ready();
  return wanted === "cpu" ? "cpu" : `cpu (${wanted} unavailable)`;
}

const ready = (async () => {
  try {
    backend = await chooseBackend();
  } catch (error) {
    showError("TensorFlow.js", error);
    return;
  }
  clearPad();
  const rowUrl = new URLSearchParams(location.search).get("row") ?? DEFAULT_ROW;
  await loadRow(rowUrl, true);
})();

window.legolasDemo = {
  ready,
  setInput(values) {
    const size = loaded?.size ?? DEFAULT_SIZE;
    if (values.length !== size * size) throw new RangeError(`expected ${size * size} values, got ${values.length}`);
    const array = Float32Array.from(values);
    paintPad(array, size);
    setInput(array);
  },
  input: () => (input === null ? null : Array.from(input)),
  prediction: () => prediction,
  loaded: () => (loaded === null ? null : { source: loaded.source, size: loaded.size }),
  loadRow,
};
