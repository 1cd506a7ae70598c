#!/usr/bin/env node
import { run } from "../lib/cli/main.js";

await run();
