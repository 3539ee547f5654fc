// Copy the runtime sources (pygen_core/codegen/typescript/runtime/*.ts) into omni-mini/src/_runtime/, as the
// TypeScript emitter will for every generated package. The copy is gitignored: the runtime is never forked.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "..", "..", "..", "pygen_core", "codegen", "typescript", "runtime");
const target = join(here, "..", "omni-mini", "src", "_runtime");

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
const files = readdirSync(source)
  .filter((name) => name.endsWith(".ts"))
  .sort();
if (!files.length) throw new Error(`no runtime sources in ${source}`);
for (const name of files) copyFileSync(join(source, name), join(target, name));
console.log(`synced ${files.length} runtime files into omni-mini/src/_runtime`);
