/**
 * What a migration tool does with a file, read from its annotations and name:
 * goose (`-- +goose Up/Down`, each direction wrapped in a transaction unless `-- +goose NO TRANSACTION`),
 * dbmate (`-- migrate:up/down`, wrapped unless `transaction:false` on the section line),
 * golang-migrate/sqlx style `NAME.up.sql` + `NAME.down.sql` (not wrapped: the caller says so with assumeInTransaction).
 */
export type MigrationTool = 'goose' | 'dbmate' | 'up-down-files' | 'plain';

export interface MigrationSection {
  direction: 'up' | 'down';
  /** JS index where the section's annotation line starts (0 for a whole file). */
  start: number;
  line: number;
  /** The tool runs this section inside one transaction. */
  wrapped: boolean;
}

export interface MigrationFile {
  tool: MigrationTool;
  sections: MigrationSection[];
  /** A down step exists: a down section, a `.down.sql` sibling, or the file is itself the down file; undefined when unknown. */
  hasDown: boolean | undefined;
}

// goose annotations are case-insensitive and must start the line (https://pressly.github.io/goose/documentation/annotations).
const GOOSE = /^--\s*\+goose\s+(up|down|no\s+transaction)\b.*$/gim;
const DBMATE = /^--\s*migrate:(up|down)\b(.*)$/gim;

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function baseName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

export function describeMigrationFile(text: string, file: string, siblings: readonly string[] | undefined, assumeInTransaction: boolean): MigrationFile {
  const goose = [...text.matchAll(GOOSE)];
  if (goose.some((m) => m[1]?.toLowerCase() === 'up')) {
    const wrapped = !goose.some((m) => /^no/i.test(m[1] ?? ''));
    const sections = goose
      .filter((m) => /^(up|down)$/i.test(m[1] ?? ''))
      .map((m): MigrationSection => ({ direction: m[1]?.toLowerCase() === 'down' ? 'down' : 'up', start: m.index, line: lineAt(text, m.index), wrapped }));
    return { tool: 'goose', sections, hasDown: sections.some((s) => s.direction === 'down') };
  }
  const dbmate = [...text.matchAll(DBMATE)];
  if (dbmate.some((m) => m[1]?.toLowerCase() === 'up')) {
    const sections = dbmate.map(
      (m): MigrationSection => ({
        direction: m[1]?.toLowerCase() === 'down' ? 'down' : 'up',
        start: m.index,
        line: lineAt(text, m.index),
        wrapped: !/\btransaction:\s*false\b/i.test(m[2] ?? ''),
      }),
    );
    return { tool: 'dbmate', sections, hasDown: sections.some((s) => s.direction === 'down') };
  }
  const name = baseName(file);
  const upDown = /^(.*)\.(up|down)\.sql$/i.exec(name);
  if (upDown) {
    const direction = upDown[2]?.toLowerCase() === 'down' ? 'down' : 'up';
    const downName = `${upDown[1] ?? ''}.down.sql`.toLowerCase();
    const hasDown = direction === 'down' ? true : siblings === undefined ? undefined : siblings.some((s) => baseName(s).toLowerCase() === downName);
    return { tool: 'up-down-files', sections: [{ direction, start: 0, line: 1, wrapped: assumeInTransaction }], hasDown };
  }
  return { tool: 'plain', sections: [{ direction: 'up', start: 0, line: 1, wrapped: assumeInTransaction }], hasDown: undefined };
}

/** The section a statement starting at `index` belongs to (statements before the first annotation count as the first section). */
export function sectionAt(file: MigrationFile, index: number): MigrationSection | undefined {
  let current = file.sections[0];
  for (const section of file.sections) if (section.start <= index) current = section;
  return current;
}
