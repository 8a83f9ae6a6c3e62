import { type Static, Type } from 'typebox';

export const OrganisationSchema = Type.Object(
  {
    code: Type.String({ description: '4-digit kommunkod or 2-digit länskod (SCB)' }),
    name: Type.String(),
    type: Type.Union([Type.Literal('kommun'), Type.Literal('region')]),
    countyCode: Type.String({ description: '2-digit länskod' }),
    countyName: Type.String(),
    municipalityGroup: Type.Union([Type.String(), Type.Null()], {
      description: 'SKR kommungrupp 2023 (A1-C9); null for regions',
    }),
    mainGroup: Type.Union([Type.String(), Type.Null()], { description: 'SKR main group (A, B, C); null for regions' }),
    isActive: Type.Boolean(),
    replacedBy: Type.Union([Type.String(), Type.Null()], {
      description: 'the organisation a merged one became part of',
    }),
  },
  { $id: 'Organisation' },
);

export const OrganisationQuerySchema = Type.Object(
  {
    type: Type.Optional(Type.Union([Type.Literal('kommun'), Type.Literal('region')])),
    group: Type.Optional(Type.String({ pattern: '^[ABC][1-9]$' })),
    mainGroup: Type.Optional(Type.String({ pattern: '^[ABC]$' })),
    county: Type.Optional(Type.String({ pattern: '^[0-9]{2}$' })),
    q: Type.Optional(Type.String({ maxLength: 100 })),
    includeInactive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type OrganisationQuery = Static<typeof OrganisationQuerySchema>;

export const MunicipalityGroupSchema = Type.Object({
  code: Type.String(),
  mainGroupCode: Type.String(),
  mainGroupName: Type.String(),
  name: Type.String(),
  definition: Type.String(),
});
