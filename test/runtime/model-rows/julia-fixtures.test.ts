/**
 * Model rows written by LegolasFlux.jl hold Flux's layout (they carry no legolas_ts_weights_layout),
 * so they load through `fluxToTfjs`: for a chain of Flux `Dense` layers it passes the arrays on as
 * they are (a weight of Julia size `(out, in)`, column-major, is byte for byte a tfjs Dense kernel
 * `[in, out]`); convolutions and BatchNorm move (test/runtime/tfjs/flux-digits.test.ts). Loading
 * one without the conversion is refused, naming it.
 */
import * as tf from "@tensorflow/tfjs";
import { beforeAll, expect } from "vitest";
import { fetchWeights, fluxToTfjs, loadModelRow, loadWeights } from "legolas-ts/tfjs";
import { type Field, RecordBatch, Schema, Table, tableFromIPC } from "apache-arrow";
import {
  FlatArray,
  ModelV1,
  ModelV1SchemaVersion,
  readModelRow,
  readTable,
  readTableBytes,
  Weights,
  writeTableBytes,
} from "legolas-ts";
import { DigitsModelV1, DigitsModelV1SchemaVersion } from "../../generated/digits.model.js";
import { bitsOf, useCpuBackend } from "../tfjs/helpers.js";
import { juliaFixture, testWithJuliaFixtures } from "../../helpers/julia-fixtures.js";
import { withoutLabels } from "../arrow/helpers/arrow-jl-extension.js";

beforeAll(useCpuBackend);

const fixture = juliaFixture;

/** Flux's `Dense`: `W*x .+ b`, with `W` of Julia size `(out, in)` stored column-major, in float64. */
function fluxDense(weight: FlatArray, bias: FlatArray, x: readonly number[]): number[] {
  const [out, inputs] = weight.size as [number, number];
  expect(x.length).toBe(inputs);
  return Array.from({ length: out }, (_, o) =>
    x.reduce((sum, value, i) => sum + weight.vec[o + i * out]! * value, bias.vec[o]!),
  );
}

const denseChain = () =>
  tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [1], units: 10 }),
      tf.layers.dense({ units: 10 }),
      tf.layers.dense({ units: 1 }),
    ],
  });

testWithJuliaFixtures("dense-chain.model.arrow (Flux Chain of three Dense) predicts as W*x .+ b in tfjs", async () => {
  const row = await readModelRow(fixture("dense-chain.model.arrow"));
  expect(row).toBeInstanceOf(ModelV1);
  expect(row.architecture_version).toBeNull();
  const arrays = row.weights!.arrays;
  expect(arrays.map((array) => array.size)).toEqual([[10, 1], [10], [10, 10], [10], [1, 10], [1]]);

  const model = denseChain();
  expect(row.weights!.layout).toBe("flux");
  const converted = fluxToTfjs(row.weights!, model);
  expect(converted.arrays.map((array) => array.vec)).toEqual(arrays.map((array) => array.vec)); // the same memory
  loadWeights(model, converted);
  expect(bitsOf(fetchWeights(model))).toEqual(bitsOf(row.weights!));

  const xs = [-2.5, -1, 0, 0.3, 1, 4.75];
  const got = tf.tidy(() => (model.predict(tf.tensor2d(xs, [xs.length, 1])) as tf.Tensor).dataSync().slice());
  xs.forEach((x, k) => {
    const hidden1 = fluxDense(arrays[0]!, arrays[1]!, [x]);
    const hidden2 = fluxDense(arrays[2]!, arrays[3]!, hidden1);
    const [flux] = fluxDense(arrays[4]!, arrays[5]!, hidden2);
    // float32 in tfjs against float64 here: equal to float32 rounding.
    expect(Math.abs(got[k]! - flux!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(flux!)));
  });
  // Not a trivially constant model: the predictions differ across inputs.
  expect(new Set(got).size).toBe(xs.length);
});

testWithJuliaFixtures(
  "loadModelRow refuses a Julia row (Flux's layout), naming fluxToTfjs; the model is unchanged",
  async () => {
    const model = denseChain();
    const before = bitsOf(fetchWeights(model));
    await expect(loadModelRow(model, fixture("dense-chain.model.arrow"))).rejects.toMatchObject({
      name: "WeightsLayoutError",
      code: "weights_layout",
      layout: "flux",
      expected: "tfjs",
      message: expect.stringMatching(
        /dense-chain\.model\.arrow: the row's weights are in Flux's layout .*loadWeights\(model, fluxToTfjs\(row\.weights, model\)\)/,
      ),
    });
    expect(bitsOf(fetchWeights(model))).toEqual(before);
    await expect(
      loadModelRow(denseChain(), fixture("dense-chain.model.arrow"), { expectedArchitectureVersion: 1 }),
    ).rejects.toMatchObject({ name: "ArchitectureVersionMismatchError", expected: 1n, found: null });
  },
);

const DIGITS_SIZES = [
  [3, 3, 1, 32],
  [32],
  [32],
  [32],
  [32],
  [32],
  [3, 3, 32, 16],
  [16],
  [3, 3, 16, 10],
  [10],
  [10, 90],
  [10],
  [10, 10],
  [10],
];

testWithJuliaFixtures(
  "test.digits-model.arrow as digits.model@1: 14 arrays, 7542 floats, the training metadata",
  async () => {
    const row = await readModelRow(fixture("test.digits-model.arrow"), { schemaVersion: DigitsModelV1SchemaVersion });
    expect(row).toBeInstanceOf(DigitsModelV1);
    const weights = row.weights!;
    expect(weights.arrays).toHaveLength(14);
    expect(weights.arrays.map((array) => array.size)).toEqual(DIGITS_SIZES);
    expect(weights.arrays.map((array) => array.shape)).toEqual(DIGITS_SIZES.map((size) => [...size].reverse()));
    expect(weights.arrays.every((array) => array.vec instanceof Float32Array)).toBe(true);
    expect(weights.parameterCount).toBe(7542);
    expect(row.architecture_version).toBeNull();
    expect(row.config).toEqual({ seed: 5n, dropout_rate: 0 });
    expect(row.epoch).toBe(1n);
    expect(row.accuracy).toBe(Math.fround(0.06));
  },
);

testWithJuliaFixtures(
  "test.digits-model.arrow read as its ancestor legolas-flux.model@1 gives the same weights",
  async () => {
    const full = await readModelRow(fixture("test.digits-model.arrow"), { schemaVersion: DigitsModelV1SchemaVersion });
    const base = await readModelRow(fixture("test.digits-model.arrow"), { schemaVersion: ModelV1SchemaVersion });
    expect(base).toBeInstanceOf(ModelV1);
    expect(bitsOf(base.weights!)).toEqual(bitsOf(full.weights!));
  },
);

/** Every field's metadata at every depth: `[metadata, ...children's trees]`. */
const metadataTree = (field: Field): unknown => [
  Object.fromEntries(field.metadata),
  ...((field.type.children ?? []) as Field[]).map(metadataTree),
];

// LegolasFlux.jl labels Weights{T} and FlatArray{T} alike for every T, and Julia reads T from
// `vec`: a row whose weights were made Float64 (Flux's f64(model)) or integers carries the labels
// of the Julia-written file, whether written as rows or as an Arrow table that lost them. (Only
// the weights column is compared: this fixture leaves its nested record `config` unlabelled.)
testWithJuliaFixtures.each([
  ["Float64", (vec: Float32Array) => Float64Array.from(vec)],
  ["Int32", (vec: Float32Array) => Int32Array.from(vec, (x) => Math.round(x * 100))],
])(
  "test.digits-model.arrow's row with %s weights is written back with the fixture's Weights labels",
  async (_, convert) => {
    const julia = await readTable(fixture("test.digits-model.arrow"), { schemaVersion: DigitsModelV1SchemaVersion });
    const [row] = julia.rows;
    const weights = new Weights(row!.weights!.arrays.map((a) => new FlatArray(convert(a.vec as Float32Array), a.size)));
    const asRows = tableFromIPC(writeTableBytes([{ ...row!, weights }], DigitsModelV1SchemaVersion));
    const stripped = new Schema(asRows.schema.fields.map(withoutLabels), asRows.schema.metadata);
    const unlabelled = new Table(asRows.batches.map((batch) => new RecordBatch(stripped, batch.data)));
    const asTable = writeTableBytes(unlabelled, DigitsModelV1SchemaVersion);
    const weightsMetadata = (table: Table) => metadataTree(table.schema.fields.find((f) => f.name === "weights")!);
    const expected = weightsMetadata(julia.table);
    expect(weightsMetadata(asRows)).toEqual(expected);
    const again = readTableBytes(asTable, { schemaVersion: DigitsModelV1SchemaVersion });
    expect(weightsMetadata(again.table)).toEqual(expected);
    expect(again.rows[0]!.weights!.arrays.map((a) => a.vec)).toEqual(weights.arrays.map((a) => a.vec));
  },
);
