#!/usr/bin/env node
// `npm start`: the app behind Probot's server, writes paced by the app itself (see lib/start.js).
import { loadBuilt } from "./load-built.js";

const { start } = await loadBuilt("start.js");
await start();
