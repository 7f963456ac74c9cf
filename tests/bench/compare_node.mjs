// The compare.sh job with the official JavaScript client (@kubernetes/client-node), written
// as a user would: create COUNT VMIs one after another (each awaited) through a token bucket
// of QPS (burst BURST), watch them to Running, delete them one by one, wait until the watch
// has seen every one go. Writes one JSON line per VMI: name, createSentNs,
// createDoneNs, runningNs, goneNs (wall clock, ns since the epoch).
//
// Usage (from a directory whose node_modules holds @kubernetes/client-node):
//   node compare_node.mjs KUBECONFIG NAMESPACE LABEL_VALUE COUNT QPS BURST VMI_JSON OUT_JSONL
import { readFileSync, writeFileSync } from 'node:fs';
import * as k8s from '@kubernetes/client-node';

const [kubeconfig, ns, label, countText, qpsText, burstText, vmiJson, out] = process.argv.slice(2);
const count = Number(countText);
const qps = Number(qpsText);
const burst = Number(burstText);
const group = 'kubevirt.io';
const version = 'v1';
const plural = 'virtualmachineinstances';
const labelKey = 'perfscale.kubevirt.io/compare';
const selector = `${labelKey}=${label}`;
const timeoutMs = 600_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
// Wall clock in ns: the epoch origin of performance.now(), to sub-millisecond.
const nowNs = () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1e6));

class TokenBucket {
  constructor(rate, capacity) {
    this.rate = rate;
    this.capacity = capacity;
    this.tokens = capacity;
    this.last = performance.now();
  }
  async take() {
    for (;;) {
      const now = performance.now();
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.rate);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await sleep(((1 - this.tokens) / this.rate) * 1000);
    }
  }
}

const kc = new k8s.KubeConfig();
kc.loadFromFile(kubeconfig);
const api = kc.makeApiClient(k8s.CustomObjectsApi);
const template = JSON.parse(readFileSync(vmiJson, 'utf8'));

const running = new Map();
const gone = new Map();
let wakeUp = () => {};
let stopping = false;
let watchAbort = null;

const listed = await api.listNamespacedCustomObject({ group, version, namespace: ns, plural,
                                                       labelSelector: selector });
let resourceVersion = listed.metadata.resourceVersion;

async function startWatch() {
  watchAbort = await new k8s.Watch(kc).watch(
    `/apis/${group}/${version}/namespaces/${ns}/${plural}`,
    { labelSelector: selector, resourceVersion },
    (type, vmi) => {
      const at = nowNs();
      const name = vmi?.metadata?.name;
      if (vmi?.metadata?.resourceVersion) resourceVersion = vmi.metadata.resourceVersion;
      if (type === 'DELETED') {
        if (!gone.has(name)) gone.set(name, at);
      } else if (vmi?.status?.phase === 'Running' && !running.has(name)) {
        running.set(name, at);
      }
      wakeUp();
    },
    (err) => {
      // The stream ended (server timeout or error): watch again from the last version seen.
      if (!stopping) setTimeout(startWatch, err ? 100 : 0);
    });
}

async function waitFor(seen, what) {
  const deadline = Date.now() + timeoutMs;
  while (seen.size < count) {
    if (Date.now() > deadline) {
      console.error(`compare_node: ${seen.size} of ${count} VMIs ${what} after ${timeoutMs / 1000} s`);
      process.exit(1);
    }
    await new Promise((resolve) => {
      wakeUp = resolve;
      setTimeout(resolve, 1000);
    });
  }
}

await startWatch();
const bucket = new TokenBucket(qps, burst);
const creates = [];
for (let i = 0; i < count; i++) {
  const body = structuredClone(template);
  const name = `vmi-${label}-${i}`;
  body.metadata = { name, namespace: ns, labels: { [labelKey]: label } };
  await bucket.take();
  const sent = nowNs();
  await api.createNamespacedCustomObject({ group, version, namespace: ns, plural, body });
  creates.push([name, sent, nowNs()]);
}
await waitFor(running, 'Running');
// One by one, each awaited, as the Python client must (the bucket paces creates only).
for (const [name] of creates) {
  await api.deleteNamespacedCustomObject({ group, version, namespace: ns, plural, name });
}
await waitFor(gone, 'gone');
stopping = true;
watchAbort?.abort();
const lines = creates.map(([name, sent, done]) => JSON.stringify({
  name, createSentNs: Number(sent), createDoneNs: Number(done),
  runningNs: running.has(name) ? Number(running.get(name)) : null,
  goneNs: gone.has(name) ? Number(gone.get(name)) : null,
}));
writeFileSync(out, lines.join('\n') + '\n');
process.exit(0);
