/**
 * One knob for every property in the repository: MCSEND_PROP_RUNS sets fast-check's default number of runs (both the
 * fast-check 4 the conformance suite uses and the copy `effect` bundles for `it.prop`). Properties that pass their
 * own `numRuns` keep it; the conformance suite reads the same variable itself (docs/testing.md).
 */
import { FastCheck } from "effect"
import * as fc from "fast-check"

const runs = Number(process.env.MCSEND_PROP_RUNS)
if (Number.isInteger(runs) && runs > 0) {
  FastCheck.configureGlobal({ ...FastCheck.readConfigureGlobal(), numRuns: runs })
  fc.configureGlobal({ ...fc.readConfigureGlobal(), numRuns: runs })
}
