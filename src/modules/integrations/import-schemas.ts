/** TypeBox schemas of the import and export routes: validation at the edge, and the OpenAPI document. */
import { Type } from 'typebox';

const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const IdParams = Type.Object({ id: Id });

const TARGETS = 'tickets: description, title, type, priority, customerId, deviceId, deviceSerial, externalId, status (cancelled), fields.<name>; '
  + 'devices: serial, model, customer (name), customerId, site, address, lat, lng, installedAt, qrCode; '
  + 'customers: name, tier, contactName, phone, email, address, orgUnit (name), orgUnitId; '
  + 'users: email, name, roles, phone, orgUnit (name), orgUnitId, locale, skills, skills.<key>';

const Rule = Type.Object({
  to: Type.String({ minLength: 1, maxLength: 80, description: TARGETS }),
  from: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: "A column: $['故障描述'] or $.title; $['#row'] is the row number" })),
  value: Type.Optional(Type.Unknown()),
  transforms: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 20, description: 'As connectors: trim, upper, lower, number, integer, boolean, string, regex, map, default, split' })),
  required: Type.Optional(Type.Boolean()),
});
export const Mapping = Type.Array(Rule, { minItems: 1, maxItems: 200 });

const OnExisting = Type.Union([Type.Literal('error'), Type.Literal('skip'), Type.Literal('update')], {
  description: 'A row whose device serial, customer name or email exists already: an error (the default), left out, or the record updated from it',
});

export const CreateTemplateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 100 }),
  entity: Type.String({ description: 'tickets, devices, customers or users', maxLength: 40 }),
  mapping: Mapping,
  onExisting: Type.Optional(OnExisting),
}, { additionalProperties: false });

export const UpdateTemplateBody = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  mapping: Type.Optional(Mapping),
  onExisting: Type.Optional(OnExisting),
}, { additionalProperties: false });

export const Template = Type.Object({
  id: Id, name: Type.String(), entity: Type.String(), mapping: Type.Array(Type.Unknown()), onExisting: OnExisting, version: Type.Integer(),
  createdAt: Type.String(), updatedAt: Type.String(),
});

const Problem = Type.Object({ row: Type.Integer(), column: Nullable(Type.String()), field: Nullable(Type.String()), message: Type.String() });

export const ImportRun = Type.Object({
  id: Id, entity: Type.String(), fileName: Type.String(), templateId: Nullable(Id),
  status: Type.Union([Type.Literal('queued'), Type.Literal('running'), Type.Literal('done')]), onExisting: OnExisting,
  batchSize: Type.Integer(), total: Type.Integer(),
  done: Type.Integer({ description: 'Rows written: records created, or updated' }), updated: Type.Integer({ description: 'Of done, the records updated' }),
  skipped: Type.Integer({ description: 'Rows whose record existed, left alone' }), failed: Type.Integer(),
  errors: Type.Array(Problem, { description: 'The first 1000 problems; done and failed count every row' }),
  createdBy: Id, createdAt: Type.String(), updatedAt: Type.String(), finishedAt: Nullable(Type.String()),
});

export const ImportAnswer = Type.Union([
  Type.Object({
    mode: Type.Literal('preview'), entity: Type.String(), format: Type.String(), headers: Type.Array(Type.String()), total: Type.Integer(),
    rows: Type.Array(Type.Object({
      row: Type.Integer(), values: Type.Record(Type.String(), Type.Unknown()), record: Nullable(Type.Record(Type.String(), Type.Unknown())), problems: Type.Array(Problem),
    })),
  }),
  Type.Object({
    mode: Type.Literal('dry_run'), entity: Type.String(), onExisting: OnExisting, format: Type.String(), headers: Type.Array(Type.String()),
    total: Type.Integer(), valid: Type.Integer(),
    planned: Type.Object({ create: Type.Integer(), update: Type.Integer(), skip: Type.Integer() }, { description: 'What the valid rows will do' }),
    badRows: Type.Array(Type.Integer()), errors: Type.Array(Problem),
  }),
  Type.Object({ mode: Type.Literal('import'), ...ImportRun.properties }),
]);
