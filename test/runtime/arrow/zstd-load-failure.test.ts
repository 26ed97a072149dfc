/**
 * The ZSTD encoder when its WebAssembly does not load, as in a bundle that does not ship
 * @bokuweb/zstd-wasm's zstd.wasm beside it (esbuild for Node: "ENOENT ... zstd.wasm"; in a
 * browser, test/browser/zstd-encoder.test.ts): a typed error that says what to ship, every time.
 */
import { expect, test, vi } from "vitest";
import { ModelV1SchemaVersion, prepareCompression, readTableBytes, writeTableBytes } from "legolas-ts";

const { init } = vi.hoisted(() => ({
  init: vi.fn(async () => {
    throw Object.assign(new Error("ENOENT: no such file or directory, open '/srv/app/dist/zstd.wasm'"), {
      code: "ENOENT",
    });
  }),
}));
vi.mock("@bokuweb/zstd-wasm", () => ({ init, compress: vi.fn(), decompress: vi.fn() }));

test("a zstd.wasm that does not load is a CompressionUnavailableError naming it and what to ship, again on every call", async () => {
  const failed = {
    name: "CompressionUnavailableError",
    code: "compression_unavailable",
    compression: "zstd",
    message:
      "writing a ZSTD-compressed table needs its encoder, which did not load: its WebAssembly did not load " +
      "(ENOENT: no such file or directory, open '/srv/app/dist/zstd.wasm'). " +
      "@bokuweb/zstd-wasm loads zstd.wasm from beside the script that imports it: Vite and webpack 5 copy it there; " +
      "with esbuild, bundle as ES modules (--format=esm) and copy node_modules/@bokuweb/zstd-wasm/dist/web/zstd.wasm " +
      "next to the bundle (a bundle that Node runs needs it too), then reload the page (or restart the server). " +
      "Reading ZSTD tables does not need it",
  };
  await expect(prepareCompression("zstd")).rejects.toMatchObject(failed);
  await expect(prepareCompression("zstd")).rejects.toMatchObject(failed);
  expect(init).toHaveBeenCalledTimes(1);
  expect(() => writeTableBytes([{}], ModelV1SchemaVersion, { compression: "zstd" })).toThrow(
    expect.objectContaining({ name: "CompressionUnavailableError" }),
  );

  // The other codec is untouched.
  await prepareCompression("lz4");
  const bytes = writeTableBytes([{ architecture_version: 2n }], ModelV1SchemaVersion, { compression: "lz4" });
  expect(
    readTableBytes(bytes, { schemaVersion: ModelV1SchemaVersion }).rows.map((row) => row.architecture_version),
  ).toEqual([2n]);
});
