/**
 * The file says its layout: a table of model weights records whose layout they are in
 * (`legolas_ts_weights_layout`: "tfjs" from fetchWeights, "flux" from tfjsToFlux; none from
 * LegolasFlux.jl, whose rows are Flux's), every read gives it back on the weights, and loading
 * or converting weights in the wrong layout is refused with the call that fits.
 */
import * as tf from "@tensorflow/tfjs";
import { tableFromIPC, tableToIPC } from "apache-arrow";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, test } from "vitest";
import {
  fetchWeights,
  fluxToTfjs,
  legolasModelRow,
  loadModelRow,
  loadModelRowFrom,
  loadWeights,
  tfjsToFlux,
} from "legolas-ts/tfjs";
import {
  FlatArray,
  ModelV1,
  ModelV1SchemaVersion,
  readModelRow,
  readModelRowBytes,
  readTable,
  readTableBytes,
  readWeightsColumn,
  WEIGHTS_LAYOUT_KEY,
  Weights,
  writeModelRow,
  writeModelRowBytes,
  writeTable,
  writeTableBytes,
} from "legolas-ts";
import { DigitsModelV1SchemaVersion } from "../../generated/digits.model.js";
import { juliaFixture, testWithJuliaFixtures } from "../../helpers/julia-fixtures.js";
import { bitsOf, predictions, trainBriefly, useCpuBackend } from "../tfjs/helpers.js";
import { scratchFolder } from "./helpers.js";

beforeAll(useCpuBackend);
const file = scratchFolder();

const layoutKey = (bytes: Uint8Array): string | undefined =>
  tableFromIPC(bytes).schema.metadata.get(WEIGHTS_LAYOUT_KEY);

/** A small conv net with Flux's BatchNorm epsilon, so that it has a Flux twin. */
function convNet(): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 3, kernelSize: 3, activation: "relu" }),
      tf.layers.batchNormalization({ epsilon: 1e-5 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 4, activation: "softmax" }),
    ],
  });
}

/** The Julia digits model of LegolasFlux's examples/digits.jl, in tfjs (flux-digits.test.ts has it with its dropouts). */
function digitsModel(): tf.LayersModel {
  const input = tf.input({ shape: [28, 28, 1] });
  const layers = [
    tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: "relu" }),
    tf.layers.batchNormalization({ epsilon: 1e-5 }),
    tf.layers.activation({ activation: "relu" }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 16, kernelSize: 3, activation: "relu" }),
    tf.layers.maxPooling2d({ poolSize: 2 }),
    tf.layers.conv2d({ filters: 10, kernelSize: 3, activation: "relu" }),
    tf.layers.flatten(),
    tf.layers.dense({ units: 10 }),
  ];
  let x = layers.reduce((t, layer) => layer.apply(t) as tf.SymbolicTensor, input);
  const shared = tf.layers.dense({ units: 10 });
  x = shared.apply(shared.apply(x)) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: tf.layers.softmax().apply(x) as tf.SymbolicTensor });
}

describe("what a file says", () => {
  test("a row written from fetchWeights says tfjs, one from tfjsToFlux says flux, and reads give it back", async () => {
    const model = convNet();
    const fromTfjs = writeModelRowBytes({ weights: fetchWeights(model) });
    const fromFlux = writeModelRowBytes({ weights: tfjsToFlux(model) });
    expect([layoutKey(fromTfjs), layoutKey(fromFlux)]).toEqual(["tfjs", "flux"]);
    expect(readModelRowBytes(fromTfjs).weights!.layout).toBe("tfjs");
    expect(readModelRowBytes(fromFlux).weights!.layout).toBe("flux");
    // Every read path gives it: whole tables, and one Weights column of any table.
    expect(readTableBytes(fromFlux).rows.map((row) => (row as { weights: Weights }).weights.layout)).toEqual(["flux"]);
    expect(readWeightsColumn(tableFromIPC(fromTfjs), "weights")[0]!.layout).toBe("tfjs");
  });

  test("the IOHandler's save says tfjs", async () => {
    const model = convNet();
    const path = file("saved.model.arrow");
    await model.save(legolasModelRow(path, { model }));
    expect(layoutKey(readFileSync(path))).toBe("tfjs");
  });

  test("a table of epochs keeps its layout through readTable and into a model row (the digits example's path)", async () => {
    const model = convNet();
    const epochs = file("epochs.arrow");
    const config = { seed: 1, dropout_rate: 0 };
    const rows = [1, 2].map((epoch) => ({ weights: fetchWeights(model), epoch, config }));
    await writeTable(epochs, rows, DigitsModelV1SchemaVersion);
    const best = (await readTable(epochs, { schemaVersion: DigitsModelV1SchemaVersion })).rows[1]!;
    await writeModelRow(file("best.arrow"), best, DigitsModelV1SchemaVersion);
    const fresh = convNet();
    await loadModelRow(fresh, file("best.arrow"));
    expect(predictions(fresh)).toEqual(predictions(model));
  });

  test("weights that do not say are written without the key, and read back as Flux's", () => {
    const bytes = writeModelRowBytes({ weights: new Weights([new FlatArray(Float32Array.of(1, 2), [2])]) });
    expect(layoutKey(bytes)).toBeUndefined();
    expect(readModelRowBytes(bytes).weights!.layout).toBe("flux");
  });

  test("the caller may state the layout of weights that do not say; a statement against the weights is refused", () => {
    const plain = new Weights([new FlatArray(Float32Array.of(1, 2), [2])]);
    const stated = writeModelRowBytes({ weights: plain }, ModelV1SchemaVersion, {
      metadata: { [WEIGHTS_LAYOUT_KEY]: "tfjs" },
    });
    expect(readModelRowBytes(stated).weights!.layout).toBe("tfjs");
    expect(() =>
      writeModelRowBytes({ weights: plain.withLayout("flux") }, ModelV1SchemaVersion, {
        metadata: { [WEIGHTS_LAYOUT_KEY]: "tfjs" },
      }),
    ).toThrow(
      expect.objectContaining({
        name: "WeightsLayoutError",
        message: expect.stringMatching(
          /legolas_ts_weights_layout says "tfjs", but row 0's weights are in flux's layout/,
        ),
      }),
    );
    expect(() =>
      writeModelRowBytes({ weights: plain }, ModelV1SchemaVersion, { metadata: { [WEIGHTS_LAYOUT_KEY]: "keras" } }),
    ).toThrow(expect.objectContaining({ name: "WeightsLayoutError", message: expect.stringMatching(/not "keras"/) }));
  });

  test("one table never mixes layouts; rows from an iterator record the layout their first batch says", async () => {
    const model = convNet();
    const mixed = [{ weights: fetchWeights(model) }, { weights: tfjsToFlux(model) }];
    expect(() => writeTableBytes(mixed, ModelV1SchemaVersion)).toThrow(
      expect.objectContaining({
        name: "WeightsLayoutError",
        message: expect.stringMatching(/rows 0 and 1 hold weights in tfjs's and flux's layouts/),
      }),
    );
    const layoutsRead = async (path: string) =>
      (await readTable(path)).rows.map((row) => (row as { weights: Weights | null }).weights?.layout ?? null);
    const path = file("streamed.arrow");
    // A training loop's epochs, one row each, as docs/model-rows.md writes them: no metadata needed.
    const streamed = function* (...rows: { weights: Weights | null }[]) {
      yield* rows;
    };
    await writeTable(
      path,
      streamed({ weights: fetchWeights(model) }, { weights: fetchWeights(model) }),
      ModelV1SchemaVersion,
    );
    expect(await layoutsRead(path)).toEqual(["tfjs", "tfjs"]);
    expect(writeTableBytes(streamed({ weights: tfjsToFlux(model) }), ModelV1SchemaVersion)).toEqual(
      writeTableBytes([{ weights: tfjsToFlux(model) }], ModelV1SchemaVersion),
    );
    await writeTable(path, streamed({ weights: null }, { weights: fetchWeights(model) }), ModelV1SchemaVersion);
    expect(await layoutsRead(path)).toEqual([null, "tfjs"]);

    // The layout goes out with the first batch: a later batch cannot change it.
    const before = readFileSync(path);
    const oneRowBatches = { batchSize: 1 };
    const late = streamed({ weights: null }, { weights: fetchWeights(model) });
    await expect(writeTable(path, late, ModelV1SchemaVersion, oneRowBatches)).rejects.toMatchObject({
      name: "WeightsLayoutError",
      message: expect.stringMatching(
        /row 1's weights are in tfjs's layout, .* this one recorded none \(Flux's\), as no row of its first batch held weights: pass \{ metadata: \{ legolas_ts_weights_layout: "tfjs" \} \}/,
      ),
    });
    const switched = streamed({ weights: fetchWeights(model) }, { weights: tfjsToFlux(model) });
    await expect(writeTable(path, switched, ModelV1SchemaVersion, oneRowBatches)).rejects.toMatchObject({
      name: "WeightsLayoutError",
      message: expect.stringMatching(
        /row 1's weights are in flux's layout, .* recorded tfjs's, as its first batch's rows said/,
      ),
    });
    expect(readFileSync(path)).toEqual(before);
    const stated = { ...oneRowBatches, metadata: { [WEIGHTS_LAYOUT_KEY]: "tfjs" } };
    await writeTable(path, streamed({ weights: null }, { weights: fetchWeights(model) }), ModelV1SchemaVersion, stated);
    expect(await layoutsRead(path)).toEqual([null, "tfjs"]);
  });

  test("a model row saying a layout this version does not know is refused on read", () => {
    const bytes = writeModelRowBytes({ weights: null });
    const table = tableFromIPC(bytes);
    table.schema.metadata.set(WEIGHTS_LAYOUT_KEY, "pytorch");
    const foreign = writeTableBytes(table, ModelV1SchemaVersion);
    expect(() => readModelRowBytes(foreign)).toThrow(
      expect.objectContaining({
        name: "ModelRowError",
        message: expect.stringMatching(/"pytorch", not "tfjs" or "flux"/),
      }),
    );
  });

  /** `model`'s weights in a model row whose table says they are in "pytorch"'s layout. */
  function foreignRow(model: tf.LayersModel): Uint8Array {
    const table = tableFromIPC(writeModelRowBytes({ weights: fetchWeights(model) }));
    table.schema.metadata.set(WEIGHTS_LAYOUT_KEY, "pytorch");
    return tableToIPC(table, "file");
  }
  const refusedAsForeign = expect.objectContaining({
    name: "WeightsLayoutError",
    message: expect.stringMatching(
      /legolas_ts_weights_layout is "pytorch", which this version of legolas-ts does not know/,
    ),
  });

  test("weights read with readTable from a table saying a layout this version does not know neither load nor convert", () => {
    const model = convNet();
    const foreign = foreignRow(model);
    const before = bitsOf(fetchWeights(model));
    const { weights } = readTableBytes(foreign, { schemaVersion: ModelV1SchemaVersion }).rows[0]!;
    expect(weights!.layout).toBeUndefined();
    expect(weights!.unknownLayout).toBe("pytorch");
    expect(() => loadWeights(model, weights!)).toThrow(refusedAsForeign);
    expect(() => fluxToTfjs(weights!, model)).toThrow(refusedAsForeign);
    expect(() => loadWeights(model, readWeightsColumn(tableFromIPC(foreign), "weights")[0]!)).toThrow(refusedAsForeign);
    expect(bitsOf(fetchWeights(model))).toEqual(before);
  });

  test("a structured clone of such weights (sent to a worker) is refused too, and so is a row built from it", () => {
    const model = convNet();
    const { weights } = readTableBytes(foreignRow(model), { schemaVersion: ModelV1SchemaVersion }).rows[0]!;
    const before = bitsOf(fetchWeights(model));
    const clone = structuredClone(weights!);
    expect(clone.unknownLayout).toBe("pytorch");
    expect(() => loadWeights(model, clone)).toThrow(refusedAsForeign);
    expect(() => fluxToTfjs(clone, model)).toThrow(refusedAsForeign);
    const row = new ModelV1({ weights: clone });
    expect(row.weights!.unknownLayout).toBe("pytorch");
    expect(() => loadWeights(model, row.weights!)).toThrow(refusedAsForeign);
    expect(bitsOf(fetchWeights(model))).toEqual(before);
    // Stating the layout they are known to be in loads them.
    loadWeights(model, weights!.withLayout("tfjs"));
  });

  test("such weights are not written back as Flux's: refused from rows, kept by their Arrow table", async () => {
    const read = readTableBytes(foreignRow(convNet()), { schemaVersion: ModelV1SchemaVersion });
    const row = read.rows[0]!;
    const refused = expect.objectContaining({
      name: "WeightsLayoutError",
      message: expect.stringMatching(/^row 0's weights come from a table whose legolas_ts_weights_layout is "pytorch"/),
    });
    expect(() => writeModelRowBytes(row)).toThrow(refused);
    expect(() => writeTableBytes([structuredClone({ ...row })], ModelV1SchemaVersion)).toThrow(refused);
    await expect(writeTable(file("foreign.arrow"), [row].values(), ModelV1SchemaVersion)).rejects.toMatchObject(
      refused,
    );
    expect(layoutKey(writeTableBytes(read.table, ModelV1SchemaVersion))).toBe("pytorch");
  });

  test("a structured clone keeps the layout (a Weights value sent to a worker)", () => {
    const weights = fetchWeights(convNet());
    const clone = structuredClone(weights);
    expect(clone.layout).toBe("tfjs");
    expect(() => fluxToTfjs(clone, convNet())).toThrow(expect.objectContaining({ name: "WeightsLayoutError" }));
  });
});

describe("loading refuses the other layout, naming the call that fits", () => {
  testWithJuliaFixtures(
    "a Julia row with BatchNorm is refused by loadWeights, loadModelRow and the IOHandler",
    async () => {
      const path = juliaFixture("test.digits-model.arrow");
      const row = await readModelRow(path, { schemaVersion: ModelV1SchemaVersion });
      expect(row.weights!.layout).toBe("flux");
      const model = digitsModel();
      const before = bitsOf(fetchWeights(model));
      expect(() => loadWeights(model, row.weights!)).toThrow(
        expect.objectContaining({
          name: "WeightsLayoutError",
          code: "weights_layout",
          layout: "flux",
          expected: "tfjs",
          message: expect.stringMatching(/in Flux's layout .* loadWeights\(model, fluxToTfjs\(weights, model\)\)/),
        }),
      );
      await expect(loadModelRow(model, path)).rejects.toMatchObject({
        name: "WeightsLayoutError",
        message: expect.stringMatching(
          /test\.digits-model\.arrow: the row's weights are in Flux's layout.*fluxToTfjs\(row\.weights, model\)/,
        ),
      });
      await expect(loadModelRowFrom(model, readFileSync(path))).rejects.toMatchObject({ name: "WeightsLayoutError" });
      await expect(tf.loadLayersModel(legolasModelRow(path, { model }))).rejects.toMatchObject({
        name: "WeightsLayoutError",
      });
      expect(bitsOf(fetchWeights(model))).toEqual(before);
      // The call the messages name loads it.
      loadWeights(model, fluxToTfjs(row.weights!, model));
    },
  );

  test("a row an earlier legolas-ts saved from tfjs, before it wrote the key: the refusal also names the load that fits it", async () => {
    const model = convNet();
    await trainBriefly(model);
    // As legolas-ts wrote it before 2026-12-04: the same file without legolas_ts_weights_layout.
    const table = tableFromIPC(writeModelRowBytes({ weights: fetchWeights(model) }, ModelV1SchemaVersion));
    table.schema.metadata.delete(WEIGHTS_LAYOUT_KEY);
    const bytes = tableToIPC(table, "file");
    const fresh = convNet();
    const before = bitsOf(fetchWeights(fresh));
    await expect(loadModelRowFrom(fresh, bytes)).rejects.toMatchObject({
      name: "WeightsLayoutError",
      message: expect.stringMatching(
        /Convert them first: .*fluxToTfjs\(row\.weights, model\).* If legolas-ts saved the row from a tfjs model before it recorded the layout .*loadWeights\(model, row\.weights\.withLayout\("tfjs"\)\)/,
      ),
    });
    expect(bitsOf(fetchWeights(fresh))).toEqual(before);
    // The load the message names for such a row gives the saved model back.
    loadWeights(fresh, readModelRowBytes(bytes).weights!.withLayout("tfjs"));
    expect(predictions(fresh)).toEqual(predictions(model));
  });

  test("a tfjs row given to fluxToTfjs is refused, naming loadWeights", async () => {
    const model = convNet();
    await trainBriefly(model);
    const path = file("tfjs.model.arrow");
    await writeModelRow(path, { weights: fetchWeights(model) });
    const row = await readModelRow(path);
    expect(() => fluxToTfjs(row.weights!, convNet())).toThrow(
      expect.objectContaining({
        name: "WeightsLayoutError",
        layout: "tfjs",
        expected: "flux",
        message: expect.stringMatching(/in tfjs's layout already .* loadWeights\(model, weights\)/),
      }),
    );
    const fresh = convNet();
    await loadModelRow(fresh, path);
    expect(predictions(fresh)).toEqual(predictions(model));
  });

  test("a row written for Julia (tfjsToFlux) loads back into tfjs through fluxToTfjs, bit for bit", async () => {
    const model = convNet();
    await trainBriefly(model);
    const path = file("for-julia.model.arrow");
    await writeModelRow(path, { weights: tfjsToFlux(model) });
    await expect(loadModelRow(convNet(), path)).rejects.toMatchObject({ name: "WeightsLayoutError" });
    const fresh = convNet();
    loadWeights(fresh, fluxToTfjs((await readModelRow(path)).weights!, fresh));
    expect(bitsOf(fetchWeights(fresh))).toEqual(bitsOf(fetchWeights(model)));
  });
});
