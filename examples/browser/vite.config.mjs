// Vite config of the digits demo page. `npm run example:browser` builds with it (serve.mjs);
// `npx vite --config examples/browser/vite.config.mjs` runs a dev server.
// The page imports legolas-ts by its package name; here that name points at the browser entry's
// TypeScript source (what the package's "browser" export condition gives a web app from dist/),
// read from the package's `exports` by tools/source-entries.mjs.
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import { sourceAliases } from "../../tools/source-entries.mjs";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here("."),
  base: "./",
  publicDir: false,
  logLevel: "warn",
  resolve: {
    alias: sourceAliases({ browser: true }),
  },
  build: {
    outDir: here("../../out/browser"),
    emptyOutDir: true,
    target: "es2022",
    // tfjs alone is ~1.5 MB minified; the page loads it once.
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
  },
});
