import { type SerializerFactory, SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

/*
 * Fastify compiles a validator for every part of every route's schema and a serializer for every response schema
 * when the server starts. Most routes of a server are never called in a day, and compiling them all was about a
 * sixth (serializers) and a fifteenth (validators) of the start-up (issue 19's "healthy within 1 s"). Here each is
 * compiled when its route first needs it; what it checks or writes is the same, only when it is built differs.
 */

/** Fastify's own response serializers (fast-json-stringify), each compiled when its route first answers. */
export function lazySerializers(): SerializerFactory {
  const buildDefault = SerializerSelector();
  return (externalSchemas, options) => {
    const compile = buildDefault(externalSchemas, options);
    return (route) => {
      let serialize: ((document: unknown) => string) | undefined;
      return (document) => {
        serialize ??= compile(route);
        return serialize(document);
      };
    };
  };
}

/** TypeBox's validators of the request's parts, each compiled when its route first receives a request. */
export const lazyTypeBoxValidators: FastifySchemaCompiler<TSchema> = (route) => {
  let validate: ReturnType<typeof TypeBoxValidatorCompiler> | undefined;
  return (data) => {
    validate ??= compileValidator(route);
    return validate(data);
  };
};

/**
 * TypeBox's validator, except that the URL's parts whose schema holds only texts are checked as they come: the
 * provider converts every URL part with `Value.Convert` first, which walks the schema dynamically (about 2 % of an
 * autosave's CPU) and changes nothing in a part that is text already, as URL parameters always are.
 */
function compileValidator(route: Parameters<typeof TypeBoxValidatorCompiler>[0]) {
  const validate = TypeBoxValidatorCompiler(route);
  if (route.httpPart === 'body' || !hasOnlyTexts(route.schema)) return validate;
  const check = Compile(route.schema);
  return (data: unknown) => (check.Check(data) ? { value: data } : validate(data));
}

/** Whether a schema is an object whose every property is a plain text (no number, boolean, union or default). */
function hasOnlyTexts(schema: TSchema): boolean {
  const { type, properties } = schema as { type?: unknown; properties?: Record<string, TSchema> };
  if (type !== 'object' || properties === undefined) return false;
  return Object.values(properties).every((property) => {
    const { type: propertyType, ...rest } = property as Record<string, unknown>;
    return propertyType === 'string' && !('default' in rest) && !('anyOf' in rest);
  });
}
