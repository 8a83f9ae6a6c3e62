import { type SerializerFactory, SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import { TypeBoxValidatorCompiler } from '@fastify/type-provider-typebox';
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';

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
    validate ??= TypeBoxValidatorCompiler(route);
    return validate(data);
  };
};
