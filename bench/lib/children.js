'use strict';

/**
 * Child processes of a benchmark: start on a free loopback port, wait until ready, sample memory,
 * stop; nothing outlives the runner (SIGKILL on exit as a last resort).
 */

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');

const HOST = '127.0.0.1';
const children = new Set();
const tail = (text, max = 4000) => (text.length > max ? `…${text.slice(-max)}` : text);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

process.on('exit', () => {
  for (const child of children) child.proc.kill('SIGKILL');
});

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, HOST, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts `node [nodeArgs] script`; stdout goes to `stdoutFile` (the service's log lines), stderr is shown. */
function startChild(name, script, { env, nodeArgs = [], stdoutFile, cwd }) {
  const out = stdoutFile ? fs.openSync(stdoutFile, 'a') : 'ignore';
  const proc = spawn(process.execPath, [...nodeArgs, script], { cwd, env, stdio: ['ignore', out, 'pipe'] });
  if (typeof out === 'number') fs.closeSync(out);
  const child = { name, proc, output: '', exited: false, exitCode: null, exitSignal: null };
  proc.stderr.on('data', (chunk) => {
    child.output = tail(child.output + chunk.toString(), 16000);
    for (const line of chunk.toString().split('\n')) if (line.trim()) process.stderr.write(`[${name}] ${line}\n`);
  });
  proc.on('exit', (code, signal) => {
    Object.assign(child, { exited: true, exitCode: code, exitSignal: signal });
    children.delete(child);
  });
  children.add(child);
  return child;
}

async function stopChild(child) {
  if (child.exited) return;
  const exited = new Promise((resolve) => child.proc.once('exit', resolve));
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), 15000);
  await exited;
  clearTimeout(timer);
}

const stopAll = () => Promise.all([...children].map(stopChild));

async function waitReady(child, baseUrl, timeoutMs = 90000) {
  const deadline = Date.now() + timeoutMs;
  let lastError = 'no answer yet';
  while (Date.now() < deadline) {
    if (child.exited)
      throw new Error(
        `${child.name} exited before it was ready (code ${child.exitCode}). Output:\n${tail(child.output)}`,
      );
    try {
      const res = await fetch(`${baseUrl}/health/ready`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
      lastError = `HTTP ${res.status}`;
    } catch (err) {
      lastError = err.message;
    }
    await sleep(100);
  }
  throw new Error(`${child.name} was not ready after ${timeoutMs} ms (${lastError}). Output:\n${tail(child.output)}`);
}

/** Resident set size of a process in MB (Linux /proc), or NaN. */
function rssMb(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc), or NaN. */
function cpuMs(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (100 Hz)
  } catch {
    return NaN;
  }
}

/** Samples a child's RSS every `everyMs` until stopped; returns the peak in MB. */
function sampleRss(child, everyMs = 200) {
  let peak = rssMb(child.proc.pid);
  const timer = setInterval(() => {
    const now = rssMb(child.proc.pid);
    if (!(now <= peak)) peak = Number.isNaN(peak) ? now : Math.max(peak, now);
  }, everyMs);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

module.exports = { cpuMs, HOST, freePort, startChild, stopChild, stopAll, waitReady, sampleRss, tail, sleep };
