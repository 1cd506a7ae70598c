export { manualClock, type ManualClock } from "../../src/reconcile/clock.js";
