#!/usr/bin/env node
// Builds the digits demo page with Vite and serves it on localhost, with the model row beside it.
//
//   npm run example:browser -- [--port 5178] [--host 127.0.0.1] [--row out/digits.best.digits-model.arrow] [--out out/browser]
//
// Also a module: the browser tests build and serve the page with buildPage() and serveStatic().
import { copyFile, readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** The name the page fetches its row by, next to index.html. */
export const ROW_FILE_NAME = "digits.best.digits-model.arrow";

/**
 * Builds the page into `outDir` (default out/browser) with vite.config.mjs; copies `row`, when
 * given and present, beside it as ROW_FILE_NAME. Returns the output directory.
 */
export async function buildPage({ outDir = here("../../out/browser"), row } = {}) {
  const { build } = await import("vite");
  const { default: config } = await import("./vite.config.mjs");
  await build({ ...config, configFile: false, build: { ...config.build, outDir: resolve(outDir), emptyOutDir: true } });
  if (row !== undefined && (await exists(row))) await copyFile(row, join(outDir, ROW_FILE_NAME));
  return resolve(outDir);
}

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".wasm": "application/wasm",
  ".arrow": "application/vnd.apache.arrow.file",
};

/**
 * A small static file server for `root` (GET and HEAD only, no directory listings, nothing outside
 * `root`). Resolves to `{ url, close }` once listening; port 0 picks a free port.
 */
export function serveStatic(root, { host = "127.0.0.1", port = 0 } = {}) {
  const base = resolve(root);
  const server = createServer(async (request, response) => {
    try {
      if (request.method !== "GET" && request.method !== "HEAD") {
        response.writeHead(405, { allow: "GET, HEAD" }).end();
        return;
      }
      let path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
      if (path.endsWith("/")) path += "index.html";
      const file = resolve(base, `.${path}`);
      if (file !== base && !file.startsWith(base + sep)) {
        response.writeHead(403).end();
        return;
      }
      const body = await readFile(file);
      response.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "content-length": body.length,
        "cache-control": "no-store",
      });
      response.end(request.method === "HEAD" ? undefined : body);
    } catch (error) {
      const missing = error?.code === "ENOENT" || error?.code === "EISDIR";
      response
        .writeHead(missing ? 404 : 500, { "content-type": "text/plain; charset=utf-8" })
        .end(missing ? "not found" : "server error");
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolvePromise({
        url: `http://${host}:${address.port}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

async function exists(path) {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: process.env.PORT ?? "5178" },
      host: { type: "string", default: "127.0.0.1" },
      row: { type: "string", default: "out/digits.best.digits-model.arrow" },
      out: { type: "string", default: "out/browser" },
    },
  });
  const row = resolve(values.row);
  const started = performance.now();
  const outDir = await buildPage({ outDir: values.out, row });
  console.log(`built the page into ${outDir} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (await exists(row)) {
    console.log(`serving ${values.row} beside it as ${ROW_FILE_NAME}`);
  } else {
    console.log(
      `no model row at ${values.row}: run \`npm run example:digits\` first (or drop a *.digits-model.arrow file onto the page)`,
    );
  }
  const { url } = await serveStatic(outDir, { host: values.host, port: Number(values.port) });
  console.log(`\n  Digits demo: ${url}\n\n(Ctrl-C to stop)`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
