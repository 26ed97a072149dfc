/**
 * What a web app ships: the demo page's bundle and the package's browser entry, built with Vite
 * for browsers, contain no Node built-in (no `node:` module, no `fs`, `path`, `child_process`
 * ...), and none of the Node-only runtime modules (file I/O, streaming reads, path-based model
 * rows). Sizes (raw and gzip) are printed and written to test-artifacts/browser-bundle-size.json;
 * the three docs/browser.md states must stay within a tenth of them.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { builtinModules } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { build, type Rolldown } from "vite";
import { afterAll, describe, expect, test } from "vitest";
import { buildPage } from "../../examples/browser/serve.mjs";
import { sourceAliases } from "../../tools/source-entries.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const ARTIFACTS = join(ROOT, "test-artifacts");
/** Runtime modules that use Node APIs: they must never reach a browser bundle. */
const NODE_LAYER = new Set([
  "runtime/index",
  "runtime/arrow/table-files",
  "runtime/arrow/source/file-source",
  "runtime/arrow/source/node-sources",
  "runtime/glob",
  "runtime/replace-file",
  "runtime/file-errors",
  "runtime/arrow/guard/checked-file",
  "runtime/arrow/columns/node-utf8",
  "runtime/arrow/ipc/node-zstd",
  "runtime/model-row-files",
  "runtime/tfjs/index",
  "runtime/tfjs/io-handler",
]);

/** The bundled modules (ids) that belong to the Node layer, in source (`.ts`) or in dist/ (`.js`). */
function nodeLayerModules(ids: string[]): string[] {
  const root = `${ROOT.replaceAll("\\", "/")}/`;
  return ids.filter((id) => {
    const path = id.replaceAll("\\", "/");
    if (!path.startsWith(root)) return false;
    const relative = path
      .slice(root.length)
      .replace(/^runtime\/dist\//, "runtime/")
      .replace(/\.(ts|js)$/, "");
    return NODE_LAYER.has(relative);
  });
}
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

const work = mkdtempSync(join(tmpdir(), "legolas-bundle-"));
const sizes: Record<string, { raw: number; gzip: number; files: number }> = {};
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, "browser-bundle-size.json"), `${JSON.stringify(sizes, null, 2)}\n`);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  for (const [name, size] of Object.entries(sizes))
    console.log(`${name}: ${kb(size.raw)} raw, ${kb(size.gzip)} gzip (${size.files} file(s))`);
});

/** Every reference to a Node built-in module in bundled code: imports, requires, `node:` specifiers. */
function nodeBuiltinReferences(code: string): string[] {
  const found: string[] = [];
  for (const match of code.matchAll(/["'`]node:[\w/]+["'`]/g)) found.push(match[0]);
  for (const match of code.matchAll(
    /\b(?:require|import)\s*\(\s*["'`]([^"'`]+)["'`]\s*\)|\bfrom\s*["'`]([^"'`]+)["'`]|\bimport\s*["'`]([^"'`]+)["'`]/g,
  )) {
    const specifier = match[1] ?? match[2] ?? match[3]!;
    if (BUILTINS.has(specifier)) found.push(match[0]);
  }
  // The modules the issue names, quoted anywhere (a computed require would still name them).
  for (const match of code.matchAll(/["'`](?:fs|fs\/promises|path|child_process)["'`]/g)) found.push(match[0]);
  if (code.includes("__vite-browser-external")) found.push("__vite-browser-external (Vite stubbed a Node module)");
  return found;
}

function measure(name: string, chunks: readonly { code: string }[]): { raw: number; gzip: number } {
  const size = {
    raw: chunks.reduce((sum, { code }) => sum + Buffer.byteLength(code), 0),
    gzip: chunks.reduce((sum, { code }) => sum + gzipSync(code, { level: 9 }).length, 0),
    files: chunks.length,
  };
  sizes[name] = size;
  return size;
}

const BROWSER_DOCS = readFileSync(join(ROOT, "docs/browser.md"), "utf8").replaceAll(/\s+/g, " ");
const BYTES_PER_UNIT: Readonly<Record<string, number>> = { KiB: 1024, MiB: 1024 ** 2 };

/**
 * docs/browser.md states the size of a bundle right after `words`, as "238 KiB (71 KiB gzipped)":
 * within a tenth of the measured size, it still tells a reader what the bundle costs.
 */
function expectDocumentedSize(words: string, measured: { raw: number; gzip: number }): void {
  const size = String.raw`([\d.]+) (KiB|MiB)`;
  const stated = new RegExp(`${words} ${size} \\(${size} gzipped\\)`).exec(BROWSER_DOCS);
  if (stated === null) throw new Error(`docs/browser.md no longer says "${words} <size> (<size> gzipped)"`);
  const [, raw, rawUnit, gzip, gzipUnit] = stated;
  const bytes = (value: string, unit: string) => Number(value) * BYTES_PER_UNIT[unit]!;
  const close = (documented: number, actual: number) => Math.abs(documented - actual) <= actual / 10;
  expect(
    { raw: close(bytes(raw!, rawUnit!), measured.raw), gzip: close(bytes(gzip!, gzipUnit!), measured.gzip) },
    `docs/browser.md: ${stated[0]}; measured ${measured.raw} bytes (${measured.gzip} gzipped)`,
  ).toEqual({ raw: true, gzip: true });
}

type Output = Rolldown.RolldownOutput;

/** One build's JavaScript: all its chunks (the entry, and those imported on demand), their code and modules together. */
interface Bundle {
  readonly chunks: readonly Rolldown.OutputChunk[];
  readonly code: string;
  readonly modules: Record<string, unknown>;
}

/**
 * A library build of `entry` for browsers, in memory; `external` packages stay imports. The
 * compression encoders are imported on demand (runtime/arrow/ipc/codecs.ts), so they come as
 * chunks of their own, loaded at the first compressed write.
 */
async function bundle(
  entry: string,
  root: string,
  options: { external: RegExp[]; alias?: { find: RegExp; replacement: string }[] },
): Promise<Bundle> {
  const result = (await build({
    configFile: false,
    root,
    logLevel: "warn",
    ...(options.alias === undefined ? {} : { resolve: { alias: options.alias } }),
    build: {
      write: false,
      minify: true,
      target: "es2022",
      lib: { entry, formats: ["es"], fileName: "bundle" },
      rollupOptions: { external: options.external },
    },
  })) as Output | Output[];
  const [output] = Array.isArray(result) ? result : [result];
  const chunks = output!.output.filter((item): item is Rolldown.OutputChunk => item.type === "chunk");
  expect(chunks.filter((chunk) => chunk.isEntry)).toHaveLength(1);
  return {
    chunks,
    code: chunks.map((chunk) => chunk.code).join("\n"),
    modules: Object.assign({}, ...chunks.map((chunk) => chunk.modules)),
  };
}

const TFJS = /^@tensorflow\//;
const ARROW = /^apache-arrow/;
const SOURCE_ALIAS = sourceAliases({ browser: true });

/** The packages a bundle still imports (its externals), by name: what its chunks import besides one another. */
function importedPackages(chunks: readonly Rolldown.OutputChunk[]): string[] {
  const own = new Set(chunks.map((chunk) => chunk.fileName));
  // A deep import (apache-arrow/ipc/metadata/message) counts as its package.
  const packageOf = (name: string) =>
    name
      .split("/")
      .slice(0, name.startsWith("@") ? 2 : 1)
      .join("/");
  return [
    ...new Set(
      chunks
        .flatMap((chunk) => chunk.imports)
        .filter((name) => !own.has(name))
        .map(packageOf),
    ),
  ];
}

describe("browser bundles", () => {
  test("the digits demo page (legolas-ts + apache-arrow + tfjs) has no Node built-in", async () => {
    const outDir = await buildPage({ outDir: join(work, "page") });
    const assets = join(outDir, "assets");
    const scripts = readdirSync(assets).filter((name) => name.endsWith(".js"));
    expect(scripts.length).toBeGreaterThan(0);
    const chunks = scripts.map((name) => ({ name, code: readFileSync(join(assets, name), "utf8") }));
    for (const { name, code } of chunks) expect(nodeBuiltinReferences(code), name).toEqual([]);
    const html = readFileSync(join(outDir, "index.html"), "utf8");
    expect(html).toMatch(/<script type="module"[^>]*src="\.\/assets\//);
    expectDocumentedSize(
      "the whole demo page with tfjs and apache-arrow,",
      measure("demo page (all JavaScript)", chunks),
    );
  }, 60_000);

  test("the browser entry (core.ts) leaves out the Node layer and tfjs, and has no Node built-in", async () => {
    const own = await bundle(join(ROOT, "runtime/core.ts"), ROOT, {
      external: [TFJS, ARROW],
      alias: SOURCE_ALIAS,
    });
    const modules = Object.keys(own.modules).map((id) => id.replaceAll("\\", "/"));
    expect(modules.some((id) => id.endsWith("/runtime/core.ts"))).toBe(true);
    expect(nodeLayerModules(modules)).toEqual([]);
    // Tables and model rows without TensorFlow.js: the bridge is legolas-ts/tfjs.
    expect(importedPackages(own.chunks)).toEqual(["apache-arrow"]);
    expect(nodeBuiltinReferences(own.code)).toEqual([]);
    // Our own code uses no Node global either (tfjs and apache-arrow probe for some, guarded).
    expect(own.code.match(/\b(?:Buffer|process|__dirname|__filename|require)\b/g) ?? []).toEqual([]);
    measure("legolas-ts browser entry alone (tfjs, apache-arrow external)", own.chunks);
    const entryChunk = measure(
      "  of which its entry chunk (without the encoders loaded on demand)",
      own.chunks.filter((chunk) => chunk.isEntry),
    );
    expectDocumentedSize("The browser build of legolas-ts alone is", entryChunk);

    const withArrow = await bundle(join(ROOT, "runtime/core.ts"), ROOT, {
      external: [TFJS],
      alias: SOURCE_ALIAS,
    });
    expect(nodeBuiltinReferences(withArrow.code)).toEqual([]);
    measure("legolas-ts browser entry + apache-arrow (tfjs external)", withArrow.chunks);
    // What a page that reads and writes tables ships: apache-arrow comes with every such page.
    expectDocumentedSize(
      "with apache-arrow, which a page that reads or writes tables ships too,",
      measure(
        "  of which its entry chunk, apache-arrow in it (without the encoders loaded on demand)",
        withArrow.chunks.filter((chunk) => chunk.isEntry),
      ),
    );
  }, 60_000);

  test("the tfjs bridge's browser entry (tfjs/core.ts) leaves out the Node layer and has no Node built-in", async () => {
    const bridge = await bundle(join(ROOT, "runtime/tfjs/core.ts"), ROOT, {
      external: [TFJS, ARROW],
      alias: SOURCE_ALIAS,
    });
    expect(nodeLayerModules(Object.keys(bridge.modules))).toEqual([]);
    expect(nodeBuiltinReferences(bridge.code)).toEqual([]);
    expect(importedPackages(bridge.chunks)).toContain("@tensorflow/tfjs");
    measure("legolas-ts/tfjs browser entry (tfjs, apache-arrow external)", bridge.chunks);
  }, 60_000);

  test("a minified browser bundle names the runtime's classes in its messages, as the sources do", async () => {
    // A production build renames classes: a detached Weights was "found a e", its reason lost.
    const minified = await bundle(join(ROOT, "runtime/core.ts"), ROOT, {
      external: [TFJS, ARROW],
      alias: SOURCE_ALIAS,
    });
    const folder = join(work, "minified");
    mkdirSync(folder, { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(folder, "node_modules"), "dir");
    for (const chunk of minified.chunks) writeFileSync(join(folder, chunk.fileName), chunk.code);
    const entry = minified.chunks.find((chunk) => chunk.isEntry)!.fileName;
    const legolas = (await import(pathToFileURL(join(folder, entry)).href)) as typeof import("../../runtime/core.js");
    expect(legolas.Weights.name).not.toBe("Weights"); // else this test proves nothing

    const weights = new legolas.Weights([new legolas.FlatArray(new Float32Array([1, 2]), [2])]);
    structuredClone(weights.arrays[0]!.vec.buffer, { transfer: [weights.arrays[0]!.vec.buffer] });
    const found = (value: object) => legolas.ModelV1.validate(value).map((violation) => violation.found);
    expect(found({ weights })).toEqual([
      "a Weights (arrays[0]: vec's buffer is detached (transferred to a worker or by structuredClone), so its 2 values are gone)",
    ]);
    expect(found({ weights: weights.arrays[0] })).toEqual(["a FlatArray"]);
    expect(found({ architecture_version: new legolas.ModelV1({}) })).toEqual(["a legolas-flux.model@1 row"]);
  }, 60_000);

  test("a minified app's generated row classes keep their declared names in the advice to call them", async () => {
    // A production build renames FooV1 to a letter: a v2 table read as v1 advised `new e({ ...row })`.
    const app = join(work, "minified-app");
    mkdirSync(app, { recursive: true });
    writeFileSync(
      join(app, "main.js"),
      'export { readTableBytes, writeTableBytes } from "legolas-ts";\n' +
        `export { FooV1, FooV1SchemaVersion, FooV2, FooV2SchemaVersion } from ${JSON.stringify(join(ROOT, "test/generated/example.foo.ts"))};\n`,
    );
    const minified = await bundle(join(app, "main.js"), ROOT, { external: [TFJS, ARROW], alias: SOURCE_ALIAS });
    const folder = join(app, "dist");
    mkdirSync(folder, { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(folder, "node_modules"), "dir");
    for (const chunk of minified.chunks) writeFileSync(join(folder, chunk.fileName), chunk.code);
    const entry = minified.chunks.find((chunk) => chunk.isEntry)!.fileName;
    const built = (await import(pathToFileURL(join(folder, entry)).href)) as typeof import("legolas-ts") &
      typeof import("../generated/example.foo.js");
    expect(built.FooV1.name).not.toBe("FooV1"); // else this test proves nothing

    const bytes = built.writeTableBytes([new built.FooV2({ a: 1, b: "x", c: 2n, d: [1n] })], built.FooV2SchemaVersion);
    expect(() => built.readTableBytes(bytes, { schemaVersion: built.FooV1SchemaVersion })).toThrow(
      /then convert them to example\.foo@1 with new FooV1\(\{ \.\.\.row \}\) /,
    );
  }, 60_000);

  test("the check itself finds Node built-ins: the Node runtime (runtime/index.ts) fails it", async () => {
    expect(nodeBuiltinReferences('import{readFile as r}from"node:fs/promises";')).not.toEqual([]);
    expect(nodeBuiltinReferences('const p=require("path"),c=await import("child_process");')).not.toEqual([]);
    expect(nodeBuiltinReferences('import { join } from "path";')).not.toEqual([]);
    expect(nodeBuiltinReferences('const x = "a path"; obj.fs = 1;')).toEqual([]);
    const nodeRuntime = await bundle(join(ROOT, "runtime/index.ts"), ROOT, {
      external: [TFJS, ARROW],
      alias: SOURCE_ALIAS,
    });
    expect(nodeBuiltinReferences(nodeRuntime.code)).not.toEqual([]);
    expect(nodeLayerModules(Object.keys(nodeRuntime.modules))).toContain(
      join(ROOT, "runtime/arrow/guard/checked-file.ts"),
    );
  }, 60_000);

  // The package as a web app gets it: `legolas-ts` resolved through package.json "exports" with
  // Vite's browser conditions, from dist/ (built by `npm run build`, which CI runs first).
  test.skipIf(!existsSync(join(ROOT, "runtime/dist/core.js")))(
    'import from "legolas-ts" (and its tfjs and codegen subpaths) in a browser build resolves to their browser builds in dist/',
    async () => {
      const app = join(work, "app");
      mkdirSync(join(app, "node_modules"), { recursive: true });
      symlinkSync(join(ROOT, "runtime"), join(app, "node_modules", "legolas-ts"), "dir");
      writeFileSync(
        join(app, "main.js"),
        'export { isWeights, readModelRowFrom, readTableBytes, ModelV1SchemaVersion } from "legolas-ts";\n' +
          'export { loadModelRowFrom } from "legolas-ts/tfjs";\n' +
          'export { defineSchemaVersion } from "legolas-ts/codegen";\n',
      );
      const chunk = await bundle(join(app, "main.js"), app, { external: [TFJS, ARROW] });
      const modules = Object.keys(chunk.modules).map((id) => id.replaceAll("\\", "/"));
      expect(modules).toContain(join(ROOT, "runtime/dist/core.js").replaceAll("\\", "/"));
      expect(modules).toContain(join(ROOT, "runtime/dist/tfjs/core.js").replaceAll("\\", "/"));
      expect(nodeLayerModules(modules)).toEqual([]);
      expect(nodeBuiltinReferences(chunk.code)).toEqual([]);
    },
    60_000,
  );
});
