import type { ComponentChildren } from 'preact';
import { Layout } from './layout.tsx';
import type { PageContext } from './page-context.ts';

/** A page with a heading, a message and optional extra content, for confirmations and errors. */
export function MessagePage({
  context,
  title,
  message,
  children,
}: {
  context: PageContext;
  title: string;
  message: string;
  children?: ComponentChildren;
}) {
  return (
    <Layout context={context} title={title}>
      <h1>{title}</h1>
      <p>{message}</p>
      {children}
    </Layout>
  );
}
