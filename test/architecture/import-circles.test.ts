import { describe, expect, it } from "vitest";
import { importCircles, importGraph } from "./import-graph.js";

describe("the import graph", () => {
  it("has no circles in runtime, generator and cli (the pipeline runs one way: cli -> generator -> runtime)", () => {
    expect(importCircles(importGraph(["runtime", "generator"]))).toEqual([]);
  });

  it("finds a circle, whatever its length, and a module that imports itself", () => {
    const graph = new Map([
      ["a.ts", ["b.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", ["a.ts", "d.ts"]],
      ["d.ts", []],
      ["e.ts", ["e.ts"]],
    ]);
    expect(importCircles(graph)).toEqual([["a.ts", "b.ts", "c.ts"], ["e.ts"]]);
  });
});
