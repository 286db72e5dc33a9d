import type { PlanNode } from './plan.ts';

/** A node's header line the way the text format prints it, for evidence on findings from JSON plans. */
export function renderHeader(node: PlanNode): string {
  let header = node.label;
  if (node.totalCost !== undefined) {
    header += `  (cost=${fixed(node.startupCost, 2)}..${fixed(node.totalCost, 2)} rows=${node.planRows ?? '?'} width=${node.planWidth ?? '?'})`;
  }
  if (node.neverExecuted) header += ' (never executed)';
  else if (node.actualLoops !== undefined) {
    const time = node.actualTotalTime === undefined ? '' : `time=${fixed(node.actualStartupTime, 3)}..${fixed(node.actualTotalTime, 3)} `;
    header += ` (actual ${time}rows=${node.actualRows ?? '?'} loops=${node.actualLoops})`;
  }
  return header;
}

function fixed(value: number | undefined, digits: number): string {
  return value === undefined ? '?' : value.toFixed(digits);
}

/** 1234567.8 -> "1,234,568"; used in messages, where exact decimals only distract. */
export function count(value: number): string {
  return Math.round(value).toLocaleString('en-US');
}

/** Milliseconds with sensible precision: "0.42 ms", "12.3 ms", "1,234 ms". */
export function ms(value: number): string {
  if (value >= 100) return `${count(value)} ms`;
  if (value >= 1) return `${value.toFixed(1)} ms`;
  return `${value.toFixed(2)} ms`;
}

/** PostgreSQL's reserved key words (SQL Key Words appendix), which need quotes as identifiers. */
const RESERVED = new Set(
  ('all analyse analyze and any array as asc asymmetric both case cast check collate column constraint create current_catalog ' +
    'current_date current_role current_time current_timestamp current_user default deferrable desc distinct do else end except ' +
    'false fetch for foreign from grant group having in initially intersect into lateral leading limit localtime localtimestamp ' +
    'not null offset on only or order placing primary references returning select session_user some symmetric system_user table ' +
    'then to trailing true union unique user using variadic when where window with').split(' '),
);

/** An identifier as it must be written in SQL: quoted unless it is lower case, plain and not reserved. */
export function sqlIdent(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) && !RESERVED.has(name) ? name : `"${name.replace(/"/g, '""')}"`;
}
