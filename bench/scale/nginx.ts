/**
 * A real HTTP server for the benchmarks and tests of remote reads (bench/scale.ts, test/scale/):
 * Debian's nginx serving a folder on 127.0.0.1, started and stopped by its user with its own
 * configuration and prefix in a temporary folder, on a free port. Its access log records, for
 * every request, what it asked (`$http_range`) and what it was sent (`$body_bytes_sent`), so a
 * test asserts the bytes a read fetched from the server's side, not from the reader's own account.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const NGINX = process.env.LEGOLAS_NGINX ?? "/usr/sbin/nginx";
export const haveNginx = existsSync(NGINX);

/** One request as nginx logged it. */
export interface LoggedRequest {
  readonly method: string;
  readonly uri: string;
  readonly status: number;
  /** The `Range` header, or `null` when the request had none. */
  readonly range: string | null;
  /** Bytes of body nginx sent. */
  readonly bytesSent: number;
}

export interface Nginx {
  /** The URL of a file in the served folder. */
  url(name: string): string;
  /** The URL of the same file, served by a location that ignores `Range` (nginx `max_ranges 0`). */
  wholeUrl(name: string): string;
  /** The requests logged since the last call (nginx logs a request once it has answered it). */
  takeRequests(): Promise<LoggedRequest[]>;
  stop(): Promise<void>;
}

const LOG_FORMAT = `'$request_method $uri $status "$http_range" $body_bytes_sent'`;

/** Starts nginx serving `root` (which must be readable by this user). */
export async function startNginx(root: string): Promise<Nginx> {
  const prefix = await mkdtemp(join(tmpdir(), "legolas-nginx-"));
  const port = await freePort();
  const log = join(prefix, "access.log");
  await writeFile(
    join(prefix, "nginx.conf"),
    [
      // One process, in the foreground: the test owns it and stops it by its pid.
      "daemon off;",
      "master_process off;",
      `pid ${join(prefix, "nginx.pid")};`,
      `error_log ${join(prefix, "error.log")} warn;`,
      "events { worker_connections 64; }",
      "http {",
      `  log_format ranges ${LOG_FORMAT};`,
      `  access_log ${log} ranges;`,
      ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map(
        (kind) => `  ${kind}_temp_path ${join(prefix, kind)};`,
      ),
      "  types { text/html html; text/javascript js; application/vnd.apache.arrow.file arrow; }",
      "  default_type application/octet-stream;",
      "  server {",
      `    listen 127.0.0.1:${port};`,
      `    root ${root};`,
      "    location / { }",
      // The same files from a server that ignores Range and always sends the whole file.
      `    location /whole/ { alias ${root}/; max_ranges 0; }`,
      "  }",
      "}",
      "",
    ].join("\n"),
  );
  await writeFile(log, "");
  const server = spawn(NGINX, ["-p", prefix, "-c", join(prefix, "nginx.conf"), "-e", join(prefix, "error.log")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  server.stderr!.on("data", (chunk) => (stderr += chunk));
  await waitUntilServing(port, server, () => stderr);
  // The requests that found it serving are not a test's.
  let consumed = (await settled(log)).length;
  return {
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    wholeUrl: (name) => `http://127.0.0.1:${port}/whole/${name}`,
    async takeRequests() {
      const text = await settled(log);
      const lines = text.slice(consumed).split("\n").filter(Boolean);
      consumed = text.length;
      return lines.map(parseLine);
    },
    async stop() {
      await new Promise<void>((done) => {
        if (server.exitCode !== null) return done();
        server.once("exit", () => done());
        server.kill("SIGTERM");
      });
      await rm(prefix, { recursive: true, force: true });
    },
  };
}

function parseLine(line: string): LoggedRequest {
  const match = /^(\S+) (\S+) (\d+) "(.*)" (\d+)$/.exec(line);
  if (match === null) throw new Error(`an access log line not in the expected format: ${line}`);
  return {
    method: match[1]!,
    uri: match[2]!,
    status: Number(match[3]),
    range: match[4] === "-" ? null : match[4]!,
    bytesSent: Number(match[5]),
  };
}

/** The log once nginx has stopped writing to it (it logs a request just after answering it). */
async function settled(path: string): Promise<string> {
  let text = await readFile(path, "utf8");
  for (;;) {
    await new Promise((done) => setTimeout(done, 50));
    const again = await readFile(path, "utf8");
    if (again === text) return text;
    text = again;
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilServing(port: number, server: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`nginx exited (${server.exitCode}): ${stderr()}`);
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return;
    } catch {
      await new Promise((done) => setTimeout(done, 50));
    }
  }
  server.kill("SIGKILL");
  throw new Error(`nginx did not answer on port ${port} within 10 s: ${stderr()}`);
}
