import type { ColumnDef, Constraint, Node, RangeVar, TypeName } from 'libpg-query';

/** Small readers over libpg-query's JSON AST (every field is optional there). */

export function stringsOf(nodes: Node[] | undefined): string[] {
  const out: string[] = [];
  for (const node of nodes ?? []) if ('String' in node && node.String.sval !== undefined) out.push(node.String.sval);
  return out;
}

/** The type's own name, lowercased, without the pg_catalog qualifier: `double precision` -> `float8`. */
export function typeNameOf(type: TypeName | undefined): string {
  return (stringsOf(type?.names).at(-1) ?? '').toLowerCase();
}

/** Integer type modifiers: varchar(20) -> [20], numeric(10,2) -> [10, 2]; undefined when a modifier is not a plain integer. */
export function typmodsOf(type: TypeName | undefined): number[] | undefined {
  const mods: number[] = [];
  for (const node of type?.typmods ?? []) {
    if (!('A_Const' in node) || node.A_Const.ival === undefined) return undefined;
    // libpg-query omits zero-valued fields: `ival: {}` is 0.
    mods.push(node.A_Const.ival.ival ?? 0);
  }
  return mods;
}

export function constraintsOf(column: ColumnDef): Constraint[] {
  const out: Constraint[] = [];
  for (const node of column.constraints ?? []) if ('Constraint' in node) out.push(node.Constraint);
  return out;
}

export interface TableRef {
  schema?: string;
  name: string;
}

export function tableRef(relation: RangeVar | undefined): TableRef | undefined {
  if (!relation?.relname) return undefined;
  return relation.schemaname ? { schema: relation.schemaname, name: relation.relname } : { name: relation.relname };
}

/** `app.users` or `users`, as given in createdTables. */
export function parseTableName(name: string): TableRef {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? { name } : { schema: name.slice(0, dot), name: name.slice(dot + 1) };
}

/** Same table when the names match and the schemas do not contradict each other (an unqualified name may be either). */
export function sameTable(a: TableRef, b: TableRef): boolean {
  if (a.name.toLowerCase() !== b.name.toLowerCase()) return false;
  return a.schema === undefined || b.schema === undefined || a.schema.toLowerCase() === b.schema.toLowerCase();
}

export function displayTable(table: TableRef): string {
  return table.schema ? `${table.schema}.${table.name}` : table.name;
}

/** Every function name called anywhere inside an expression tree. */
export function calledFunctions(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) calledFunctions(item, out);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'FuncCall' && value !== null && typeof value === 'object' && 'funcname' in value) {
        const name = stringsOf((value as { funcname?: Node[] }).funcname).at(-1);
        if (name) out.push(name.toLowerCase());
      }
      calledFunctions(value, out);
    }
  }
  return out;
}

/** Whether an expression is the NULL literal (DEFAULT NULL is no default at all). */
export function isNullConstant(node: Node | undefined): boolean {
  return node !== undefined && 'A_Const' in node && node.A_Const.isnull === true;
}

/** Tables matched like sameTable, in constant time: migrations with thousands of statements stay linear. */
export class TableSet {
  private readonly schemasByName = new Map<string, Set<string>>();

  add(table: TableRef): void {
    const name = table.name.toLowerCase();
    let schemas = this.schemasByName.get(name);
    if (!schemas) this.schemasByName.set(name, (schemas = new Set()));
    schemas.add(table.schema?.toLowerCase() ?? '');
  }

  has(table: TableRef): boolean {
    const schemas = this.schemasByName.get(table.name.toLowerCase());
    if (!schemas) return false;
    return table.schema === undefined || schemas.has('') || schemas.has(table.schema.toLowerCase());
  }
}
