/**
 * Weights that lack the μ and σ² of Flux BatchNorms built with `track_stats=false`, in any chain
 * of Dense and BatchNorm layers: `fluxToTfjs` refuses them as such BatchNorms, naming every one
 * left out (and never one that kept its statistics when it names a single layer), and not by the
 * bare count; with every BatchNorm's statistics present, the weights convert.
 */
import * as tf from "@tensorflow/tfjs";
import fc from "fast-check";
import { beforeAll, expect, test } from "vitest";
import { fluxToTfjs, tfjsToFlux } from "legolas-ts/tfjs";
import { Weights } from "legolas-ts";
import { useCpuBackend } from "./helpers.js";

beforeAll(useCpuBackend);

/** A layer of the chain: a Dense of that many units, or a BatchNorm, tracking its statistics or not. */
const layer = fc.oneof(
  fc.record({ kind: fc.constant("dense" as const), units: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant("batchNorm" as const), tracked: fc.boolean() }),
);

test("property: BatchNorms without statistics are named, whatever the chain around them", () => {
  fc.assert(
    fc.property(fc.array(layer, { minLength: 1, maxLength: 6 }), (layers) => {
      const model = tf.sequential();
      model.add(tf.layers.inputLayer({ inputShape: [3] }));
      layers.forEach((spec, k) =>
        model.add(
          spec.kind === "dense"
            ? tf.layers.dense({ units: spec.units, name: `d${k}` })
            : tf.layers.batchNormalization({ epsilon: 1e-5, name: `bn${k}` }),
        ),
      );
      try {
        const untracked = layers.flatMap((spec, k) => (spec.kind === "batchNorm" && !spec.tracked ? [`bn${k}`] : []));
        // tfjsToFlux gives each BatchNorm's β, γ, μ, σ² in a row: the statistics of the untracked ones are left out.
        const owners = model.layers.flatMap((l) => l.weights.map((variable) => variable.originalName));
        const flux = tfjsToFlux(model).arrays.filter((_, k) => {
          const [owner, role] = owners[k]!.split("/") as [string, string];
          return !(untracked.includes(owner) && role.startsWith("moving_"));
        });
        const convert = () => fluxToTfjs(new Weights(flux, { layout: "flux" }), model);
        if (untracked.length === 0) {
          expect(convert).not.toThrow();
          return;
        }
        let refusal: { reason: string; layerName: string | null; message: string } | undefined;
        try {
          convert();
        } catch (error) {
          refusal = error as typeof refusal;
        }
        expect(refusal).toMatchObject({ reason: "unsupported-layer" });
        for (const name of untracked) expect(refusal!.message).toContain(`"${name}"`);
        if (refusal!.layerName !== null) expect([refusal!.layerName]).toEqual(untracked);
      } finally {
        model.dispose();
      }
    }),
    { numRuns: 60 },
  );
});
