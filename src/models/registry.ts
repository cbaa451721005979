// The model registry: every model clvlab fits is declared here once (id, display name, fit, parameters, columns,
// loader). `loadModel`, the CLI and the docs read it; adding a model is one model file, one entry here, one test file.
import { BgBbModel, fitBgBb } from "./bgBb.js";
import { BgNbdModel, fitBgNbd } from "./bgNbd.js";
import type { CustomerData } from "./columns.js";
import type { FitOptions } from "./fitReport.js";
import type { ModelJson } from "./fittedModel.js";
import { fitGammaGamma, GammaGammaModel } from "./gammaGamma.js";
import { reportFromJson } from "./reportFromJson.js";
import { fitMbgNbd, MbgNbdModel } from "./mbgNbd.js";
import { fitParetoNbd, ParetoNbdModel } from "./paretoNbd.js";
import { BASE_LEARNERS, MODEL_IDS, MODEL_NAMES, isModelName, type BaseLearnerName, type ModelName, type PurchaseModelName } from "./modelIds.js";

export { BASE_LEARNERS, MODEL_IDS, MODEL_NAMES, isModelName, type BaseLearnerName, type ModelName, type PurchaseModelName };


/** The fitted-model class of each id. */
export interface ModelTypes {
  "bg-nbd": BgNbdModel;
  "pareto-nbd": ParetoNbdModel;
  "mbg-nbd": MbgNbdModel;
  "bg-bb": BgBbModel;
  "gamma-gamma": GammaGammaModel;
}

/** Everything clvlab knows about one model. */
export interface ModelSpec<N extends ModelName> {
  readonly id: N;
  readonly displayName: string;
  /** "purchase": continuous-time purchase model (frequency, recency, T); "discrete": BG/BB; "spend": Gamma-Gamma. */
  readonly kind: "purchase" | "discrete" | "spend";
  /** Usable as the purchase model of `clvlab score` and the BTYD base learner of `clvlab train`. */
  readonly baseLearner: boolean;
  readonly parameterNames: readonly string[];
  /** Summary columns the fit needs (canonical names; aliases in `columns.ts`). */
  readonly columns: readonly string[];
  /** Paper the model follows. */
  readonly reference: string;
  fit(data: CustomerData, options?: FitOptions): ModelTypes[N];
  /** Rebuilds a fitted model from its JSON (validated by `loadModel`). */
  load(json: ModelJson): ModelTypes[N];
}

const RFT = ["frequency", "recency", "T"] as const;

/** The registry, in the order the CLI lists the models. */
export const MODEL_REGISTRY: { readonly [N in ModelName]: ModelSpec<N> } = {
  "bg-nbd": {
    id: "bg-nbd",
    displayName: "BG/NBD",
    kind: "purchase",
    baseLearner: true,
    parameterNames: ["r", "alpha", "a", "b"],
    columns: RFT,
    reference: "Fader, Hardie & Lee (2005), Counting Your Customers the Easy Way",
    fit: (data, options) => fitBgNbd(data, options),
    load: (json) => new BgNbdModel(reportFromJson(MODEL_REGISTRY["bg-nbd"].parameterNames, json)),
  },
  "pareto-nbd": {
    id: "pareto-nbd",
    displayName: "Pareto/NBD",
    kind: "purchase",
    baseLearner: true,
    parameterNames: ["r", "alpha", "s", "beta"],
    columns: RFT,
    reference: "Schmittlein, Morrison & Colombo (1987); Fader & Hardie (2005) note",
    fit: (data, options) => fitParetoNbd(data, options),
    load: (json) => new ParetoNbdModel(reportFromJson(MODEL_REGISTRY["pareto-nbd"].parameterNames, json)),
  },
  "mbg-nbd": {
    id: "mbg-nbd",
    displayName: "MBG/NBD",
    kind: "purchase",
    baseLearner: false,
    parameterNames: ["r", "alpha", "a", "b"],
    columns: RFT,
    reference: "Batislam, Denizel & Filiztekin (2007)",
    fit: (data, options) => fitMbgNbd(data, options),
    load: (json) => new MbgNbdModel(reportFromJson(MODEL_REGISTRY["mbg-nbd"].parameterNames, json)),
  },
  "gamma-gamma": {
    id: "gamma-gamma",
    displayName: "Gamma-Gamma spend",
    kind: "spend",
    baseLearner: false,
    parameterNames: ["p", "q", "v"],
    columns: ["frequency", "monetaryValue"],
    reference: "Fader & Hardie (2013), The Gamma-Gamma Model of Monetary Value",
    fit: (data, options) => fitGammaGamma(data, options),
    load: (json) => new GammaGammaModel(reportFromJson(MODEL_REGISTRY["gamma-gamma"].parameterNames, json), json.extra?.excludedNonPositiveSpend ?? 0, json.extra?.excludedNoRepeat ?? 0, json.extra?.constantSpend),
  },
  "bg-bb": {
    id: "bg-bb",
    displayName: "BG/BB (discrete opportunities)",
    kind: "discrete",
    baseLearner: false,
    parameterNames: ["alpha", "beta", "gamma", "delta"],
    columns: ["frequency", "recency", "periods"],
    reference: "Fader, Hardie & Shang (2010)",
    fit: (data, options) => fitBgBb(data, options),
    load: (json) => new BgBbModel(reportFromJson(MODEL_REGISTRY["bg-bb"].parameterNames, json)),
  },
};
