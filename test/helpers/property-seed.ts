/**
 * Setup of every test file: property tests draw new cases on every run by hand, and on CI
 * (`CI=true`) the same ones every time. There each `fc.assert` that names no seed of its own takes
 * this one, so a clean clone that passes `.ci/run` here passes it on the CI machine: a case found
 * once is a fault to fix, not a coin each landing flips. A failure prints its seed either way;
 * `LEGOLAS_PROPERTY_SEED=N` sets another (on CI too, to look further), and
 * `LEGOLAS_PROPERTY_SEED=ci` CI's own, for a CI step that runs without `CI=true` (.ci/run's
 * second pass, without the Julia fixtures).
 */
import fc from "fast-check";

const CI_SEED = 20261208;
const given = process.env.LEGOLAS_PROPERTY_SEED;
const seed = given === "ci" || (given === undefined && process.env.CI === "true") ? CI_SEED : given;
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed) });
