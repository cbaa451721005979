#!/usr/bin/env node
// The clvlab command line. Each command lives in its own file and registers itself here.
import { Command } from "commander";
import { VERSION } from "../version.js";
import { registerDemo } from "./demo.js";
import { registerFit } from "./fit.js";
import { registerLenses } from "./lenses.js";
import { registerScore } from "./score.js";
import { registerSummarize } from "./summarize.js";
import { registerTrain } from "./train.js";
import { registerPredict } from "./predict.js";
import { registerMonitor } from "./monitor.js";
import { registerSql } from "./sql.js";
import { registerValidate } from "./validate.js";

const program = new Command();
program
  .name("clvlab")
  .description("Customer-lifetime-value analytics: Five Lenses audit, BTYD models, segmentation")
  .version(VERSION)
  .showHelpAfterError();

// Commands, in pipeline order: data -> audit -> models -> segmentation.
registerDemo(program);
registerSummarize(program);
registerLenses(program);
registerFit(program);
registerScore(program);
registerTrain(program);
registerPredict(program);
registerMonitor(program);
registerSql(program);
registerValidate(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`clvlab: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
