/**
 * Generated row classes carry no doc comments on the statics every version has (`is`,
 * `validate`, `convert`, `~standard`): `LegolasRow` declares them once, with their docs, and
 * editors show those for each class's own. What a user hovering `X.is` reads, checked through
 * TypeScript's language service on a generated module.
 */
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

const generatedFolder = fileURLToPath(new URL("../generated/", import.meta.url));

test("hovering a generated class's is, validate, convert and ~standard shows LegolasRow's docs", async () => {
  const { Project, ts } = await import("ts-morph");
  const project = new Project({
    compilerOptions: {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      strict: true,
      skipLibCheck: true,
    },
    skipAddingFilesFromTsConfig: true,
  });
  project.addSourceFileAtPath(`${generatedFolder}test.all-types.ts`);
  const uses = 'AllTypesV1.is(0); AllTypesV1.validate(0); AllTypesV1.convert(0); AllTypesV1["~standard"];';
  const probe = project.createSourceFile(
    `${generatedFolder}probe.ts`,
    `import { AllTypesV1 } from "./test.all-types.js";\n${uses}\n`,
  );
  const service = project.getLanguageService().compilerObject;
  const docAt = (member: string): string => {
    const position = probe.getFullText().indexOf(member) + 1;
    const info = service.getQuickInfoAtPosition(probe.getFilePath(), position);
    return (info?.documentation ?? []).map((part) => part.text).join("");
  };
  expect(docAt("is(0)")).toBe("`true` when `value` complies with this schema version.");
  expect(docAt("validate(0)")).toBe("Every violation of `value` against this schema version; empty when it complies.");
  expect(docAt("convert(0)")).toMatch(/^Converts `input`'s values/);
  expect(docAt('"~standard"')).toMatch(/^Standard Schema v1:/);
  expect(project.getPreEmitDiagnostics().map((d) => d.getMessageText())).toEqual([]);
}, 60_000);
