/**
 * The registry answers only names that come from outside the code: a file's
 * `legolas_schema_qualified`, a name the CLI was given. Everything else follows descriptors: a nested record's field
 * type points at its child's descriptor, so no reader, writer or validator imports registry.ts.
 */
import { describe, expect, it } from "vitest";
import { importGraph } from "./import-graph.js";

const REGISTRY = "runtime/registry.ts";

/** Each runtime module that may import the registry, and why. */
const REGISTRY_USERS: Readonly<Record<string, string>> = {
  "runtime/core.ts": "exports it",
  "runtime/schema-version.ts": "defineSchemaVersion registers each descriptor",
  "runtime/arrow/read-bytes.ts": "a file names its schema version in legolas_schema_qualified",
};

describe("registry lookups", () => {
  it("happen only where a schema version's name comes from outside the code", () => {
    const graph = importGraph(["runtime"]);
    const users = [...graph].filter(([, targets]) => targets.includes(REGISTRY)).map(([module]) => module);
    expect(users.sort()).toEqual(Object.keys(REGISTRY_USERS).sort());
  });
});
