/**
 * `--only` picks the benchmark modules to run. A name no module has is refused: it would run
 * nothing and print "every target met", a green run that measured nothing.
 */
import { expect, test } from "vitest";
import { MODULES, selectedModules } from "../../bench/run.js";

const names = (argv: string[]) => selectedModules(argv).map((m) => m.name);

test("--only=a,b and --only a,b pick those modules; without it, every module runs", () => {
  expect(names(["--only=tables,generator"])).toEqual(["generator", "tables"]);
  expect(names(["--quick", "--only", "real-schema"])).toEqual(["real-schema"]);
  expect(names(["--quick"])).toEqual(MODULES.map((m) => m.name));
});

test("a name no module has is refused, with the names there are", () => {
  expect(() => selectedModules(["--only=tabels"])).toThrow(
    /^bench: no benchmark module is named tabels; the modules: validation, generator, tables, /,
  );
  expect(() => selectedModules(["--only="])).toThrow(/^bench: --only names no module; the modules: validation, /);
});
