/* Bundle src/ into the classic scripts the site ships (dist/): pages opened from
 * disk (file://) cannot load module scripts in Chromium, so each entry becomes one
 * self-contained script. `make js` runs this; the bundles are committed, so
 * `make serve` needs no Node. Usage: node build.mjs [out-dir] (default: dist). */
import { build } from "esbuild";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const ENTRIES = ["course", "scorm"]; // src/entries/<name>.js -> <out-dir>/<name>.js

export async function bundle(outdir) {
  await build({
    entryPoints: ENTRIES.map((name) => ({ in: join(here, "src", "entries", `${name}.js`), out: name })),
    outdir,
    bundle: true,
    format: "iife",
    target: "es2017",
    minify: true,
    sourcemap: false,
    legalComments: "none",
    charset: "utf8",
    banner: { js: "/* Built by `make js` from grader/site/assets/src: edit those files, not this one. */" },
    logLevel: "warning",
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundle(resolve(process.argv[2] || join(here, "dist")));
}
