/**
 * Setup of every test file: property tests draw new cases on every run by hand, and on CI
 * (`CI=true`) the same ones every time. There each `fc.assert` that names no seed of its own takes
 * this one, so a clean clone that passes `.ci/run` here passes it on the CI machine: a case found
 * once is a fault to fix, not a coin each landing flips. A failure prints its seed either way;
 * `LEGOLAS_PROPERTY_SEED` sets another (on CI too, to look further).
 */
import fc from "fast-check";

const seed = process.env.LEGOLAS_PROPERTY_SEED ?? (process.env.CI === "true" ? "20261208" : undefined);
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed) });
