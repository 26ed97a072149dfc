/**
 * Item 6 of issue 5: `legolas generate` and `generate --check` over 1,000 schema versions, cold
 * (the real CLI as a child process, node start-up included) and in-process (the pipeline only),
 * against the same job done with template strings (bench/generator/template-generate.mjs).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { generate } from "legolas-ts-cli/internal/generate";
import { readSchemaFolder, shippedSchemaFolder } from "legolas-ts-cli/internal/schema-folder";
import { compareOutput, writeOutput } from "legolas-ts-cli/internal/write/output-folder";
import {
  compareTime,
  figure,
  repositoryRoot,
  timeNode,
  type BenchModule,
  type BenchOptions,
  type Figure,
  type Timed,
} from "./harness.js";
import { writeSyntheticSchemas } from "./generator/synthetic-schemas.js";
import { typeCheckFigure } from "./generator/type-check.js";

type TemplateModule = typeof import("./generator/template-generate.mjs");

const TEMPLATE = "bench/generator/template-generate.mjs";

export const generatorBench: BenchModule = {
  name: "generator",
  async run(options, report) {
    const root = repositoryRoot();
    const work = await mkdtemp(join(tmpdir(), "legolas-bench-generate-"));
    try {
      await runIn(work, root, options, report);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  },
};

async function runIn(work: string, root: string, options: BenchOptions, report: (f: Figure) => void): Promise<void> {
  const schemas = join(work, "schemas");
  const out = join(work, "generated");
  const templateOut = join(work, "template");
  const versions = await writeSyntheticSchemas(schemas, options.quick ? 15 : 1000);
  const template = (await import(pathToFileURL(join(root, TEMPLATE)).href)) as TemplateModule;
  const label = `${versions} versions`;

  const cli = async (...args: string[]): Promise<Timed> => {
    const run = await timeNode(
      [join(root, "generator/bin/legolas.js"), "generate", "--schemas", schemas, "--out", out, ...args],
      root,
    );
    if (run.code !== 0) throw new Error(`bench: legolas generate ${args.join(" ")} exited ${run.code}: ${run.stderr}`);
    return run;
  };
  const templateChild = async (...args: string[]): Promise<Timed> => {
    const run = await timeNode([join(root, TEMPLATE), schemas, templateOut, ...args], root);
    if (run.code !== 0) throw new Error(`bench: template generate exited ${run.code}: ${run.stderr}`);
    return run;
  };
  const clean = (side: 0 | 1) => rm(side === 0 ? out : templateOut, { recursive: true, force: true });
  // Cold runs are seconds each: fewer rounds, and in quick mode one round without warm-up.
  const cold = { ...options, rounds: options.quick ? 1 : Math.min(options.rounds, 5), warmup: !options.quick };

  let [ours, base] = await compareTime(
    () => cli(),
    () => templateChild(),
    { ...cold, setup: clean },
  );
  report(
    figure(
      "6",
      `generate cold (CLI), ${label}`,
      { label: "legolas-ts", measurement: ours },
      { label: "template strings", measurement: base },
      { text: "< 3 s", maxMs: 3000 },
    ),
  );

  // Output in place for the checks (both sides' last round wrote it).
  [ours, base] = await compareTime(
    () => cli("--check"),
    () => templateChild("--check"),
    cold,
  );
  report(
    figure(
      "6",
      `generate --check cold (CLI), ${label}`,
      { label: "legolas-ts", measurement: ours },
      { label: "template strings", measurement: base },
      { text: "< 1.5 s", maxMs: 1500 },
    ),
  );

  const shipped = await readSchemaFolder(shippedSchemaFolder());
  const pipeline = async () => generate(await readSchemaFolder(schemas), { outDir: out, shipped });
  [ours, base] = await compareTime(
    async () => void (await writeOutput(out, await pipeline())),
    async () => void (await template.templateRun(schemas, templateOut, false)),
    { ...options, setup: clean },
  );
  report(
    figure(
      "6",
      `generate in-process, ${label}`,
      { label: "legolas-ts", measurement: ours },
      { label: "template strings", measurement: base },
    ),
  );

  [ours, base] = await compareTime(
    async () => {
      const stale = await compareOutput(out, await pipeline());
      if (stale.length !== 0) throw new Error(`bench: --check found ${stale.length} stale files right after generate`);
    },
    async () => void (await template.templateRun(schemas, templateOut, true)),
    options,
  );
  report(
    figure(
      "6",
      `generate --check in-process, ${label}`,
      { label: "legolas-ts", measurement: ours },
      { label: "template strings", measurement: base },
    ),
  );

  const javascript = join(work, "javascript");
  const js = await timeNode(
    [join(root, "generator/bin/legolas.js"), "generate", "--schemas", schemas, "--out", javascript, "--target", "js"],
    root,
  );
  if (js.code !== 0) throw new Error(`bench: legolas generate --target js exited ${js.code}: ${js.stderr}`);
  report(await typeCheckFigure(work, root, { ts: out, js: javascript }, label, options));
}
