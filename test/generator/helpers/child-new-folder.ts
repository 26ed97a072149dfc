/**
 * A write into a new folder for new-output-folder.test.ts, stopped by a signal before it is done:
 * `fillNewFolder(argv[2])`, whose fill sends the process `argv[3]` (SIGINT, SIGTERM) and waits to
 * be ended by it; with `argv[4]` "written" it writes a file into the folder first. Bundled with
 * rolldown by the test (the runtime from its sources) and run with plain node.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fillNewFolder } from "legolas-ts/internal/create-folder";

const [folder, signal, mode] = process.argv.slice(2);
await fillNewFolder(folder!, async () => {
  if (mode === "written") writeFileSync(join(folder!, "written.txt"), "whole\n");
  process.kill(process.pid, signal as NodeJS.Signals);
  // Kept alive until the signal, which Node delivers on the event loop's next turn, ends the process.
  await new Promise((resolve) => setTimeout(resolve, 10_000));
});
