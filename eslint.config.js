// eslint for the course's own JavaScript: the browser sources (bundled by esbuild:
// grader/site/assets/src and each question type's scoring.js and widget.js in
// grader/items/<type>/), the bundler script and the node unit tests. `make lint-js` runs it.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["grader/site/assets/dist/**", "node_modules/**", "site/**", "build/**"] },
  js.configs.recommended,
  {
    files: ["grader/site/assets/src/**/*.js", "grader/items/**/*.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.browser } },
  },
  {
    files: ["grader/site/assets/*.mjs", "tests/js/**/*.mjs", "eslint.config.js"],
    languageOptions: { ecmaVersion: 2022, sourceType: "module", globals: { ...globals.node } },
  },
];
