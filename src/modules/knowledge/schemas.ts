/** TypeBox schemas of the knowledge routes: validation at the edge, and the OpenAPI document. */
import { Type } from 'typebox';
import { ARTICLE_STATUSES } from './store.ts';

export const Id = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const Title = Type.String({ minLength: 1, maxLength: 200 });
const Problem = Type.String({ minLength: 1, maxLength: 20000, description: 'The fault as it showed (现象)' });
const Cause = Type.String({ maxLength: 10000, description: 'Why it happened (原因)' });
const Steps = Type.String({ minLength: 1, maxLength: 20000, description: 'What fixed it (处理步骤)' });
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), { maxItems: 20 });
const TicketTypeKey = Type.String({ maxLength: 41, description: 'The ticket type the article is about' });
/** Authors choose between these; `archived` is what DELETE does. */
const WritableStatus = Type.Enum(['draft', 'published'], { description: 'draft: staff only; published: everyone, and in suggestions' });

export const ArticleParams = Type.Object({ id: Id });
export const EvidenceParams = Type.Object({ id: Id, attachmentId: Id });
export const TicketParams = Type.Object({ id: Id });

export const Article = Type.Object({
  id: Id,
  title: Type.String(),
  problem: Type.String(),
  cause: Nullable(Type.String()),
  steps: Type.String(),
  tags: Type.Array(Type.String()),
  ticketType: Nullable(Type.String()),
  status: Type.Enum([...ARTICLE_STATUSES]),
  /** Staff only: requesters get null (the ticket is someone else's). */
  sourceTicketId: Nullable(Id),
  evidence: Type.Array(Type.Object({ attachmentId: Id, url: Type.String() }), { description: 'Photos of the verified repair' }),
  createdBy: Nullable(Id),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  version: Type.Integer(),
  score: Type.Optional(Type.Number({ description: 'With a query: the share of its terms found, 0 to 1 (title matches weigh more)' })),
});

export const ArticleList = Type.Object({ items: Type.Array(Article), nextCursor: Nullable(Type.String()) });
export const Suggestions = Type.Object({ items: Type.Array(Article) });

export const ListQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'Words or a phrase, Chinese or English; ranks by relevance' })),
  type: Type.Optional(TicketTypeKey),
  status: Type.Optional(Type.Enum([...ARTICLE_STATUSES], { description: 'Staff only; requesters see published articles' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  cursor: Type.Optional(Type.String({ maxLength: 100, description: 'nextCursor of the previous page (without q)' })),
});

export const CreateArticleBody = Type.Object({
  title: Title,
  problem: Problem,
  cause: Type.Optional(Cause),
  steps: Steps,
  tags: Type.Optional(Tags),
  ticketType: Type.Optional(TicketTypeKey),
  status: Type.Optional(WritableStatus),
}, { additionalProperties: false });

export const UpdateArticleBody = Type.Object({
  version: Type.Integer({ minimum: 1, description: 'The version you loaded: a stale edit is refused with 409' }),
  title: Type.Optional(Title),
  problem: Type.Optional(Problem),
  cause: Type.Optional(Nullable(Cause)),
  steps: Type.Optional(Steps),
  tags: Type.Optional(Tags),
  ticketType: Type.Optional(Nullable(TicketTypeKey)),
  status: Type.Optional(WritableStatus),
}, { additionalProperties: false });

export const FromTicketBody = Type.Object({
  title: Type.Optional(Title),
  cause: Type.Optional(Cause),
  steps: Type.Optional(Steps),
  tags: Type.Optional(Tags),
}, { additionalProperties: false });

export const SuggestBody = Type.Object({
  description: Type.String({ minLength: 1, maxLength: 20000, description: 'The report being written' }),
  type: Type.Optional(TicketTypeKey),
}, { additionalProperties: false });
