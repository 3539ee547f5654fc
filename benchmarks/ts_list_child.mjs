// Benchmark child (run by benchmarks/_typescript_bench.py): list every node of PrimitiveNullable with the
// generated TypeScript SDK (list and iterate), or with raw fetch + JSON.parse of the same pages (their items
// kept in one array, as list keeps them). The SDK is the built package at BENCH_SDK. Prints one JSON line.
const sdk = await import(process.env.BENCH_SDK);
const url = process.env.BENCH_URL ?? "";
const project = process.env.BENCH_PROJECT ?? "";
const token = process.env.BENCH_TOKEN ?? "";
const mode = process.argv[2] ?? "raw";
const view = sdk.PrimitiveNullableView.view;

async function raw() {
  const body = {
    instanceType: "node",
    sources: [{ source: { type: "view", ...view } }],
    filter: { hasData: [{ type: "view", ...view }] },
    limit: 1000,
  };
  const all = [];
  for (;;) {
    const response = await fetch(`${url}/api/v1/projects/${project}/models/instances/list`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const page = JSON.parse(await response.text());
    for (const item of page.items) all.push(item);
    if (!page.nextCursor) return all.length;
    body.cursor = page.nextCursor;
  }
}

function client() {
  return new sdk.OmniBenchClient({ baseUrl: url, project, credentials: new sdk.Token(token) });
}

async function list() {
  const items = await client().primitiveNullable.list({ limit: null });
  if (!(items[0]?.timestamp instanceof Date) || typeof items[0]?.int64 !== "bigint") throw new Error("not decoded");
  return items.length;
}

async function iterate() {
  let count = 0;
  for await (const page of client().primitiveNullable.iterate()) count += page.items.length;
  return count;
}

const run = { raw, list, iterate }[mode];
if (run === undefined) throw new Error(`unknown mode ${mode}`);
const started = performance.now();
const cpuBefore = process.cpuUsage();
const count = await run();
const cpu = process.cpuUsage(cpuBefore);
const seconds = (performance.now() - started) / 1000;
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({ mode, count, seconds, cpuSeconds, rssMb: process.memoryUsage().rss / 2 ** 20 }));
