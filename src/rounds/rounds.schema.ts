import { Type } from 'typebox';
import { deliveryFilters } from './delivery.ts';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const deliveryFilterSchema = Type.Union(deliveryFilters.map((filter) => Type.Literal(filter)));
const Status = Type.Union([Type.Literal('draft'), Type.Literal('open'), Type.Literal('closed')]);

export const RoundSchema = Type.Object(
  {
    id: Type.String(),
    label: Type.String(),
    status: Status,
    source: Type.Union([Type.Literal('fieldwork'), Type.Literal('import')]),
    versions: Type.Object({ kommun: Nullable(Type.String()), region: Nullable(Type.String()) }),
    opensAt: Nullable(Type.String({ description: 'ISO 8601 UTC' })),
    closesAt: Nullable(Type.String({ description: 'ISO 8601 UTC' })),
    reminderDays: Type.Array(Type.Integer()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Round' },
);

export const RoundOrganisationSchema = Type.Object({
  organisationCode: Type.String(),
  name: Type.String(),
  type: Type.Union([Type.Literal('kommun'), Type.Literal('region')]),
  contactName: Nullable(Type.String()),
  contactEmail: Nullable(Type.String()),
  contactLanguage: Type.Union([Type.Literal('sv'), Type.Literal('en')], { description: 'language of the mail' }),
  invitedAt: Nullable(Type.String()),
  reopenedUntil: Nullable(Type.String()),
});

export const RoundParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-f-]{36}$' }) });
export const RoundOrganisationParams = Type.Object({
  id: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
  code: Type.String({ pattern: '^[0-9]{2}([0-9]{2})?$' }),
});

export const MailTallySchema = Type.Object({
  queued: Type.Integer({ description: 'mails queued; the outbox sends them within a minute' }),
  skipped: Type.Integer({ description: 'already invited or reminded' }),
});

const Counts = Type.Object({ not_started: Type.Integer(), in_progress: Type.Integer(), submitted: Type.Integer() });
const TallySchema = Type.Object({
  key: Type.String(),
  label: Type.String(),
  total: Type.Integer(),
  counts: Counts,
  percentages: Type.Object({ not_started: Type.Number(), in_progress: Type.Number(), submitted: Type.Number() }),
});
export const FollowUpSchema = Type.Object({
  total: TallySchema,
  byType: Type.Array(TallySchema),
  byGroup: Type.Array(TallySchema),
  byCounty: Type.Array(TallySchema),
});

export const FollowUpQuerySchema = Type.Object(
  {
    type: Type.Optional(Type.Union([Type.Literal('kommun'), Type.Literal('region')])),
    group: Type.Optional(Type.String({ pattern: '^[ABC][1-9]$' })),
    /** The counts of a "remind all" just sent, shown as the page's notice. */
    reminded: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
    withoutContact: Type.Optional(Type.String({ pattern: '^[0-9]{1,6}$' })),
    county: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
    status: Type.Optional(
      Type.Union([
        Type.Literal('not_started'),
        Type.Literal('in_progress'),
        Type.Literal('submitted'),
        Type.Literal('not_submitted'),
      ]),
    ),
    mail: Type.Optional(deliveryFilterSchema),
    lang: Type.Optional(Type.String({ maxLength: 5 })),
  },
  { additionalProperties: false },
);
