/**
 * A local HTTP server that honours `Range` as object storage does (a suffix range asks for the
 * file's last bytes, at most all of them), for tests that read tables by URL. It serves what
 * `put` gave it, by path (whatever the query, as a presigned URL has one), and 404 elsewhere.
 */
import { createServer } from "node:http";

export interface RangeServer {
  /** Its origin, `http://127.0.0.1:<port>`. */
  readonly base: string;
  /** Serves `bytes` at `path` (replacing what was there) and returns its URL. */
  put(path: string, bytes: Uint8Array): string;
  close(): Promise<void>;
}

export async function startRangeServer(): Promise<RangeServer> {
  const files = new Map<string, Uint8Array>();
  const server = createServer((request, response) => {
    const bytes = files.get((request.url ?? "").replace(/\?.*/s, ""));
    if (bytes === undefined) return void response.writeHead(404).end();
    const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? "");
    if (range === null) return void response.writeHead(200, { "content-length": bytes.length }).end(bytes);
    const [, from, to] = range as unknown as [string, string, string];
    const size = bytes.length;
    const start = from === "" ? Math.max(0, size - Number(to)) : Number(from);
    const end = from === "" || to === "" ? size - 1 : Math.min(Number(to), size - 1);
    response.writeHead(206, { "content-range": `bytes ${start}-${end}/${size}` });
    response.end(bytes.subarray(start, end + 1));
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    base,
    put(path, bytes) {
      files.set(path, bytes);
      return `${base}${path}`;
    },
    close: () => new Promise<void>((closed, failed) => server.close((error) => (error ? failed(error) : closed()))),
  };
}
