import type { ReactNode } from 'react';

export interface Definition {
  term: string;
  value: ReactNode;
}

/** Label/value pairs as a real <dl>, two columns on wide screens. */
export function DefinitionList({ items }: { items: Definition[] }) {
  return (
    <dl className="definition-list">
      {items.map((item) => (
        <div key={item.term} style={{ display: 'contents' }}>
          <dt>{item.term}</dt>
          <dd>{item.value ?? '—'}</dd>
        </div>
      ))}
    </dl>
  );
}
