/**
 * Setup of every test file: with LEGOLAS_TEST_PIPELINE=force, readTable(path) reads every file,
 * however small, through its pipelined path (runtime/arrow/pipelined-read.ts), so that the read
 * tests run against it unchanged:
 *   LEGOLAS_TEST_PIPELINE=force npx vitest run test/runtime/arrow test/hostile
 */
import { forcePipeline } from "../runtime/arrow/helpers/pipelined-read.js";

if (process.env.LEGOLAS_TEST_PIPELINE === "force") forcePipeline();
