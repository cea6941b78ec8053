'use strict';

/**
 * Summarises a V8 CPU profile (`node --cpu-prof`): self time by package / area and the top functions.
 *
 *   node bench/lib/profile-summary.js CPU.….cpuprofile [top=25]
 */

const fs = require('node:fs');

const file = process.argv[2];
const top = Number(process.argv[3] || 25);
const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dts = profile.timeDeltas;
profile.samples.forEach((id, i) => self.set(id, (self.get(id) || 0) + (dts[i] || 0)));

function area(url, name) {
  if (!url)
    return name === '(garbage collector)'
      ? 'gc'
      : name === '(idle)'
        ? 'idle'
        : name === '(program)'
          ? 'program'
          : 'native/other';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:'))
    return url
      .replace(/^node:(internal\/)?/, 'node:')
      .split('/')
      .slice(0, 2)
      .join('/');
  const d = /\/dist\/(apps|libs)\/([^/]+)/.exec(url);
  return d ? `app:${d[1]}/${d[2]}` : url;
}

const areas = new Map();
const fns = new Map();
let total = 0;
for (const [id, us] of self) {
  const n = byId.get(id);
  const { url, functionName, lineNumber } = n.callFrame;
  total += us;
  const a = area(url, functionName);
  areas.set(a, (areas.get(a) || 0) + us);
  const key = `${functionName || '(anon)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
  fns.set(key, (fns.get(key) || 0) + us);
}
const idle = areas.get('idle') || 0;
const busy = total - idle;
console.log(
  `profile ${(total / 1e6).toFixed(2)} s, idle ${(idle / 1e6).toFixed(2)} s, busy ${(busy / 1e6).toFixed(2)} s`,
);
const pct = (us) => `${((100 * us) / busy).toFixed(1)} %`.padStart(7);
console.log('\nself time by area (share of busy time):');
for (const [a, us] of [...areas]
  .filter(([a]) => a !== 'idle')
  .sort((x, y) => y[1] - x[1])
  .slice(0, top))
  console.log(`${pct(us)}  ${a}`);
console.log('\ntop functions (self):');
for (const [f, us] of [...fns].sort((x, y) => y[1] - x[1]).slice(0, top)) console.log(`${pct(us)}  ${f}`);
