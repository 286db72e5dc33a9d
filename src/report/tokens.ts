import { diag, type Diagnostic } from '../diagnostics.ts';
import type { BuildConfig } from '../schemas/build-config.ts';
import type { BundleFiles } from '../bundle/plan.ts';
import { parseMarkdown } from '../load/frontmatter.ts';

/** claude plugin details falls back to about four characters a token when it cannot count. */
export const estimateTokens = (chars: number) => Math.round(chars / 4);

export interface ComponentCost {
  kind: 'command' | 'skill' | 'agent';
  /** As `claude plugin details` lists it. */
  name: string;
  file: string;
  alwaysOnText: string;
  alwaysOn: number;
  onInvoke: number;
  bodyLines: number;
}

export interface CostReport {
  components: ComponentCost[];
  alwaysOnTotal: number;
  references: { file: string; tokens: number }[];
  /** Other skill files attached on invoke (playbooks): each counts like a component body. */
  attachments: { file: string; tokens: number }[];
}

/** Counts the way `claude plugin details` does: name + description + when_to_use always on, the body on invoke. */
export function measure(bundle: BundleFiles, pluginName: string, config: BuildConfig): CostReport {
  const components: ComponentCost[] = [];
  for (const [rel, bytes] of bundle) {
    const kind = rel.startsWith('commands/') && rel.endsWith('.md') ? 'command' : rel.startsWith('agents/') && rel.endsWith('.md') ? 'agent' : /^skills\/[^/]+\/SKILL\.md$/.test(rel) ? 'skill' : undefined;
    if (!kind) continue;
    const parsed = parseMarkdown({ rel, abs: rel, text: bytes.toString('utf8') });
    if (!parsed.ok) continue;
    const fm = parsed.value.frontmatter.data;
    const body = parsed.value.body.trim();
    const fallbackName = kind === 'skill' ? rel.split('/')[1]! : rel.split('/').pop()!.replace(/\.md$/, '');
    const name = typeof fm.name === 'string' ? fm.name : fallbackName;
    const description = typeof fm.description === 'string' ? fm.description : (body.split('\n')[0] ?? '');
    const label = kind === 'agent' ? name : `${pluginName}:${name}`;
    const alwaysOnText = [label, description, typeof fm.when_to_use === 'string' ? fm.when_to_use : ''].filter(Boolean).join(' ');
    components.push({ kind, name: label, file: rel, alwaysOnText, alwaysOn: estimateTokens(alwaysOnText.length), onInvoke: estimateTokens(body.length), bodyLines: body.split('\n').length });
  }
  const listingChars = components.reduce((n, c) => n + c.alwaysOnText.length, 0);
  const refsDir = `${config.referencesDir.replace(/\/$/, '')}/`;
  const references = [...bundle].filter(([rel]) => rel.startsWith(refsDir) && rel.endsWith('.md')).map(([file, bytes]) => ({ file, tokens: estimateTokens(bytes.toString('utf8').length) }));
  const attachments = [...bundle]
    .filter(([rel]) => /^skills\/[^/]+\/.+\.md$/.test(rel) && !rel.endsWith('/SKILL.md') && !rel.startsWith(refsDir))
    .map(([file, bytes]) => ({ file, tokens: estimateTokens(bytes.toString('utf8').length) }));
  return { components, alwaysOnTotal: estimateTokens(listingChars), references, attachments };
}

export function checkBudgets(report: CostReport, config: BuildConfig): Diagnostic[] {
  const { budgets } = config;
  const out: Diagnostic[] = [];
  if (report.alwaysOnTotal > budgets.alwaysOnTokens) {
    const worst = [...report.components].sort((a, b) => b.alwaysOn - a.alwaysOn)[0];
    out.push(diag('budget-always-on', { file: worst?.file ?? 'proagent.config.json' }, `always-on total is ~${report.alwaysOnTotal} tokens; the budget is ${budgets.alwaysOnTokens}${worst ? ` (largest: ${worst.name}, ~${worst.alwaysOn})` : ''}`, 'shorten descriptions; move detail into bodies'));
  }
  for (const c of report.components) {
    if (c.onInvoke > budgets.bodyTokens) out.push(diag('budget-body', { file: c.file }, `${c.name} body is ~${c.onInvoke} tokens; the budget is ${budgets.bodyTokens}`, 'move detail into a reference file read on demand'));
  }
  for (const a of report.attachments) {
    if (a.tokens > budgets.bodyTokens) out.push(diag('budget-body', { file: a.file }, `${a.file} is ~${a.tokens} tokens when attached; the budget is ${budgets.bodyTokens}`, 'move detail into a reference file read on demand'));
  }
  for (const r of report.references) {
    if (r.tokens > budgets.referenceTokens) out.push(diag('budget-reference', { file: r.file }, `${r.file} is ~${r.tokens} tokens; the budget is ${budgets.referenceTokens}`, 'split it or tighten it'));
  }
  return out;
}
