/**
 * Issue 22, item 13: work that must grow in proportion to its input, measured against the same
 * work on a quarter of the input done four times (the "linear" baseline, in the same run): a
 * ratio near 1 is linear, near 4 quadratic.
 *
 * - `generate` of one version with many fields (40,000 fields took 22 s; the yaml package's
 *   duplicate-key check and the resolver's field lookup were each quadratic).
 */
import { generate } from "legolas-ts-cli/internal/generate";
import { compareTime, figure, type BenchModule } from "./harness.js";

export const scalingBench: BenchModule = {
  name: "scaling",
  async run(options, report) {
    const fields = options.quick ? 2000 : 40_000;
    const whole = wideSchema(fields);
    const quarter = wideSchema(fields / 4);
    const run = (text: string) => void generate([{ path: "schemas/a.yaml", text }], { outDir: "generated" });
    const [ours, base] = await compareTime(
      () => run(whole),
      () => {
        for (let i = 0; i < 4; i++) run(quarter);
      },
      { ...options, rounds: options.quick ? 1 : 3 },
    );
    report(
      figure(
        "22.13",
        `generate in-process, one version of ${fields.toLocaleString("en-US")} fields`,
        { label: "legolas-ts", measurement: ours },
        { label: `4 x ${(fields / 4).toLocaleString("en-US")} fields`, measurement: base },
        { text: "linear: ratio < 1.5", maxRatio: 1.5 },
      ),
    );
  },
};

function wideSchema(fields: number): string {
  const lines = ["schema: a", "prefix: A", "versions:", "  1:", "    fields:"];
  for (let i = 0; i < fields; i++) lines.push(`      f${i}: ${i % 2 === 0 ? "int32" : "string?"}`);
  return `${lines.join("\n")}\n`;
}
