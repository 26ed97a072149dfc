/**
 * The calls that move a model's weights as they are (load, fetch, read and write a model row, the
 * IOHandlers) refuse the whole-model Flux conversions' options: a user who took the load for the
 * conversion passed `loadWeights(model, weights, { convolution: "CrossCor" })`, and a Flux
 * CrossCor's kernel loaded unconverted, the model predicting wrong without a word.
 */
import * as tf from "@tensorflow/tfjs";
import { existsSync, writeFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import {
  FlatArray,
  ModelV1SchemaVersion,
  readModelRow,
  readModelRowBytes,
  readModelRowFrom,
  Weights,
  writeModelRow,
  writeModelRowBytes,
} from "legolas-ts";
import {
  fetchWeights,
  fluxToTfjs,
  legolasModelRow,
  legolasModelRowFrom,
  loadModelRow,
  loadModelRowFrom,
  loadWeights,
} from "legolas-ts/tfjs";
import { OPTION_NAMES } from "../../../runtime/arrow/option-calls.js";
import { WHOLE_MODEL_CONVERSION_OPTIONS } from "../../../runtime/arrow/options.js";
import { scratchFolder } from "../model-rows/helpers.js";
import { bitsOf } from "./helpers.js";

beforeAll(async () => {
  await tf.setBackend("cpu");
  await tf.ready();
});
const file = scratchFolder();

/** One 2x2 convolution, 2 channels in and 2 out, no bias: its one array is the kernel. */
const convNet = () =>
  tf.sequential({
    layers: [tf.layers.conv2d({ name: "conv", inputShape: [3, 3, 2], filters: 2, kernelSize: 2, useBias: false })],
  });

// A Flux CrossCor((2, 2), 2 => 2)'s weight, 1 to 16 in Julia's order, built by hand (no layout said):
// its Julia size reversed is the tfjs kernel's shape, so it loads unconverted without a mismatch.
const fluxWeights = new Weights([
  new FlatArray(
    Float32Array.from({ length: 16 }, (_, i) => i + 1),
    [2, 2, 2, 2],
  ),
]);

/** Each conversion option as a user passes it at the top level of a call that does not convert. */
const misplaced = [
  { convolution: "CrossCor" },
  { epsilon: 1e-3 },
  { slope: 0.2 },
  { layers: { conv: { convolution: "CrossCor" } } },
];

/**
 * Every call that moves weights unconverted, given `options`; what its refusal spares; and
 * options of its own, which it still takes.
 */
function callsThatDoNotConvert(): [string, (options: object) => unknown, string, object][] {
  const model = convNet();
  const row = { weights: fetchWeights(convNet()), architecture_version: 1n };
  const bytes = writeModelRowBytes(row);
  const path = file("tfjs.model.arrow");
  writeFileSync(path, bytes);
  const written = file("written.model.arrow");
  return [
    ["loadWeights", (options) => loadWeights(model, row.weights, options), "nothing was loaded", { copy: false }],
    ["fetchWeights", (options) => fetchWeights(model, options), "nothing was fetched", { copy: false }],
    [
      "loadModelRow",
      (options) => loadModelRow(model, path, options),
      "nothing was loaded",
      { expectedArchitectureVersion: 1 },
    ],
    [
      "loadModelRowFrom",
      (options) => loadModelRowFrom(model, bytes, options),
      "nothing was loaded",
      { copy: true, retries: 0 },
    ],
    ["readModelRow", (options) => readModelRow(path, options), "nothing was read", { columns: ["weights"] }],
    ["readModelRowBytes", (options) => readModelRowBytes(bytes, options), "nothing was read", { validate: "rows" }],
    [
      "readModelRowFrom",
      (options) => readModelRowFrom(bytes, options),
      "nothing was read",
      { rows: "eager", tailBytes: 64 },
    ],
    [
      "writeModelRow",
      (options) => writeModelRow(written, row, ModelV1SchemaVersion, options),
      "nothing was written",
      { batchSize: 1, compression: "zstd" },
    ],
    [
      "writeModelRowBytes",
      (options) => writeModelRowBytes(row, ModelV1SchemaVersion, options),
      "nothing was written",
      {},
    ],
    ["legolasModelRow", (options) => legolasModelRow(path, { model, ...options }), "no handler was made", {}],
    [
      "legolasModelRowFrom",
      (options) => legolasModelRowFrom(bytes, { model, ...options }),
      "no handler was made",
      { expectedArchitectureVersion: 1n, retries: 1 },
    ],
  ];
}

async function refusalOf(run: () => unknown): Promise<unknown> {
  return Promise.resolve()
    .then(run)
    .then(
      () => undefined,
      (error: unknown) => error,
    );
}

describe("a whole-model conversion's option given to a call that does not convert", () => {
  test("loadWeights refuses convolution, naming fluxToTfjs, and leaves the model as it was", async () => {
    const model = convNet();
    const before = bitsOf(fetchWeights(model));
    expect(() => loadWeights(model, fluxWeights, { convolution: "CrossCor" } as never)).toThrow(
      expect.objectContaining({
        name: "UnknownOptionError",
        code: "unknown_option",
        option: "convolution",
        meant: [],
        message:
          'options.convolution is not an option of loadWeights, which would leave it unused: this call does not convert weights: fluxToTfjs(weights, model, { layers: { "<layer name>": { convolution } } }) converts a Flux model\'s, before loading them; nothing was loaded',
      }),
    );
    expect(bitsOf(fetchWeights(model))).toEqual(before);
    // What the user meant: the kernel's axes moved, not the 16 values as given.
    loadWeights(model, fluxToTfjs(fluxWeights, model, { layers: { conv: { convolution: "CrossCor" } } }));
    expect([...(model.getWeights()[0]!.dataSync() as Float32Array)]).toEqual([
      1, 9, 5, 13, 2, 10, 6, 14, 3, 11, 7, 15, 4, 12, 8, 16,
    ]);
  });

  const calls = callsThatDoNotConvert();
  test.each(calls)(
    "%s refuses convolution, epsilon, slope and layers, naming the conversion",
    async (call, run, spared) => {
      const conversion = /^(fetch|write)/.test(call) ? "tfjsToFlux(model, " : "fluxToTfjs(weights, model, ";
      for (const options of misplaced) {
        const [option] = Object.keys(options) as (keyof typeof WHOLE_MODEL_CONVERSION_OPTIONS)[];
        const refusal = await refusalOf(() => run(options));
        expect(refusal).toMatchObject({ name: "UnknownOptionError", code: "unknown_option", option, meant: [] });
        const { message } = refusal as Error;
        expect(message).toMatch(
          new RegExp(
            `^options\\.${option} is not an option of ${call}, which would leave it unused: this call does not convert weights: `,
          ),
        );
        expect(message).toContain(`${conversion}${WHOLE_MODEL_CONVERSION_OPTIONS[option!]})`);
        expect(message.endsWith(`; ${spared}`)).toBe(true);
      }
      expect(existsSync(file("written.model.arrow"))).toBe(false);
    },
  );

  test.each(calls)("%s still takes options of its own", async (_, run, __, own) => {
    await run(own);
  });

  test("no call's own option is one of the conversion's names, so none is refused for it", () => {
    const own: readonly string[] = OPTION_NAMES;
    expect(Object.keys(WHOLE_MODEL_CONVERSION_OPTIONS).filter((name) => own.includes(name))).toEqual([]);
  });
});
