import type { ComponentChildren } from 'preact';
import { Layout } from '../web/layout.tsx';
import type { PageContext } from '../web/page-context.ts';
import { ScrollBox } from '../web/scroll-box.tsx';
import { toSvgDataUrl } from './report-charts.ts';
import type { ReportBlock, ReportDocument } from './report-document.ts';

function Block({ block }: { block: ReportBlock }) {
  switch (block.kind) {
    case 'heading':
      return block.level === 2 ? <h2 id={block.id}>{block.text}</h2> : <h3 id={block.id}>{block.text}</h3>;
    case 'paragraph':
      return <p class={block.isNote ? 'muted' : undefined}>{block.text}</p>;
    case 'list':
      return (
        <ul id={block.id}>
          {block.items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      );
    case 'chart':
      // An image with its values as text: the CSP forbids the inline styles of an inline SVG, and the alt text
      // gives screen readers the same numbers (the table beside it has them too).
      return (
        <figure class="report-chart">
          <figcaption>{block.caption}</figcaption>
          <img src={toSvgDataUrl(block.svg)} alt={block.alt} width={640} height={block.height} />
        </figure>
      );
    case 'table':
      return (
        <ScrollBox label={block.caption}>
          <table>
            <caption>{block.caption}</caption>
            <thead>
              <tr>
                {block.header.map((text) => (
                  <th key={text} scope="col">
                    {text}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {block.rows.map((row) => (
                <tr key={row.join('|')}>
                  {row.map((text, index) =>
                    index === 0 ? (
                      <th key="head" scope="row">
                        {text}
                      </th>
                    ) : (
                      <td key={String(index)} class={index >= block.numericFrom ? 'numeric' : undefined}>
                        {text}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      );
  }
}

/** A report document as a web page: title, table of contents, the blocks, and links given by the caller. */
export function ReportPage({
  context,
  document,
  before,
  contentsLabel,
}: {
  context: PageContext;
  document: ReportDocument;
  before?: ComponentChildren;
  contentsLabel: string;
}) {
  const sections = document.blocks.filter(
    (block): block is Extract<ReportBlock, { kind: 'heading' }> => block.kind === 'heading' && block.level === 2,
  );
  return (
    <Layout context={context} title={document.title}>
      <article class="report" lang={document.language}>
        <h1>{document.title}</h1>
        <p class="lead">{document.subtitle}</p>
        {document.titleLines.map((line) => (
          <p key={line}>{line}</p>
        ))}
        {before}
        <nav aria-labelledby="report-contents">
          <h2 id="report-contents">{contentsLabel}</h2>
          <ol>
            {sections.map((heading) => (
              <li key={heading.id}>
                <a href={`#${heading.id}`}>{heading.text}</a>
              </li>
            ))}
          </ol>
        </nav>
        {document.blocks.map((block, index) => (
          <Block key={String(index)} block={block} />
        ))}
        <p class="muted">{document.footer}</p>
      </article>
    </Layout>
  );
}
