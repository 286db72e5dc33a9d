import type { Node } from 'web-tree-sitter';
import type { CodeRuleId } from './rules.ts';
import type { SourceFile } from './syntax.ts';

/** A position found without a syntax node (a token matched in the text). */
export interface LinePoint {
  line: number;
  column?: number;
}

/** What a check reports before line filtering: the places where it may be shown, most precise first. */
export interface Candidate {
  rule: CodeRuleId;
  at: (Node | LinePoint)[];
  message: string;
  fix: string;
}

export type Check = (source: SourceFile) => Candidate[];
