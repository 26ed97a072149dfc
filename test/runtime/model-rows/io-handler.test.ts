/**
 * The tfjs idioms: `model.save(legolasModelRow(path, { model }))` and
 * `tf.loadLayersModel(legolasModelRow(path, { model: template }))`, plus `loadModelRow`.
 */
import * as tf from "@tensorflow/tfjs";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { RecordBatch, Schema, Table, tableFromIPC, tableToIPC } from "apache-arrow";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  fetchWeights,
  legolasModelRow,
  legolasModelRowFrom,
  loadModelRow,
  loadModelRowFrom,
  loadWeights,
} from "legolas-ts/tfjs";
import {
  ModelV1,
  readModelRow,
  readModelRowBytes,
  SCHEMA_QUALIFIED_KEY,
  writeModelRow,
  writeModelRowBytes,
} from "legolas-ts";
import { DigitsRowV1, DigitsRowV1SchemaVersion } from "../../../generated/index.js";
import { bitsOf, denseNet, digitsConvNet, predictions, trainBriefly, useCpuBackend } from "../tfjs/helpers.js";
import { branchedNet, nestedNet, scratchFolder, separableNet, sharedDenseNet } from "./helpers.js";

beforeAll(useCpuBackend);
const file = scratchFolder();

describe("model.save(legolasModelRow(...))", () => {
  test("writes fetchWeights' order and the given fields; reports the bytes", async () => {
    const model = digitsConvNet();
    await trainBriefly(model);
    const path = file("saved.model.arrow");
    const result = await model.save(legolasModelRow(path, { model, fields: { architecture_version: 3 } }));
    expect(result.modelArtifactsInfo).toMatchObject({
      modelTopologyType: "JSON",
      weightDataBytes: model.countParams() * 4,
    });

    const row = await readModelRow(path);
    expect(row).toBeInstanceOf(ModelV1);
    expect(row.architecture_version).toBe(3n);
    expect(bitsOf(row.weights!)).toEqual(bitsOf(fetchWeights(model)));
  });

  test("a frozen layer does not change the stored order", async () => {
    const model = digitsConvNet();
    await trainBriefly(model);
    const before = fetchWeights(model);
    const tfjsOrder = () => model.weights.map((variable) => variable.originalName);
    const orderBefore = tfjsOrder();
    model.layers[1]!.trainable = false; // BatchNormalization: gamma and beta move behind the dense layer
    expect(tfjsOrder()).not.toEqual(orderBefore);

    const path = file("frozen.model.arrow");
    await model.save(legolasModelRow(path, { model }));
    expect(bitsOf((await readModelRow(path)).weights!)).toEqual(bitsOf(before));
  });

  test("with a schema that extends the model schema: a DigitsRowV1", async () => {
    const model = denseNet();
    const path = file("epoch.digits-model.arrow");
    await model.save(
      legolasModelRow(path, { model, schemaVersion: DigitsRowV1SchemaVersion, fields: { epoch: 2, accuracy: 0.25 } }),
    );
    const row = await readModelRow(path);
    expect(row).toBeInstanceOf(DigitsRowV1);
    expect(row).toMatchObject({ epoch: 2n, accuracy: 0.25, commit_sha: null, architecture_version: null });
    expect(bitsOf(row.weights!)).toEqual(bitsOf(fetchWeights(model)));
  });
});

describe("tf.loadLayersModel(legolasModelRow(path, { model: template }))", () => {
  const cases: [string, () => tf.LayersModel][] = [
    ["Conv2D + BatchNormalization", () => digitsConvNet()],
    ["shared layer", sharedDenseNet],
    ["functional with branches", branchedNet],
    ["nested model", nestedNet],
    ["SeparableConv2D with a depth multiplier, nested too", separableNet],
  ];
  test.each(cases)("%s: the stored weights, in a model with the template's topology", async (name, build) => {
    const trained = build();
    await trainBriefly(trained);
    const path = file(`load-${name.replace(/\W+/g, "-")}.model.arrow`);
    await trained.save(legolasModelRow(path, { model: trained }));

    const template = build(); // other automatic names, other random values
    const loaded = await tf.loadLayersModel(legolasModelRow(path, { model: template }));
    expect(loaded.layers.map((layer) => layer.name)).toEqual(template.layers.map((layer) => layer.name));
    expect(bitsOf(fetchWeights(loaded))).toEqual(bitsOf(fetchWeights(trained)));
    expect(predictions(loaded)).toEqual(predictions(trained));
  });

  test("checks the architecture version and the fit before tfjs builds anything", async () => {
    const path = file("versioned.model.arrow");
    const model = denseNet();
    await model.save(legolasModelRow(path, { model, fields: { architecture_version: 1 } }));
    await expect(
      tf.loadLayersModel(legolasModelRow(path, { model: denseNet(), expectedArchitectureVersion: 2 })),
    ).rejects.toMatchObject({ name: "ArchitectureVersionMismatchError", expected: 2n, found: 1n });
    await expect(tf.loadLayersModel(legolasModelRow(path, { model: denseNet(5) }))).rejects.toMatchObject({
      name: "WeightsMismatchError",
      reason: "shape",
      index: 0,
    });
    const loaded = await tf.loadLayersModel(
      legolasModelRow(path, { model: denseNet(), expectedArchitectureVersion: 1 }),
    );
    expect(predictions(loaded)).toEqual(predictions(model));
  });

  test("a template whose layers hold one variable name twice is refused before tfjs builds anything", async () => {
    /** `dense` used inside a nested model and again after it: the outer model's layers list its kernel twice. */
    const sharedAcrossNesting = () => {
      const dense = tf.layers.dense({ units: 3 });
      const innerInput = tf.input({ shape: [3] });
      const inner = tf.model({ inputs: innerInput, outputs: dense.apply(innerInput) as tf.SymbolicTensor });
      const input = tf.input({ shape: [3] });
      return tf.model({ inputs: input, outputs: dense.apply(inner.apply(input)) as tf.SymbolicTensor });
    };
    /** Two nested models, each with a Dense layer named "d": two variables named "d/kernel". */
    const sameNames = () => {
      const nested = (name: string) =>
        tf.sequential({ name, layers: [tf.layers.dense({ name: "d", inputShape: [3], units: 3 })] });
      const input = tf.input({ shape: [3] });
      return tf.model({ inputs: input, outputs: nested("b").apply(nested("a").apply(input)) as tf.SymbolicTensor });
    };
    for (const build of [sharedAcrossNesting, sameNames]) {
      const path = file(`${build.name}.model.arrow`);
      const model = build();
      await model.save(legolasModelRow(path, { model }));
      await expect(tf.loadLayersModel(legolasModelRow(path, { model: build() }))).rejects.toMatchObject({
        name: "ModelRowHandlerError",
        message: expect.stringMatching(/the template's layers hold ".*kernel" twice .* loadModelRow\(model, path\)/),
      });
      const fresh = build();
      await loadModelRow(fresh, path);
      expect(predictions(fresh)).toEqual(predictions(model));
    }
  });
  test("variables named by numbers load by name, not by tfjs's Keras 3 reading of them; all such names are refused", async () => {
    /** A layer whose two weights are named "1" and "0", in that order, of one shape. */
    class NumberedWeights extends tf.layers.Layer {
      static readonly className = "NumberedWeights";
      override build(): void {
        for (const name of ["1", "0"]) this.addWeight(name, [2], "float32", tf.initializers.randomNormal({}));
        this.built = true;
      }
      override call(input: tf.Tensor | tf.Tensor[]): tf.Tensor {
        const [scale, shift] = this.weights.map((weight) => weight.read());
        return tf.add(tf.mul(Array.isArray(input) ? input[0]! : input, scale!), shift!);
      }
    }
    tf.serialization.registerClass(NumberedWeights);
    // tfjs reads the names as Keras 3's when the first one ends in a number: the layer's two
    // weights swapped (first alone), or the Dense's found no value (first, then a Dense).
    const numberedThenDense = () =>
      tf.sequential({ layers: [new NumberedWeights({ inputShape: [2] }), tf.layers.dense({ units: 2 })] });
    const model = numberedThenDense();
    const path = file("numbered.model.arrow");
    await model.save(legolasModelRow(path, { model }));
    const loaded = await tf.loadLayersModel(legolasModelRow(path, { model: numberedThenDense() }));
    expect(bitsOf(fetchWeights(loaded))).toEqual(bitsOf(fetchWeights(model)));
    expect(predictions(loaded)).toEqual(predictions(model));

    const numberedOnly = () => tf.sequential({ layers: [new NumberedWeights({ inputShape: [2] })] });
    const alone = numberedOnly();
    const alonePath = file("numbered-only.model.arrow");
    await alone.save(legolasModelRow(alonePath, { model: alone }));
    await expect(tf.loadLayersModel(legolasModelRow(alonePath, { model: numberedOnly() }))).rejects.toMatchObject({
      name: "ModelRowHandlerError",
      message: expect.stringMatching(
        /every variable name of the template ends in a part that starts with a number .* loadModelRow\(model, path\)/,
      ),
    });
    const fresh = numberedOnly();
    await loadModelRow(fresh, alonePath);
    expect(bitsOf(fetchWeights(fresh))).toEqual(bitsOf(fetchWeights(alone)));
  });

  test('a "gelu_new" activation, which tfjs reads back as "geluNew", is refused naming the layer; loadModelRow loads it', async () => {
    // Flux's gelu is tfjs's "gelu_new" (docs/flux.md), here inside a nested model and a wrapper.
    const build = () => {
      const inner = tf.sequential({
        name: "inner",
        layers: [tf.layers.dense({ inputShape: [3], units: 4, activation: "gelu_new" as never, name: "g" })],
      });
      return tf.sequential({ layers: [inner, tf.layers.dense({ units: 2 })] });
    };
    const model = build();
    const path = file("gelu-new.model.arrow");
    await model.save(legolasModelRow(path, { model }));
    await expect(tf.loadLayersModel(legolasModelRow(path, { model: build() }))).rejects.toMatchObject({
      name: "ModelRowHandlerError",
      message: expect.stringContaining(
        'layer "inner/g" has activation "gelu_new", which tf.loadLayersModel cannot build (tfjs 4.22 reads it back as "geluNew"',
      ),
    });
    const wrapped = () =>
      tf.sequential({
        layers: [
          tf.layers.bidirectional({
            layer: tf.layers.simpleRNN({ units: 2, activation: "gelu_new" as never }) as never,
            inputShape: [3, 2],
            name: "both",
          }),
        ],
      });
    const rnn = wrapped();
    const rnnPath = file("gelu-new-rnn.model.arrow");
    await rnn.save(legolasModelRow(rnnPath, { model: rnn }));
    await expect(tf.loadLayersModel(legolasModelRow(rnnPath, { model: wrapped() }))).rejects.toMatchObject({
      name: "ModelRowHandlerError",
      message: expect.stringContaining('layer "both" has layer.config.activation "gelu_new"'),
    });
    const fresh = build();
    await loadModelRow(fresh, path);
    expect(predictions(fresh)).toEqual(predictions(model));
  });

  test('layers named "gelu_new" load: tfjs keeps names, and the names a nested model gives its inputs and outputs, as they are', async () => {
    const build = () => {
      const input = tf.input({ shape: [3] });
      const named = tf.layers.dense({ units: 2, name: "gelu_new" }).apply(input) as tf.SymbolicTensor;
      const inner = tf.model({ inputs: input, outputs: named, name: "inner" });
      return tf.sequential({ layers: [inner, tf.layers.dense({ units: 1 })] });
    };
    const model = build();
    const path = file("named-gelu-new.model.arrow");
    await model.save(legolasModelRow(path, { model }));
    const loaded = await tf.loadLayersModel(legolasModelRow(path, { model: build() }));
    expect(predictions(loaded)).toEqual(predictions(model));
  });
});

describe("loadModelRow(model, path)", () => {
  test("loads into a build made by code and returns the row", async () => {
    const trained = digitsConvNet();
    await trainBriefly(trained);
    const path = file("by-code.digits-model.arrow");
    await writeModelRow(
      path,
      { weights: fetchWeights(trained), architecture_version: 4, epoch: 1 },
      DigitsRowV1SchemaVersion,
    );

    const fresh = digitsConvNet();
    const row = await loadModelRow(fresh, path, {
      expectedArchitectureVersion: 4n,
      schemaVersion: DigitsRowV1SchemaVersion,
    });
    expect(row).toBeInstanceOf(DigitsRowV1);
    expect(row.epoch).toBe(1n);
    expect(predictions(fresh)).toEqual(predictions(trained));
  });

  test("refusals leave the model as it was", async () => {
    const model = denseNet();
    const before = bitsOf(fetchWeights(model));
    const empty = file("no-weights.model.arrow");
    await writeModelRow(empty, { architecture_version: 1 });
    await expect(loadModelRow(model, empty)).rejects.toMatchObject({
      name: "ModelRowError",
      message: expect.stringContaining("holds no weights"),
    });

    const other = file("other.model.arrow");
    await writeModelRow(other, { weights: fetchWeights(denseNet()), architecture_version: 1 });
    await expect(loadModelRow(model, other, { expectedArchitectureVersion: 2 })).rejects.toMatchObject({
      name: "ArchitectureVersionMismatchError",
      message: expect.stringMatching(/architecture_version is 1.*architecture_version 2/),
    });
    // Without "expected", the version check would go unused and any architecture would load.
    await expect(loadModelRow(model, other, { architectureVersion: 2 } as never)).rejects.toMatchObject({
      name: "UnknownOptionError",
      meant: ["expectedArchitectureVersion"],
    });
    // The row's own field name, and the option with its last word dropped, would go unused as surely.
    for (const key of ["architecture_version", "expectedArchitecture"])
      await expect(loadModelRow(model, other, { [key]: 2 } as never)).rejects.toMatchObject({
        name: "UnknownOptionError",
        option: key,
        meant: ["expectedArchitectureVersion"],
      });
    // A Map's entries are no keys of its own: the version check went unseen and the row loaded.
    const asMap = new Map([["expectedArchitectureVersion", 2n]]);
    await expect(loadModelRow(model, other, asMap as never)).rejects.toMatchObject({
      name: "TypeError",
      message:
        "the options given are a Map: pass an object of options, or leave them out (Object.fromEntries(map) makes one of a Map)",
    });
    expect(() => loadWeights(model, fetchWeights(denseNet()), new Map([["copy", false]]) as never)).toThrow(
      "the options given are a Map",
    );
    await expect(loadModelRow(denseNet(5), other)).rejects.toMatchObject({ name: "WeightsMismatchError" });
    expect(bitsOf(fetchWeights(model))).toEqual(before);
  });
});

describe("an option of another call, which the loaders and handlers would leave unused", () => {
  // From plain JavaScript, loadModelRow(model, path, { columns: ["epoch"] }) read and loaded the
  // whole row, its caller believing they had asked for some columns.
  test.each([
    ["loadModelRow", { columns: ["epoch"] }, "readModelRow(path, { columns })"],
    ["loadModelRowFrom", { validate: "columns" }, "the readers take it"],
  ])("%s refuses %j before reading, and leaves the model as it was", async (call, options, goes) => {
    const model = denseNet();
    const before = bitsOf(fetchWeights(model));
    const path = file("untaken.model.arrow");
    const bytes = writeModelRowBytes({ weights: fetchWeights(denseNet()), architecture_version: 1 });
    writeFileSync(path, bytes);
    // As plain JavaScript gives them: the types refuse them.
    const given = options as never;
    const load = call === "loadModelRow" ? loadModelRow(model, path, given) : loadModelRowFrom(model, bytes, given);
    const [option] = Object.keys(options);
    await expect(load).rejects.toMatchObject({
      name: "UnknownOptionError",
      option,
      meant: [],
      message: expect.stringMatching(
        new RegExp(
          `^options\\.${option} is not an option of ${call}, which would leave it unused: .*; nothing was loaded$`,
        ),
      ),
    });
    await expect(load).rejects.toThrow(goes);
    expect(bitsOf(fetchWeights(model))).toEqual(before);
  });

  test("the handlers refuse an option only a loader takes, as they are made", () => {
    // A handler's load gives tfjs a buffer of its own: copy would go unused.
    const refusal = (call: string) =>
      expect.objectContaining({
        name: "UnknownOptionError",
        option: "copy",
        message: expect.stringContaining(`options.copy is not an option of ${call}, which would leave it unused`),
      });
    expect(() => legolasModelRow(file("x.arrow"), { model: denseNet(), copy: false } as never)).toThrow(
      refusal("legolasModelRow"),
    );
    expect(() => legolasModelRowFrom(new Uint8Array(8), { model: denseNet(), copy: false } as never)).toThrow(
      refusal("legolasModelRowFrom"),
    );
  });

  test("fetchWeights and loadWeights refuse a loader's options", () => {
    const model = denseNet();
    const before = bitsOf(fetchWeights(model));
    expect(() => fetchWeights(model, { signal: new AbortController().signal } as never)).toThrow(
      expect.objectContaining({
        name: "UnknownOptionError",
        option: "signal",
        message: expect.stringMatching(/nothing was fetched$/),
      }),
    );
    expect(() => loadWeights(model, fetchWeights(denseNet()), { expectedArchitectureVersion: 1 } as never)).toThrow(
      expect.objectContaining({
        name: "UnknownOptionError",
        option: "expectedArchitectureVersion",
        message: expect.stringMatching(/nothing was loaded$/),
      }),
    );
    expect(bitsOf(fetchWeights(model))).toEqual(before);
  });
});

describe("a row of a schema this program has not registered, extending legolas-flux.model@1", () => {
  /** A model row relabelled `identifier`, as a program with another schema (never imported here) writes it. */
  const relabelled = (bytes: Uint8Array, identifier: string): Uint8Array => {
    const table = tableFromIPC(bytes);
    const metadata = new Map([...table.schema.metadata, [SCHEMA_QUALIFIED_KEY, identifier]]);
    const schema = new Schema(table.schema.fields, metadata);
    const batches = table.batches.map((batch) => new RecordBatch(schema, batch.data));
    return tableToIPC(new Table(schema, batches), "file");
  };

  test("loads by loadModelRow as by tf.loadLayersModel(legolasModelRow(...)), as a legolas-flux.model@1 row; a schema version asked for still refuses it", async () => {
    const trained = denseNet();
    const bytes = writeModelRowBytes({ weights: fetchWeights(trained), architecture_version: 2 });
    const path = file("unregistered.model.arrow");
    writeFileSync(path, relabelled(bytes, "lab.run@2>legolas-flux.model@1"));

    const viaHandler = await tf.loadLayersModel(legolasModelRow(path, { model: denseNet() }));
    expect(predictions(viaHandler)).toEqual(predictions(trained));

    const fresh = denseNet();
    const row = await loadModelRow(fresh, path, { expectedArchitectureVersion: 2n });
    expect(row).toBeInstanceOf(ModelV1);
    expect(row.architecture_version).toBe(2n);
    expect(predictions(fresh)).toEqual(predictions(trained));
    const fromBytes = denseNet();
    expect(await loadModelRowFrom(fromBytes, readFileSync(path))).toBeInstanceOf(ModelV1);
    expect(predictions(fromBytes)).toEqual(predictions(trained));
    // readModelRow gives a row for its fields, and has no class for this one's.
    await expect(readModelRow(path)).rejects.toMatchObject({ code: "unknown_schema_version" });

    // A version asked for is a promise of its fields: a file that does not declare it is refused, by both.
    const model = denseNet();
    const before = bitsOf(fetchWeights(model));
    for (const load of [
      () => loadModelRow(model, path, { schemaVersion: DigitsRowV1SchemaVersion }),
      () => tf.loadLayersModel(legolasModelRow(path, { model, schemaVersion: DigitsRowV1SchemaVersion })),
    ])
      await expect(load()).rejects.toMatchObject({ code: "schema_version_mismatch" });
    expect(bitsOf(fetchWeights(model))).toEqual(before);
  });

  test("a row whose schema does not extend legolas-flux.model@1 is still refused, by both", async () => {
    const bytes = writeModelRowBytes({ weights: fetchWeights(denseNet()) });
    const path = file("not-a-model.arrow");
    writeFileSync(path, relabelled(bytes, "lab.table@1"));
    const model = denseNet();
    await expect(loadModelRow(model, path)).rejects.toMatchObject({ code: "unknown_schema_version" });
    await expect(tf.loadLayersModel(legolasModelRow(path, { model }))).rejects.toMatchObject({
      code: "schema_version_mismatch",
    });
  });
});

describe("a signal stops a load, and the model keeps its weights", () => {
  // A server that takes requests and never answers: only an abort ends a read of it.
  let asked = (): void => undefined;
  const silent = createServer(() => asked());
  let url = "";
  beforeAll(async () => {
    await new Promise<void>((done) => silent.listen(0, "127.0.0.1", done));
    url = `http://127.0.0.1:${(silent.address() as { port: number }).port}/row.model.arrow`;
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise((done) => silent.close(done));
  });
  const requested = () => new Promise<void>((done) => (asked = done));

  test("loadModelRowFrom of a URL whose server does not answer: SourceReadError whose cause is the reason", async () => {
    const model = denseNet();
    const before = bitsOf(fetchWeights(model));
    const stop = new AbortController();
    const asking = requested();
    const loading = loadModelRowFrom(model, url, { signal: stop.signal });
    await asking;
    stop.abort(new Error("the user closed the page"));
    await expect(loading).rejects.toMatchObject({
      name: "SourceReadError",
      message: `${url}: could not fetch it: the user closed the page`,
      cause: stop.signal.reason,
    });
    expect(bitsOf(fetchWeights(model))).toEqual(before);
  }, 10_000);

  test("tf.loadLayersModel(legolasModelRowFrom(url, { model, signal })) likewise", async () => {
    const stop = new AbortController();
    const asking = requested();
    const loading = tf.loadLayersModel(legolasModelRowFrom(url, { model: denseNet(), signal: stop.signal }));
    await asking;
    stop.abort(new Error("timed out"));
    await expect(loading).rejects.toMatchObject({ name: "SourceReadError", cause: stop.signal.reason });
  }, 10_000);

  test("loadModelRow of a path: aborted during the read, it rejects with the reason before loading", async () => {
    const path = file("aborted.model.arrow");
    await writeModelRow(path, { weights: fetchWeights(denseNet()), architecture_version: 1 });
    const model = denseNet();
    const before = bitsOf(fetchWeights(model));
    const stop = new AbortController();
    const loading = loadModelRow(model, path, { signal: stop.signal });
    stop.abort(new Error("shutting down"));
    await expect(loading).rejects.toThrow("shutting down");
    await expect(loadModelRow(model, path, { signal: stop.signal })).rejects.toThrow("shutting down");
    expect(bitsOf(fetchWeights(model))).toEqual(before);
    await loadModelRow(model, path, { signal: new AbortController().signal });
    expect(bitsOf(fetchWeights(model))).not.toEqual(before);
  });

  test("a signal that is no AbortSignal is refused before anything is read", async () => {
    let requests = 0;
    asked = () => requests++;
    const notASignal = { signal: { aborted: false } as AbortSignal };
    await expect(loadModelRowFrom(denseNet(), url, notASignal)).rejects.toMatchObject({
      name: "InvalidOptionError",
      option: "signal",
    });
    expect(() => legolasModelRowFrom(url, { model: denseNet(), ...notASignal })).toThrow(/options.signal/);
    await expect(loadModelRow(denseNet(), file("never-read.arrow"), notASignal)).rejects.toMatchObject({
      name: "InvalidOptionError",
    });
    expect(requests).toBe(0);
  });
});

describe("a load from a URL takes the readers' SourceOptions", () => {
  const row = writeModelRowBytes({ weights: fetchWeights(denseNet()), architecture_version: 1 });
  // Each path answered 503 Slow Down (as S3 does when busy), then, asked again, with the row.
  const refused = new Set<string>();
  const busy = createServer((request, response) => {
    if (refused.has(request.url!)) return void response.writeHead(200).end(row);
    refused.add(request.url!);
    response.writeHead(503, "Slow Down").end();
  });
  let base = "";
  beforeAll(async () => {
    await new Promise<void>((done) => busy.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(busy.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await new Promise((done) => busy.close(done));
  });

  test("loadModelRowFrom: retries: 0 fails on the 503 and the model keeps its weights; retries: 1 loads", async () => {
    const model = denseNet();
    const before = bitsOf(fetchWeights(model));
    await expect(loadModelRowFrom(model, `${base}/once.model.arrow`, { retries: 0 })).rejects.toMatchObject({
      name: "SourceReadError",
      status: 503,
      message: expect.stringContaining("1 request, retries turned off (retries: 0)"),
    });
    expect(bitsOf(fetchWeights(model))).toEqual(before);
    await loadModelRowFrom(model, `${base}/twice.model.arrow`, { retries: 1, maxRetryDelay: 5 });
    expect(bitsOf(fetchWeights(model))).toEqual(bitsOf(readModelRowBytes(row).weights!));
  });

  test("tf.loadLayersModel(legolasModelRowFrom(url, { model, retries })) likewise", async () => {
    const template = denseNet();
    await expect(
      tf.loadLayersModel(legolasModelRowFrom(`${base}/handler-once.model.arrow`, { model: template, retries: 0 })),
    ).rejects.toMatchObject({ name: "SourceReadError", status: 503 });
    const loaded = await tf.loadLayersModel(
      legolasModelRowFrom(`${base}/handler-twice.model.arrow`, { model: template, retries: 1, maxRetryDelay: 5 }),
    );
    expect(bitsOf(fetchWeights(loaded))).toEqual(bitsOf(readModelRowBytes(row).weights!));
  });

  test("another HTTP client's maxRetries or timeout is refused, naming ours, before anything is read", async () => {
    const asked = refused.size;
    await expect(
      loadModelRowFrom(denseNet(), `${base}/never.model.arrow`, { maxRetries: 0 } as never),
    ).rejects.toMatchObject({
      name: "UnknownOptionError",
      meant: ["retries"],
      message:
        "options.maxRetries is not an option of loadModelRowFrom, which would leave it unused: use retries (0 turns them off); nothing was loaded",
    });
    expect(() =>
      legolasModelRowFrom(`${base}/never.model.arrow`, { model: denseNet(), timeout: 5000 } as never),
    ).toThrow(
      expect.objectContaining({
        name: "UnknownOptionError",
        meant: ["signal"],
        message: expect.stringContaining("not an option of legolasModelRowFrom"),
      }),
    );
    expect(refused.size).toBe(asked);
  });

  test("a retries that is no count is refused before anything is read", async () => {
    const asked = refused.size;
    await expect(loadModelRowFrom(denseNet(), `${base}/never.model.arrow`, { retries: -1 })).rejects.toMatchObject({
      name: "InvalidOptionError",
      option: "retries",
    });
    expect(() => legolasModelRowFrom(`${base}/never.model.arrow`, { model: denseNet(), retries: 1.5 })).toThrow(
      expect.objectContaining({ name: "InvalidOptionError", option: "retries" }),
    );
    expect(refused.size).toBe(asked);
  });
});

describe("misuse is a clear error", () => {
  test("no model, or weights among the fields", () => {
    expect(() => legolasModelRow(file("x.arrow"), {} as never)).toThrow(/needs the tfjs LayersModel/);
    // From plain JavaScript, no options at all: the model is what is missing, not an object of options.
    expect(() => legolasModelRowFrom("https://example.org/row.arrow", undefined as never)).toThrow(
      /needs the tfjs LayersModel/,
    );
    expect(() => legolasModelRow("", { model: denseNet() })).toThrow(/non-empty file path/);
    const model = denseNet();
    expect(() =>
      legolasModelRow(file("x.arrow"), { model, fields: { weights: fetchWeights(model) } as never }),
    ).toThrow(/must not hold "weights"/);
  });

  test("legolasModelRowFrom made for one way refuses the other in its own words", async () => {
    const model = denseNet();
    const loadOnly = legolasModelRowFrom("https://example.org/row.arrow", { model });
    await expect(model.save(loadOnly)).rejects.toMatchObject({
      code: "model_row_handler_misuse",
      message: expect.stringContaining("was made without options.onSave, so model.save cannot save through it"),
    });
    const saveOnly = legolasModelRowFrom(null, { model, onSave: () => undefined });
    await expect(tf.loadLayersModel(saveOnly)).rejects.toMatchObject({
      code: "model_row_handler_misuse",
      message: expect.stringContaining("tf.loadLayersModel cannot load through it: pass the source to load from"),
    });
  });

  test("loadModelRow and loadModelRowFrom refuse a value that is not a LayersModel before reading anything", async () => {
    const missing = file("never-read.arrow");
    await expect(loadModelRow({} as never, missing)).rejects.toMatchObject({
      code: "model_row_handler_misuse",
      message: `loadModelRow(model, "${missing}"): model must be a tfjs LayersModel, not an object`,
    });
    await expect(loadModelRowFrom(null as never, "https://example.org/row.arrow")).rejects.toMatchObject({
      code: "model_row_handler_misuse",
      message: 'loadModelRowFrom(model, "https://example.org/row.arrow"): model must be a tfjs LayersModel, not null',
    });
  });

  test("the arguments given the other way round, path first as readModelRow takes it, are named as such", async () => {
    const model = denseNet();
    const before = bitsOf(fetchWeights(model));
    await expect(loadModelRow("run.model.arrow" as never, model as never)).rejects.toMatchObject({
      name: "ModelRowHandlerError",
      code: "model_row_handler_misuse",
      message:
        'loadModelRow(model, path) takes the model first: it was given "run.model.arrow" (a string), then the model; swap the two arguments',
    });
    const bytes = writeModelRowBytes({ weights: fetchWeights(denseNet()) });
    await expect(loadModelRowFrom(bytes as never, model as never)).rejects.toMatchObject({
      code: "model_row_handler_misuse",
      message: `loadModelRowFrom(model, source) takes the model first: it was given a Uint8Array of length ${bytes.length}, then the model; swap the two arguments`,
    });
    expect(bitsOf(fetchWeights(model))).toEqual(before);
  });

  test("saving another model than the handler's, or with includeOptimizer / trainableOnly; nothing is written", async () => {
    const path = file("refused.model.arrow");
    const model = denseNet();
    model.compile({ optimizer: tf.train.adam(), loss: "meanSquaredError" });
    await expect(denseNet().save(legolasModelRow(path, { model }))).rejects.toMatchObject({
      name: "ModelRowHandlerError",
      message: expect.stringContaining("not the one this handler was made for"),
    });
    await expect(model.save(legolasModelRow(path, { model }), { includeOptimizer: true })).rejects.toThrow(
      /includeOptimizer/,
    );

    const frozen = digitsConvNet();
    frozen.layers[0]!.trainable = false;
    await expect(frozen.save(legolasModelRow(path, { model: frozen }), { trainableOnly: true })).rejects.toThrow(
      /trainableOnly.*every variable/,
    );
    expect(existsSync(path)).toBe(false);
  });

  test("fields that break the schema fail validation before anything is written", async () => {
    const path = file("invalid.digits-model.arrow");
    const model = denseNet();
    await expect(
      model.save(
        legolasModelRow(path, {
          model,
          schemaVersion: DigitsRowV1SchemaVersion,
          fields: { accuracy: "high" } as never,
        }),
      ),
    ).rejects.toMatchObject({ name: "RowValidationError" });
    expect(existsSync(path)).toBe(false);
  });
});
