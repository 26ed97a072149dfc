/**
 * The runtime's types that generator/check-types.ts declares by hand for its probes must be the
 * runtime's own: a member the runtime adds (or renames) and the stand-in lacks would refuse a
 * correct check at generate, and one the stand-in keeps after the runtime drops it would pass a
 * check that then fails in the user's compiler.
 */
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { TYPED_STAND_INS } from "../../generator/check-types.js";

const runtimeFolder = fileURLToPath(new URL("../../runtime/", import.meta.url));

/** The diagnostics of a probe that holds each stand-in's type identical to the runtime's. */
async function identityErrors(standIns: Readonly<Record<string, string>>): Promise<string[]> {
  const { Project, ts } = await import("ts-morph");
  const project = new Project({
    compilerOptions: {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2023.d.ts"],
      types: [],
      strict: true,
      skipLibCheck: true,
    },
    skipAddingFilesFromTsConfig: true,
  });
  project.createSourceFile(`${runtimeFolder}stand-in.d.ts`, Object.values(standIns).join("\n"));
  const probe = project.createSourceFile(
    `${runtimeFolder}stand-in-probe.ts`,
    `import type * as runtime from "./weights/weights.js";
import type * as standIn from "./stand-in.js";
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
export const weights: Same<runtime.Weights, standIn.Weights> = true;
export const input: Same<runtime.WeightsInput, standIn.WeightsInput> = true;
`,
  );
  return probe.getPreEmitDiagnostics().map((d) => ts.flattenDiagnosticMessageText(d.getMessageText() as string, " "));
}

test("the check probes' Weights and WeightsInput are the runtime's, member for member", async () => {
  expect(await identityErrors(TYPED_STAND_INS)).toEqual([]);
});

test("a stand-in that lacks a member of the runtime's Weights is told apart", async () => {
  const lacking = { ...TYPED_STAND_INS, Weights: TYPED_STAND_INS.Weights!.replace(/^ {2}get parameterCount.*\n/m, "") };
  expect(lacking.Weights).not.toContain("parameterCount");
  // Both probes: a WeightsInput may be a Weights.
  expect(await identityErrors(lacking)).toEqual(Array(2).fill("Type 'true' is not assignable to type 'false'."));
});
