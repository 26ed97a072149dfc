/** The tour (examples/tour.ts) is documentation that must stay true: run it. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "vitest";
import { tour } from "../../examples/tour.js";

test("every assertion of the tour holds", async () => {
  await tour(mkdtempSync(join(tmpdir(), "legolas-tour-")));
});
