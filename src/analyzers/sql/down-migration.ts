import type { LintContext } from './context.ts';

/** missing-down-migration: only when the migration style is known (goose, dbmate, or `.up.sql` with its siblings given). */
export function checkDownMigration(ctx: LintContext): void {
  const { migration } = ctx;
  if (migration.hasDown !== false) return;
  const up = migration.sections.find((s) => s.direction === 'up');
  const at = up?.start ?? 0;
  if (migration.tool === 'goose') {
    ctx.report('missing-down-migration', at, 'This goose migration has no -- +goose Down section, so goose down cannot revert it.', 'Add -- +goose Down followed by statements that undo the Up section.');
  } else if (migration.tool === 'dbmate') {
    ctx.report('missing-down-migration', at, 'This dbmate migration has no -- migrate:down section, so dbmate rollback cannot revert it.', 'Add -- migrate:down followed by statements that undo the up section.');
  } else {
    const down = ctx.file.replace(/\.up\.sql$/i, '.down.sql');
    ctx.report('missing-down-migration', at, `No ${down.slice(Math.max(down.lastIndexOf('/'), down.lastIndexOf('\\')) + 1)} next to this up migration, so the tool cannot roll it back.`, 'Add the matching .down.sql that undoes this file.');
  }
}
