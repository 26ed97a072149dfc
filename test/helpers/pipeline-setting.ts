/**
 * Setup of every test file: with LEGOLAS_TEST_PIPELINE=force, readTable(path) reads every file,
 * however small, through its pipelined path (runtime/arrow/pipelined-read.ts), so that the read
 * tests run against it unchanged:
 *   LEGOLAS_TEST_PIPELINE=force npx vitest run test/runtime/arrow test/hostile
 * Imported only then: the other runs (the generator's tests among them) load no runtime for it.
 */
if (process.env.LEGOLAS_TEST_PIPELINE === "force") {
  const { forcePipeline } = await import("../runtime/arrow/helpers/pipelined-read.js");
  forcePipeline();
}
