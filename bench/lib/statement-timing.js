'use strict';

/**
 * Per-statement counts and wall time, for profiling (never loaded by the service itself):
 *
 *   STATEMENT_TIMING_FILE=/tmp/stmts.json node -r ./bench/lib/statement-timing.js dist/apps/api/src/main.js
 *
 * Wraps better-sqlite3's statements (run/get/all/iterate, timed synchronously) and pg's
 * `Client#query` (timed from the call to the callback or promise, so it includes waiting for the
 * server). On exit (SIGTERM/SIGINT too) writes the statements, most time first, to the file:
 * { sql, count, totalMs, meanUs }. Parameters are never recorded.
 */

const fs = require('node:fs');
const path = require('node:path');

// `%p` in the file name becomes the process id (several processes in one benchmark run).
const OUT = process.env.STATEMENT_TIMING_FILE?.replace('%p', String(process.pid));
const stats = new Map();
const record = (sql, ns) => {
  const key = String(sql).replace(/\s+/g, ' ').slice(0, 400);
  const entry = stats.get(key) || { count: 0, ns: 0n };
  entry.count += 1;
  entry.ns += ns;
  stats.set(key, entry);
};

function fromRoot(name) {
  return require(require.resolve(name, { paths: [process.cwd(), path.resolve(__dirname, '..', '..')] }));
}

try {
  const Database = fromRoot('better-sqlite3');
  const prepare = Database.prototype.prepare;
  let wrapped = false;
  Database.prototype.prepare = function wrappedPrepare(...args) {
    const statement = prepare.apply(this, args);
    if (!wrapped) {
      wrapped = true;
      const proto = Object.getPrototypeOf(statement);
      for (const method of ['run', 'get', 'all', 'iterate']) {
        const original = proto[method];
        proto[method] = function timed(...params) {
          const start = process.hrtime.bigint();
          try {
            return original.apply(this, params);
          } finally {
            record(this.source, process.hrtime.bigint() - start);
          }
        };
      }
    }
    return statement;
  };
} catch {
  // no better-sqlite3 here
}

try {
  const { Client } = fromRoot('pg');
  const query = Client.prototype.query;
  Client.prototype.query = function timedQuery(config, values, callback) {
    const sql = typeof config === 'string' ? config : config && config.text;
    if (!sql) return query.call(this, config, values, callback);
    const start = process.hrtime.bigint();
    const done = () => record(sql, process.hrtime.bigint() - start);
    if (typeof values === 'function') {
      const cb = values;
      return query.call(this, config, (...a) => (done(), cb(...a)));
    }
    if (typeof callback === 'function') return query.call(this, config, values, (...a) => (done(), callback(...a)));
    const result = query.call(this, config, values);
    if (result && typeof result.then === 'function') result.then(done, done);
    return result;
  };
} catch {
  // no pg here
}

function dump() {
  if (!OUT) return;
  const rows = [...stats.entries()]
    .map(([sql, { count, ns }]) => ({
      sql,
      count,
      totalMs: Number(ns / 1000n) / 1000,
      meanUs: Math.round(Number(ns / 1000n) / count),
    }))
    .sort((a, b) => b.totalMs - a.totalMs);
  fs.writeFileSync(OUT, `${JSON.stringify(rows, null, 1)}\n`);
}
process.on('exit', dump);
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.prependListener(signal, dump);
}
