// Lint gate (run by `npm test` after the type check): ESLint's and typescript-eslint's recommended rules, without
// type information so it stays fast. Formatting is left to the code's existing style (no formatter rules here).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/", "reports/", ".jupyter-runtime/", "notebooks/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node },
    },
  },
  {
    rules: {
      // `_`-prefixed names and the siblings of a rest pattern are deliberately unused (options split off a rest).
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
);
