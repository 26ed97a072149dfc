/**
 * fetch -> writeModelRow -> readModelRow -> loadWeights through real Arrow files: a fresh build of
 * the same architecture (other automatic names) gets the same bits and predicts the same numbers.
 */
import * as tf from "@tensorflow/tfjs";
import { Field, Int64, Schema } from "apache-arrow";
import { beforeAll, describe, expect, expectTypeOf, test } from "vitest";
import { fetchWeights, loadModelRow, loadWeights } from "legolas-ts/tfjs";
import {
  ModelV1,
  ModelV1SchemaVersion,
  readModelRow,
  readModelRowBytes,
  readTable,
  readTableBytes,
  type Weights,
  writeModelRow,
  writeModelRowBytes,
  writeTable,
} from "legolas-ts";
import { CALLS } from "../../../runtime/arrow/option-calls.js";
import { DigitsRowV1, DigitsRowV1SchemaVersion } from "../../../generated/index.js";
import { Issue94ChildV1SchemaVersion } from "../../generated/test.issue-94-child.js";
import { bitsOf, denseNet, digitsConvNet, predictions, trainBriefly, useCpuBackend } from "../tfjs/helpers.js";
import { branchedNet, nestedNet, scratchFolder, sharedDenseNet } from "./helpers.js";

beforeAll(useCpuBackend);
const file = scratchFolder();

async function expectFileRoundTrip(name: string, build: () => tf.LayersModel, train = false): Promise<Weights> {
  const trained = build();
  if (train) await trainBriefly(trained);
  const fresh = build();
  expect(fresh.layers.map((layer) => layer.name)).not.toEqual(trained.layers.map((layer) => layer.name));
  expect(predictions(fresh)).not.toEqual(predictions(trained));

  const saved = fetchWeights(trained);
  const path = file(`${name}.model.arrow`);
  await writeModelRow(path, { weights: saved, architecture_version: 2 });
  const row = await readModelRow(path);
  expect(row).toBeInstanceOf(ModelV1);
  expect(row.architecture_version).toBe(2n);
  loadWeights(fresh, row.weights!);

  expect(bitsOf(fetchWeights(fresh))).toEqual(bitsOf(saved));
  expect(predictions(fresh)).toEqual(predictions(trained));
  return saved;
}

describe("through an Arrow file into a fresh build", () => {
  test("Dense", async () => {
    await expectFileRoundTrip("dense", () => denseNet());
  });

  test("Conv2D + BatchNormalization after training: moving statistics travel", async () => {
    const saved = await expectFileRoundTrip("conv-bn", () => digitsConvNet(), true);
    const [, , , , movingMean, movingVariance] = saved.arrays;
    expect(movingMean!.vec.some((value) => value !== 0)).toBe(true);
    expect(movingVariance!.vec.some((value) => value !== 1)).toBe(true);
  });

  test("a Dense layer applied twice is stored once", async () => {
    const saved = await expectFileRoundTrip("shared", sharedDenseNet);
    expect(saved.arrays.map((array) => array.size)).toEqual([[5, 5], [5], [2, 5], [2]]);
  });

  test("functional model with branches and BatchNormalization, after training", async () => {
    await expectFileRoundTrip("functional", branchedNet, true);
  });

  test("nested model", async () => {
    await expectFileRoundTrip("nested", nestedNet, true);
  });

  test("a signalling NaN, a NaN's payload, the infinities, -0 and a subnormal come back bit for bit, copied or not", async () => {
    const special = new Uint32Array([0x7fc00123, 0xffa00001, 0x7f800000, 0xff800000, 0x80000000, 0x00000001]);
    const model = denseNet();
    const kernel = model.layers[0]!.getWeights()[0]!;
    const bits = new Uint32Array(kernel.dataSync().slice().buffer);
    bits.set(special);
    model.layers[0]!.setWeights([
      tf.tensor(new Float32Array(bits.buffer), kernel.shape),
      model.layers[0]!.getWeights()[1]!,
    ]);
    const saved = bitsOf(fetchWeights(model));
    expect(saved[0]!.subarray(0, special.length)).toEqual(special);
    for (const copy of [false, true]) {
      const path = file(`special-${copy}.model.arrow`);
      await writeModelRow(path, { weights: fetchWeights(model, { copy }) });
      const fresh = denseNet();
      await loadModelRow(fresh, path, { copy });
      expect(bitsOf(fetchWeights(fresh))).toEqual(saved);
    }
  });
});

describe("model rows", () => {
  test("a model with no variables: its Weights of no arrays are refused (LegolasFlux.jl cannot read them); a model with variables refuses them on load", async () => {
    const build = () =>
      tf.sequential({
        layers: [tf.layers.flatten({ inputShape: [2, 3] }), tf.layers.activation({ activation: "relu" })],
      });
    const path = file("weightless.model.arrow");
    await expect(
      writeModelRow(path, { weights: fetchWeights(build()), architecture_version: 1 }),
    ).rejects.toMatchObject({ name: "JuliaUnreadableWeightsError", problem: "no_arrays", path: "weights" });
    await expect(readModelRow(path)).rejects.toMatchObject({ code: "file_access_failed" });

    const model = denseNet();
    const before = bitsOf(fetchWeights(model));
    expect(() => loadWeights(model, fetchWeights(build()))).toThrow(
      expect.objectContaining({
        name: "WeightsMismatchError",
        reason: "count",
        index: 0,
        expectedCount: 4,
        foundCount: 0,
        message: expect.stringMatching(
          /^the model has 4 weight arrays but the weights hold 0: the model variable at index 0 /,
        ),
      }),
    );
    expect(bitsOf(fetchWeights(model))).toEqual(before);
  });

  test("a row without weights round-trips", async () => {
    const path = file("empty.model.arrow");
    await writeModelRow(path, { architecture_version: null });
    const row = await readModelRow(path);
    expect(row).toBeInstanceOf(ModelV1);
    expect(row.weights).toBeNull();
    expect(row.architecture_version).toBeNull();
  });

  test("a save stops when its signal aborts: the call rejects with the reason and the file keeps its old row", async () => {
    const path = file("kept.model.arrow");
    await writeModelRow(path, { architecture_version: 1 });
    const stop = new AbortController();
    stop.abort(new Error("shutting down"));
    await expect(
      writeModelRow(path, { architecture_version: 2 }, ModelV1SchemaVersion, { signal: stop.signal }),
    ).rejects.toBe(stop.signal.reason);
    expect((await readModelRow(path)).architecture_version).toBe(1n);
  });

  test("writeModelRow and writeModelRowBytes are typed with exactly the options they take, so each is passed without a cast", async () => {
    const writeOptions = ["batchSize", "compression", "fieldMetadataFrom", "metadata", "validate"] as const;
    type WriteOption = (typeof writeOptions)[number];
    expectTypeOf<keyof NonNullable<Parameters<typeof writeModelRowBytes>[2]>>().toEqualTypeOf<WriteOption>();
    expectTypeOf<keyof NonNullable<Parameters<typeof writeModelRow>[3]>>().toEqualTypeOf<WriteOption | "signal">();
    expect(Object.keys(CALLS.writeModelRowBytes.takes).sort()).toEqual([...writeOptions].sort());
    expect(Object.keys(CALLS.writeModelRow.takes).sort()).toEqual([...writeOptions, "signal"].sort());
    const path = file("field-metadata.model.arrow");
    const noted = new Schema([new Field("architecture_version", new Int64(), true, new Map([["unit", "release"]]))]);
    const options = { batchSize: 1, validate: true, fieldMetadataFrom: noted };
    await writeModelRow(path, { architecture_version: 4 }, ModelV1SchemaVersion, options);
    const written = readTableBytes(writeModelRowBytes({ architecture_version: 4 }, ModelV1SchemaVersion, options));
    for (const { table } of [await readTable(path), written])
      expect(table.schema.fields.find((field) => field.name === "architecture_version")?.metadata.get("unit")).toBe(
        "release",
      );
  });

  test("a table of two rows is not a model row", async () => {
    const path = file("two.model.arrow");
    await writeTable(path, [{ architecture_version: 1 }, { architecture_version: 2 }], ModelV1SchemaVersion);
    await expect(readModelRow(path)).rejects.toMatchObject({
      name: "ModelRowError",
      message: expect.stringMatching(/exactly one row.*holds 2/),
    });
  });

  test("a table of a schema that does not extend legolas-flux.model@1 is not a model row", async () => {
    const path = file("child.arrow");
    await writeTable(path, [{ a: 1, b: 2 }], Issue94ChildV1SchemaVersion);
    await expect(readModelRow(path)).rejects.toMatchObject({
      name: "ModelRowError",
      message: expect.stringContaining("does not extend legolas-flux.model@1"),
    });
    await expect(writeModelRow(file("never.arrow"), { a: 1, b: 2 }, Issue94ChildV1SchemaVersion)).rejects.toMatchObject(
      {
        name: "ModelRowError",
      },
    );
  });

  test("a digits-model@1 row comes back as a DigitsRowV1", async () => {
    const model = denseNet();
    const path = file("run.digits-model.arrow");
    await writeModelRow(
      path,
      { weights: fetchWeights(model), architecture_version: 1, epoch: 3, accuracy: 0.5, commit_sha: "0123abc" },
      DigitsRowV1SchemaVersion,
    );
    const row = await readModelRow(path);
    expect(row).toBeInstanceOf(DigitsRowV1);
    expect(row).toMatchObject({ architecture_version: 1n, epoch: 3n, accuracy: 0.5, commit_sha: "0123abc" });
    expect(bitsOf(row.weights!)).toEqual(bitsOf(fetchWeights(model)));
    // Read as its ancestor, it gives only the model fields.
    const base = await readModelRow(path, { schemaVersion: ModelV1SchemaVersion });
    expect(base).toBeInstanceOf(ModelV1);
    expect(Object.keys(base)).toEqual(["weights", "architecture_version"]);
  });

  test("a row class's instance written without a schema version is written as its own version", async () => {
    const model = denseNet();
    const digits = new DigitsRowV1({ weights: fetchWeights(model), architecture_version: 1, epoch: 3, accuracy: 0.5 });
    const path = file("own.digits-model.arrow");
    await writeModelRow(path, digits);
    const row = await readModelRow(path, { schemaVersion: DigitsRowV1SchemaVersion });
    expect(row).toBeInstanceOf(DigitsRowV1);
    expect(row).toMatchObject({ epoch: 3n, accuracy: 0.5 });
    expect(readModelRowBytes(writeModelRowBytes(digits))).toBeInstanceOf(DigitsRowV1);
    // A plain object has no version of its own: it is a legolas-flux.model@1 row.
    await writeModelRow(path, { architecture_version: 1 });
    expect(await readModelRow(path)).toBeInstanceOf(ModelV1);
  });

  test("an instance of a user's subclass of a row class is written as that class's version", async () => {
    class MyRow extends DigitsRowV1 {}
    // accuracy and commit_sha null: written as legolas-flux.model@1, they were extra keys with no type.
    const mine = new MyRow({ architecture_version: 1, epoch: 3 });
    const path = file("subclass.digits-model.arrow");
    await writeModelRow(path, mine);
    const row = await readModelRow(path);
    expect(row).toBeInstanceOf(DigitsRowV1);
    expect(row).toMatchObject({ epoch: 3n, accuracy: null });
    expect(readModelRowBytes(writeModelRowBytes(mine))).toBeInstanceOf(DigitsRowV1);
  });
});
