#!/usr/bin/env node
import { loadBuilt } from "./load-built.js";

const { run } = await loadBuilt("cli/main.js");
await run();
