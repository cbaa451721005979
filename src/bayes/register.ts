// Connects `fit*(data, { method })` to the Bayesian fitter (imported for its effect by the bayes index and the CLI).
import { registerBayesFitter } from "../models/bayesHook.js";
import { fitBayesian } from "./fitBayesian.js";

registerBayesFitter(fitBayesian);
