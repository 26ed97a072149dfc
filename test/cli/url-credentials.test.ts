/**
 * A URL with a user name or password given to `validate` or `inspect`: the runtime's advice (a
 * Request with an Authorization header) is no flag of the command line, so the command refuses the
 * argument before it reads anything, with what its user can do: download the file, or pipe it in.
 */
import { expect, test } from "vitest";
import { runCli } from "./helpers.js";

const advice = (command: string) =>
  `${command} does not send the user name or password of a URL, and has no option for credentials; download the file with a tool that sends them (curl, wget) and pass its path, or pipe it in: curl -fsS '<the URL>' | ${command} -`;

test.each(["validate", "inspect"])(
  "legolas %s of https://user:pass@host/x.arrow exits 2 with advice the command line can follow, its password never shown",
  async (command) => {
    const result = await runCli(command, "https://ada:s3cret@example.invalid/runs/x.arrow");
    expect(result).toEqual({
      code: 2,
      out: "",
      err: `legolas ${command}: https://example.invalid/runs/x.arrow: ${advice(`legolas ${command}`)}`,
    });
    // A user name alone is refused the same way; a presigned URL's query is not shown.
    const named = await runCli(command, "--json", "https://ada@example.invalid/runs/x.arrow?X-Amz-Signature=abc");
    expect(named.code).toBe(2);
    expect(JSON.parse(named.out)).toEqual({
      ok: false,
      error: { code: "usage", message: `https://example.invalid/runs/x.arrow?…: ${advice(`legolas ${command}`)}` },
    });
    expect(named.err).not.toContain("abc");
  },
);

test("validate refuses such a URL among other files before reading any", async () => {
  const result = await runCli("validate", "no-such.arrow", "https://ada:s3cret@example.invalid/x.arrow");
  expect(result.code).toBe(2);
  expect(result.out).toBe("");
  expect(result.err).toBe(`legolas validate: https://example.invalid/x.arrow: ${advice("legolas validate")}`);
});
