// Run the compiled tests (dist-test/*.test.js) with Node's test runner, one file at a time (the emulator's
// faults are global). `--unit`: only unit-*.test.js (no emulator); `--emulator`: only the others.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, "..", "dist-test");
const unit = process.argv.includes("--unit");
const emulator = process.argv.includes("--emulator");
const files = readdirSync(dist)
  .filter((name) => name.endsWith(".test.js"))
  .filter((name) => (unit ? name.startsWith("unit-") : emulator ? !name.startsWith("unit-") : true))
  .sort()
  .map((name) => join(dist, name));
if (!files.length) {
  console.error("no test files found in dist-test (run `npm run build` first)");
  process.exit(1);
}
const args = ["--test", "--test-reporter=spec"];
if (process.allowedNodeEnvironmentFlags.has("--test-concurrency")) args.push("--test-concurrency=1");
const result = spawnSync(process.execPath, [...args, ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);
