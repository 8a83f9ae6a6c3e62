/**
 * A small RDF graph (triples of IRIs, blank nodes and literals) and its three serialisations that data portals
 * harvest: JSON-LD, Turtle and RDF/XML. The catalogue is built once as triples, so the three formats cannot say
 * different things.
 */

export const namespaces = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dcat: 'http://www.w3.org/ns/dcat#',
  dct: 'http://purl.org/dc/terms/',
  foaf: 'http://xmlns.com/foaf/0.1/',
  vcard: 'http://www.w3.org/2006/vcard/ns#',
  adms: 'http://www.w3.org/ns/adms#',
  owl: 'http://www.w3.org/2002/07/owl#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;
type Prefix = keyof typeof namespaces;
/** A property or class written as a prefixed name, such as `dct:title`. */
export type Curie = `${Prefix}:${string}`;

export type Node = { iri: string } | { blank: string };
export type Literal = { value: string; language?: 'sv' | 'en'; datatype?: string };
export type Term = Node | Literal;
export interface Triple {
  subject: Node;
  predicate: Curie;
  object: Term;
}

export const iri = (value: string): Node => ({ iri: value });
export const text = (value: string, language: 'sv' | 'en'): Literal => ({ value, language });
export const typed = (value: string, datatype: 'date' | 'dateTime'): Literal => ({
  value,
  datatype: `${namespaces.xsd}${datatype}`,
});
export const plain = (value: string): Literal => ({ value });

/** Expands a prefixed name to its IRI. */
export function expand(curie: Curie): string {
  const [prefix, local] = curie.split(':') as [Prefix, string];
  return `${namespaces[prefix]}${local}`;
}

/** Collects triples, one subject at a time. */
export class Graph {
  readonly triples: Triple[] = [];

  /** Adds the subject's type and properties; an array value adds one triple per element, undefined adds none. */
  add(subject: Node, type: Curie | Curie[], properties: Partial<Record<Curie, Term | Term[] | undefined>>): void {
    for (const kind of Array.isArray(type) ? type : [type])
      this.triples.push({ subject, predicate: 'rdf:type', object: iri(expand(kind)) });
    for (const [predicate, value] of Object.entries(properties) as [Curie, Term | Term[] | undefined][]) {
      if (value === undefined) continue;
      for (const object of Array.isArray(value) ? value : [value]) this.triples.push({ subject, predicate, object });
    }
  }

  /** The subjects in the order they were first described, each with its triples. */
  subjects(): { subject: Node; triples: Triple[] }[] {
    const bySubject = new Map<string, { subject: Node; triples: Triple[] }>();
    for (const triple of this.triples) {
      const key = nodeKey(triple.subject);
      const entry = bySubject.get(key) ?? { subject: triple.subject, triples: [] };
      entry.triples.push(triple);
      bySubject.set(key, entry);
    }
    return [...bySubject.values()];
  }
}

function nodeKey(node: Node): string {
  return 'iri' in node ? node.iri : `_:${node.blank}`;
}

// Turtle -------------------------------------------------------------------------------------------------------

function turtleString(value: string): string {
  return `"${value.replace(/[\\"\n\r\t]/g, (character) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[character] ?? character)}"`;
}

function turtleIri(value: string): string {
  // IRIs come from configuration and labels; characters Turtle forbids inside <> are percent-encoded.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must be encoded
  return `<${value.replace(/[\u0000-\u0020<>"{}|^`\\]/g, (character) => encodeURIComponent(character))}>`;
}

function turtleTerm(term: Term): string {
  if ('iri' in term) return turtleIri(term.iri);
  if ('blank' in term) return `_:${term.blank}`;
  if (term.language) return `${turtleString(term.value)}@${term.language}`;
  if (term.datatype) return `${turtleString(term.value)}^^${turtleIri(term.datatype)}`;
  return turtleString(term.value);
}

/** Writes the graph as Turtle with the usual prefixes. */
export function writeTurtle(graph: Graph): string {
  const lines = Object.entries(namespaces).map(([prefix, uri]) => `@prefix ${prefix}: <${uri}> .`);
  for (const { subject, triples } of graph.subjects()) {
    lines.push('', turtleTerm(subject));
    triples.forEach((triple, index) => {
      const end = index === triples.length - 1 ? ' .' : ' ;';
      lines.push(`  ${triple.predicate === 'rdf:type' ? 'a' : triple.predicate} ${turtleTerm(triple.object)}${end}`);
    });
  }
  return `${lines.join('\n')}\n`;
}

// RDF/XML ------------------------------------------------------------------------------------------------------

function xmlEscape(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[character] ?? character,
  );
}

/** Writes the graph as RDF/XML, one rdf:Description per subject. */
export function writeRdfXml(graph: Graph): string {
  const declarations = Object.entries(namespaces)
    .map(([prefix, uri]) => `\n    xmlns:${prefix}="${uri}"`)
    .join('');
  const lines = ['<?xml version="1.0" encoding="utf-8"?>', `<rdf:RDF${declarations}>`];
  for (const { subject, triples } of graph.subjects()) {
    const about = 'iri' in subject ? `rdf:about="${xmlEscape(subject.iri)}"` : `rdf:nodeID="${subject.blank}"`;
    lines.push(`  <rdf:Description ${about}>`);
    for (const { predicate, object } of triples) {
      if ('iri' in object) lines.push(`    <${predicate} rdf:resource="${xmlEscape(object.iri)}"/>`);
      else if ('blank' in object) lines.push(`    <${predicate} rdf:nodeID="${object.blank}"/>`);
      else {
        const attribute = object.language
          ? ` xml:lang="${object.language}"`
          : object.datatype
            ? ` rdf:datatype="${xmlEscape(object.datatype)}"`
            : '';
        lines.push(`    <${predicate}${attribute}>${xmlEscape(object.value)}</${predicate}>`);
      }
    }
    lines.push('  </rdf:Description>');
  }
  lines.push('</rdf:RDF>');
  return `${lines.join('\n')}\n`;
}

// JSON-LD ------------------------------------------------------------------------------------------------------

type JsonLdValue = { '@id': string } | { '@value': string; '@language'?: string; '@type'?: string };

function jsonLdTerm(term: Term): JsonLdValue {
  if ('iri' in term) return { '@id': term.iri };
  if ('blank' in term) return { '@id': `_:${term.blank}` };
  if (term.language) return { '@value': term.value, '@language': term.language };
  if (term.datatype) return { '@value': term.value, '@type': term.datatype };
  return { '@value': term.value };
}

/** Writes the graph as JSON-LD: the prefixes as context and one node object per subject in @graph. */
export function buildJsonLd(graph: Graph): { '@context': Record<string, string>; '@graph': object[] } {
  const nodes = graph.subjects().map(({ subject, triples }) => {
    const node: Record<string, unknown> = { '@id': nodeKey(subject) };
    const types = triples.filter((triple) => triple.predicate === 'rdf:type').map((triple) => triple.object);
    if (types.length > 0) node['@type'] = types.map((type) => ('iri' in type ? type.iri : ''));
    for (const { predicate, object } of triples) {
      if (predicate === 'rdf:type') continue;
      const values = (node[predicate] as JsonLdValue[] | undefined) ?? [];
      values.push(jsonLdTerm(object));
      node[predicate] = values;
    }
    return node;
  });
  return { '@context': { ...namespaces }, '@graph': nodes };
}
