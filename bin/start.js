#!/usr/bin/env node
// `npm start`: the app behind Probot's server, writes paced by the app itself (see lib/start.js).
import { start } from "../lib/start.js";

await start();
