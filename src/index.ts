import { createJitAccess } from "./app.js";

/**
 * The Probot app function: `probot run ./lib/index.js`.
 * Configuration comes from the environment (see .env.example).
 */
export default createJitAccess().app;
export { createJitAccess } from "./app.js";
export type { JitAccess, JitAccessOptions } from "./app.js";
export { createMasker } from "./masking/index.js";
