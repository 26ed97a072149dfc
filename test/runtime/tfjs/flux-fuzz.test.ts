/**
 * The differential fuzzer: random Flux models (flux-fuzz/random-model.ts), Flux's forward pass
 * written from Flux's and NNlib's sources (flux-fuzz/flux-forward.ts), the tfjs twin a user builds
 * (flux-fuzz/tfjs-twin.ts). Every case must either predict what Flux computes within 1e-5 and give
 * back the same arrays through tfjsToFlux, or be refused with a FluxConversionError that names the
 * layer; a twin that reproduces Flux exactly must not be refused. Seeded: a failure prints the seed
 * and the model as Julia code. FLUX_FUZZ_CASES and FLUX_FUZZ_SEED run more, or other, cases.
 */
import { beforeAll, expect, test } from "vitest";
import { useCpuBackend } from "./helpers.js";
import { Random } from "./flux-fuzz/random.js";
import { randomModel } from "./flux-fuzz/random-model.js";
import { conversion } from "./flux-fuzz/conversion.js";
import { type CaseResult, runCase } from "./flux-fuzz/run-case.js";

beforeAll(useCpuBackend);

const CASES = Number(process.env.FLUX_FUZZ_CASES ?? 2000);
const SEED = Number(process.env.FLUX_FUZZ_SEED ?? 20_261_204);

/** Why a case fails, or `null` when it passes. */
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

test(
  `${CASES} random Flux models: each converts to a tfjs twin that predicts the same, or is refused by name`,
  () => {
    const failures: string[] = [];
    const failed = new Map<string, number>();
    const outcomes = new Map<string, number>();
    const converted = new Map<string, number>();
    for (let k = 0; k < CASES; k++) {
      const seed = SEED + k;
      const random = new Random(seed);
      let result: CaseResult;
      try {
        result = runCase(randomModel(random), random, conversion);
      } catch (error) {
        failures.push(`seed ${seed}: threw ${(error as Error).stack}`);
        failed.set("threw", (failed.get("threw") ?? 0) + 1);
        continue;
      }
      const key = result.outcome.kind === "refused" ? `refused (${result.outcome.reason})` : result.outcome.kind;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
      if (result.outcome.kind === "match")
        for (const kind of new Set(result.kinds)) converted.set(kind, (converted.get(kind) ?? 0) + 1);
      const failure = failureOf(result);
      if (failure !== null)
        failed.set(failure.replace(/[:(].*/s, "").trim(), (failed.get(failure.replace(/[:(].*/s, "").trim()) ?? 0) + 1);
      if (failure !== null)
        failures.push(`seed ${seed}: ${failure}\n    ${result.description}\n    twin: ${result.inexact ?? "exact"}`);
    }
    console.info(
      `flux fuzz, ${CASES} cases from seed ${SEED}:`,
      Object.fromEntries(outcomes),
      "converted, by layer kind:",
      Object.fromEntries(converted),
      "failed:",
      Object.fromEntries(failed),
    );
    expect(
      failures
        .filter((f) => process.env.FLUX_FUZZ_SHOW === undefined || f.includes(process.env.FLUX_FUZZ_SHOW))
        .slice(0, 10),
      `${failures.length} of ${CASES} cases failed`,
    ).toEqual([]);
  },
  Math.max(60_000, CASES * 100),
);
