/** TypeBox schemas of the import and export routes: validation at the edge, and the OpenAPI document. */
import { Type } from 'typebox';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const IdParams = Type.Object({ id: Id });

const Rule = Type.Object({
  to: Type.String({ minLength: 1, maxLength: 80, description: 'description, title, type, priority, customerId, deviceId, deviceSerial, externalId, status (cancelled) or fields.<name>' }),
  from: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: "A column: $['故障描述'] or $.title; $['#row'] is the row number" })),
  value: Type.Optional(Type.Unknown()),
  transforms: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 20, description: 'As connectors: trim, upper, lower, number, integer, boolean, string, regex, map, default, split' })),
  required: Type.Optional(Type.Boolean()),
});
export const Mapping = Type.Array(Rule, { minItems: 1, maxItems: 200 });

export const CreateTemplateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  entity: Type.String({ description: 'tickets', maxLength: 40 }),
  mapping: Mapping,
}, { additionalProperties: false });

export const UpdateTemplateBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  mapping: Type.Optional(Mapping),
}, { additionalProperties: false });

export const Template = Type.Object({
  id: Id, name: Type.String(), entity: Type.String(), mapping: Type.Array(Type.Unknown()), version: Type.Integer(),
  createdAt: Type.String(), updatedAt: Type.String(),
});

const Problem = Type.Object({ row: Type.Integer(), column: Nullable(Type.String()), field: Nullable(Type.String()), message: Type.String() });

export const ImportRun = Type.Object({
  id: Id, entity: Type.String(), fileName: Type.String(), templateId: Nullable(Id),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done')]),
  batchSize: Type.Integer(), total: Type.Integer(), done: Type.Integer(), failed: Type.Integer(),
  errors: Type.Array(Problem, { description: 'The first 1000 problems; done and failed count every row' }),
  createdBy: Id, createdAt: Type.String(), updatedAt: Type.String(), finishedAt: Nullable(Type.String()),
});

export const ImportAnswer = Type.Union([
  Type.Object({
    mode: Type.Literal('preview'), format: Type.String(), headers: Type.Array(Type.String()), total: Type.Integer(),
    rows: Type.Array(Type.Object({
      row: Type.Integer(), values: Type.Record(Type.String(), Type.Unknown()), record: Nullable(Type.Record(Type.String(), Type.Unknown())), problems: Type.Array(Problem),
    })),
  }),
  Type.Object({
    mode: Type.Literal('dry_run'), format: Type.String(), headers: Type.Array(Type.String()), total: Type.Integer(), valid: Type.Integer(),
    badRows: Type.Array(Type.Integer()), errors: Type.Array(Problem),
  }),
  Type.Object({ mode: Type.Literal('import'), ...ImportRun.properties }),
]);
