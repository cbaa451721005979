#!/usr/bin/env node
// The clvlab command line. Each command lives in its own file and registers itself here.
import { Command } from "commander";

const program = new Command();
program
  .name("clvlab")
  .description("Customer-lifetime-value analytics: Five Lenses audit, BTYD models, segmentation")
  .version("0.1.0")
  .showHelpAfterError();

// Commands (one line each; keep sorted).

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`clvlab: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
