import type { Node } from 'web-tree-sitter';
import { sqlArgument, sqlSinkKind } from './sql.ts';
import { lastSegment, pathOf, unwrap, type Call, type SourceFile } from './syntax.ts';

/** Calls that go to the database: SQL sinks and the read methods of the common ORMs (Prisma, TypeORM, Sequelize, Mongoose, Django, SQLAlchemy, gorm). */

const DB_RECEIVER = /(^|\.)(db|DB|Db|database|conn|connection|pool|cursor|cur|session|tx|trx|knex|prisma|repo|repository|\w+Repository|\w+Repo|model|collection|objects|em|entityManager|orm|sql|pg|mysql|sqlite|mongo|dao)(\(\))?(\.|$|\[\])/;
const JS_ORM_READS = /^(findOne|findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findById|findByPk|findAll|findMany|find|findOneBy|findBy|findOneOrFail|findAndCountAll|count|countDocuments|aggregate|getOne|getMany|getRawOne|getRawMany)$/;
const GO_ORM_READS = /^(First|Find|Take|Last|Scan|Pluck|Count)$/;
const PY_SESSION_READS = /^(query|get|execute|scalar|scalars|scalar_one|first|all|one|filter|filter_by)$/;

export function isDatabaseCall(source: SourceFile, call: Call): boolean {
  const kind = sqlSinkKind(call);
  if (kind === 'raw' || (kind === 'query' && (sqlArgument(source, call) !== undefined || DB_RECEIVER.test(pathOf(call.receiver))))) return true;
  const receiver = pathOf(call.receiver);
  switch (source.family) {
    case 'js': {
      if (!JS_ORM_READS.test(call.name)) return false;
      const first = call.args[0] ? unwrap(call.args[0]) : undefined;
      if (first && source.isFunction(first)) return false;
      return DB_RECEIVER.test(receiver) || /^[A-Z]\w*$/.test(lastSegment(receiver));
    }
    case 'python':
      return /\.objects(\.|\(\)|$)/.test(`${receiver}.`) || ((/(^|\.)(session|db\.session)$/.test(receiver) || /\.query$/.test(receiver)) && PY_SESSION_READS.test(call.name));
    case 'go':
      return GO_ORM_READS.test(call.name) && DB_RECEIVER.test(receiver);
  }
}

/** The outermost expression of a method chain the call belongs to: `Model.find({}).sort(...).limit(20)`. */
export function chainTop(node: Node): Node {
  let top = node;
  for (let p = node.parent; p; p = p.parent) {
    if (['member_expression', 'call_expression', 'call', 'attribute', 'selector_expression', 'await_expression', 'subscript', 'non_null_expression'].includes(p.type)) top = p;
    else break;
  }
  return top;
}
