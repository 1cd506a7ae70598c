import { createJitAccess } from "./app.js";

/**
 * The Probot app function. `npm start` (bin/start.js) runs it with the app
 * pacing its own writes; `probot run ./lib/index.js` also works, with Probot's
 * throttling on top (see docs/operations.md).
 * Configuration comes from the environment (see .env.example).
 */
export default createJitAccess().app;
export { createJitAccess } from "./app.js";
export type { JitAccess, JitAccessOptions } from "./app.js";
export { createMasker } from "./masking/index.js";
