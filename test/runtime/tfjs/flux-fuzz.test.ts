/**
 * The differential fuzzer: random Flux models (flux-fuzz/random-model.ts), Flux's forward pass
 * written from Flux's and NNlib's sources (flux-fuzz/flux-forward.ts), the tfjs twin a user builds
 * (flux-fuzz/tfjs-twin.ts). Every case must either predict what Flux computes within 1e-5 and give
 * back the same arrays through tfjsToFlux, or be refused with a FluxConversionError that names the
 * layer; a twin that reproduces Flux exactly must not be refused. Seeded: a failure prints the seed
 * and the model as Julia code. FLUX_FUZZ_CASES and FLUX_FUZZ_SEED run more, or other, cases;
 * FLUX_FUZZ_SHOW=text lists only the failures that mention it.
 */
import { beforeAll, expect, test } from "vitest";
import { useCpuBackend } from "./helpers.js";
import { conversion } from "./flux-fuzz/conversion.js";
import { Random } from "./flux-fuzz/random.js";
import { randomModel } from "./flux-fuzz/random-model.js";
import { type CaseResult, runCase } from "./flux-fuzz/run-case.js";

beforeAll(useCpuBackend);

const CASES = Number(process.env.FLUX_FUZZ_CASES ?? 2000);
const SEED = Number(process.env.FLUX_FUZZ_SEED ?? 20_261_204);
const SHOW = process.env.FLUX_FUZZ_SHOW;

/** Why a case fails (its first words name the kind of failure), or `null` when it passes. */
function failureOf(result: CaseResult): string | null {
  const { outcome } = result;
  switch (outcome.kind) {
    case "mismatch":
      return `converted silently, predicts wrong values (largest difference ${outcome.error.toPrecision(3)})`;
    case "round-trip":
      return `tfjsToFlux gave back array ${outcome.index} changed`;
    case "refused":
      if (result.inexact === null) return `refused an exact twin: ${outcome.message}`;
      if (outcome.layerName === null && outcome.reason !== "count")
        return `refused without naming a layer: ${outcome.message}`;
      return null;
    case "match":
    case "unbuildable":
      return null;
  }
}

class Tally extends Map<string, number> {
  count(key: string): void {
    this.set(key, (this.get(key) ?? 0) + 1);
  }
}

test(
  `${CASES} random Flux models: each converts to a tfjs twin that predicts the same, or is refused by name`,
  () => {
    const cpuBefore = process.cpuUsage();
    const failures: string[] = [];
    const failed = new Tally();
    const outcomes = new Tally();
    const converted = new Tally();
    for (let k = 0; k < CASES; k++) {
      const seed = SEED + k;
      const random = new Random(seed);
      let result: CaseResult;
      try {
        result = runCase(randomModel(random), random, conversion);
      } catch (error) {
        failures.push(`seed ${seed}: threw ${(error as Error).stack}`);
        failed.count("threw");
        continue;
      }
      const { outcome } = result;
      outcomes.count(outcome.kind === "refused" ? `refused (${outcome.reason})` : outcome.kind);
      if (outcome.kind === "match") for (const kind of new Set(result.kinds)) converted.count(kind);
      const failure = failureOf(result);
      if (failure === null) continue;
      failed.count(failure.replace(/[:(].*/s, "").trim());
      failures.push(`seed ${seed}: ${failure}\n    ${result.description}\n    twin: ${result.inexact ?? "exact"}`);
    }
    const cpu = process.cpuUsage(cpuBefore);
    console.info(
      `flux fuzz, ${CASES} cases from seed ${SEED} (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU):`,
      Object.fromEntries(outcomes),
      "converted, by layer kind:",
      Object.fromEntries(converted),
      "failed:",
      Object.fromEntries(failed),
    );
    const shown = failures.filter((failure) => SHOW === undefined || failure.includes(SHOW));
    expect(shown.slice(0, 10), `${failures.length} of ${CASES} cases failed`).toEqual([]);
    // Not vacuous: most cases convert, every kind of layer among them.
    expect(outcomes.get("match") ?? 0).toBeGreaterThan(CASES / 2);
    for (const kind of [
      "Conv",
      "CrossCor",
      "ConvTranspose",
      "BatchNorm",
      "LayerNorm",
      "Embedding",
      "MaxPool",
      "MeanPool",
      "SkipConnection",
      "Parallel(+)",
      "Parallel(vcat)",
      "Parallel(catchannels)",
    ]) {
      expect(converted.get(kind) ?? 0, `${kind} converted`).toBeGreaterThan(CASES / 400);
    }
  },
  Math.max(120_000, CASES * 100),
);
