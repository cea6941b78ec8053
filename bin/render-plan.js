'use strict';
// How the CLI shows a plan: one block per change, JSON Patch operations as a coloured diff.

const COLOURS = { red: 31, green: 32, yellow: 33, cyan: 36, bold: 1, dim: 2 };

function painter(enabled) {
  return (colour, text) => (enabled ? `\u001b[${COLOURS[colour]}m${text}\u001b[0m` : text);
}

/** Whether to colour: never with NO_COLOR or --no-color, always with FORCE_COLOR, else on a terminal. */
function useColour(stream, flags) {
  if (flags['no-color'] || process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== '0') return true;
  return Boolean(stream.isTTY);
}

const KIND = { setup: 'setup', resource_server: 'resource server', client: 'client' };
const SIGN = { create: '+', update: '~', delete: '-' };
const ACTION_COLOUR = { create: 'green', update: 'yellow', delete: 'red' };
const OP = { add: ['+', 'green'], remove: ['-', 'red'], replace: ['~', 'yellow'] };

function show(value) {
  return JSON.stringify(value);
}

/** The plan (or the applied change set) as text. */
function renderChanges(outcome, colour) {
  const paint = painter(colour);
  const lines = [];
  if (!outcome.changes.length) {
    lines.push(paint('green', 'No changes. The setup matches the document.'));
  }
  for (const change of outcome.changes) {
    const head = `${SIGN[change.action]} ${change.action} ${KIND[change.kind]} "${change.key}"`;
    lines.push(paint('bold', paint(ACTION_COLOUR[change.action], head)));
    for (const op of change.patch) {
      const [sign, c] = OP[op.op] || ['?', 'dim'];
      const value = op.op === 'remove' ? '' : ` ${show(op.value)}`;
      lines.push(paint(c, `    ${sign} ${op.path || '/'}${value}`));
    }
  }
  const counts = ['create', 'update', 'delete'].map(
    (action) => `${outcome.changes.filter((c) => c.action === action).length} to ${action}`,
  );
  lines.push('', `${counts.join(', ')}; valid from ${outcome.valid_from}`);
  lines.push(paint('dim', `plan_hash: ${outcome.plan_hash}`));
  return lines.join('\n');
}

/** A problem+json answer as text: the detail, then every error with its pointer. */
function renderProblem(problem, colour) {
  const paint = painter(colour);
  const lines = [
    paint('red', `Error ${problem.status || ''} ${problem.code || ''}: ${problem.detail || problem.title || ''}`),
  ];
  for (const e of problem.errors || []) lines.push(`  ${paint('cyan', e.path || '/')}: ${e.message}`);
  return lines.join('\n');
}

module.exports = { renderChanges, renderProblem, useColour };
