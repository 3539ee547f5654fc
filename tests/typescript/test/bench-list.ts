// Benchmark child (run by tests/typescript/bench.py): listing every node of PrimitiveNullable through the
// SDK (list and iterate) against raw fetch + JSON.parse of the same pages (their items kept in one array,
// as list keeps them). Prints one JSON line.
import { OmniMiniClient, PrimitiveNullableView, Token } from "omni-mini";

const url = process.env["BENCH_URL"] ?? "";
const project = process.env["BENCH_PROJECT"] ?? "";
const token = process.env["BENCH_TOKEN"] ?? "";
const mode = process.argv[2] ?? "raw";
const view = PrimitiveNullableView.view;

async function raw(): Promise<number> {
  const body: Record<string, unknown> = {
    instanceType: "node",
    sources: [{ source: { type: "view", ...view } }],
    filter: { hasData: [{ type: "view", ...view }] },
    limit: 1000,
  };
  const all: unknown[] = [];
  for (;;) {
    const response = await fetch(`${url}/api/v1/projects/${project}/models/instances/list`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const page = JSON.parse(await response.text()) as { items: unknown[]; nextCursor?: string | null };
    for (const item of page.items) all.push(item);
    if (!page.nextCursor) return all.length;
    body["cursor"] = page.nextCursor;
  }
}

async function sdkList(): Promise<number> {
  const sdk = new OmniMiniClient({ baseUrl: url, project, credentials: new Token(token) });
  const items = await sdk.primitiveNullable.list({ limit: null });
  if (!(items[0]?.timestamp instanceof Date) || typeof items[0]?.int64 !== "bigint")
    throw new Error("values not decoded");
  return items.length;
}

async function sdkIterate(): Promise<number> {
  const sdk = new OmniMiniClient({ baseUrl: url, project, credentials: new Token(token) });
  let count = 0;
  for await (const page of sdk.primitiveNullable.iterate()) count += page.items.length;
  return count;
}

const run = { raw, list: sdkList, iterate: sdkIterate }[mode];
if (run === undefined) throw new Error(`unknown mode ${mode}`);
const started = performance.now();
const cpuBefore = process.cpuUsage();
const count = await run();
const cpu = process.cpuUsage(cpuBefore);
const seconds = (performance.now() - started) / 1000;
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({ mode, count, seconds, cpuSeconds, rssMb: process.memoryUsage().rss / 2 ** 20 }));
