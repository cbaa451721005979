/** The clvlab version, written into saved artefacts and printed by `clvlab --version` (kept equal to package.json by a test). */
export const VERSION = "0.1.0";
