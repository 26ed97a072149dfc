/**
 * The command line over HTTP, against nginx: `legolas inspect <url>` and `legolas validate <url>`
 * read through the library's range requests; with `--columns`, validate fetches only what those
 * columns need.
 */
import { chmod, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { runCli } from "../cli/helpers.js";
import { describeWithNginx, type Nginx, startNginx } from "./helpers/nginx.js";
import { writeTrainingLog } from "./helpers/training-log.js";

describeWithNginx("legolas inspect and validate of a URL", () => {
  let folder: string;
  let nginx: Nginx;
  let size: number;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), "legolas-remote-cli-"));
    await chmod(folder, 0o755);
    await writeTrainingLog(join(folder, "log.arrow"), { rows: 10, weightsPerRow: 250_000, batchSize: 1 });
    size = (await stat(join(folder, "log.arrow"))).size;
    nginx = await startNginx(folder);
  });
  afterAll(async () => {
    await nginx?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  test("inspect <url>: the same facts as of a file", async () => {
    const url = nginx.url("log.arrow");
    const result = await runCli("inspect", url, "--schemas", "test/schemas");
    expect(result.code).toBe(0);
    expect(result.out).toContain(`file     ${url} (${size} bytes, Arrow IPC file)`);
    expect(result.out).toContain("rows     10 (10 record batches)");
    expect(result.out).toContain("check    the columns comply with test.training-log@1");
  });

  test("validate <url> --columns: valid, and under 1% of the file fetched", async () => {
    await nginx.takeRequests();
    const result = await runCli(
      "validate",
      nginx.url("log.arrow"),
      "--schemas",
      "test/schemas",
      "--columns",
      "epoch,accuracy",
    );
    expect(result.code).toBe(0);
    expect(result.out).toContain("10 rows of test.training-log@1");
    const sent = (await nginx.takeRequests()).reduce((sum, r) => sum + r.bytesSent, 0);
    expect(sent).toBeLessThan(size / 100);
  });

  test("validate of a missing URL: unreadable, with the HTTP status", async () => {
    const url = nginx.url("missing.arrow");
    const { code, out } = await runCli("validate", url, "--json");
    expect(code).toBe(2);
    expect(JSON.parse(out).files[0]).toEqual({
      file: url,
      status: "unreadable",
      code: "source_unreadable",
      message: "HTTP 404 Not Found; nothing was read",
    });
  });
});
