import { type SerializerFactory, SerializerSelector } from '@fastify/fast-json-stringify-compiler';

/**
 * Fastify's own response serializers (fast-json-stringify), each compiled when its route first answers instead of
 * all at start-up: compiling the serializers of every route with a response schema was about a sixth of the
 * server's start-up (issue 19's "healthy within 1 s"), and most routes of a server are never called in a day.
 * The serializer is the same; only when it is built differs.
 */
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
