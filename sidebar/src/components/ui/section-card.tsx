import { Card } from 'antd-mobile';
import type { ReactNode } from 'react';

interface SectionCardProps {
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
  className?: string;
}

/** One block of a page: a titled card, labelled for screen readers and tests by its title. */
export function SectionCard({ title, extra, children, className }: SectionCardProps) {
  return (
    <section
      className={`section ${className ?? ''}`}
      aria-label={typeof title === 'string' ? title : undefined}
    >
      <Card title={title} extra={extra}>
        {children}
      </Card>
    </section>
  );
}
