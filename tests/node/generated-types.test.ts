// action/src/client/report.ts must be what `npm run gen:types` makes from the
// core's current JSON Schemas.

import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { generateContractTypes, generatedTypesPath } from "../../action/scripts/gen-types.mjs";

it("the committed Contract types are up to date (run `npm run gen:types`)", async () => {
  const generated = await generateContractTypes();
  expect(readFileSync(generatedTypesPath, "utf8")).toBe(generated);
});
