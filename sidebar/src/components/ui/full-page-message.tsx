import { InformationCircleOutline } from 'antd-mobile-icons';
import type { ReactNode } from 'react';

interface FullPageMessageProps {
  title: string;
  description: ReactNode;
  children?: ReactNode;
}

/** A page with nothing to show but an explanation: not found, the wrong place to open the sidebar. */
export function FullPageMessage({ title, description, children }: FullPageMessageProps) {
  return (
    <main className="page state" aria-label={title}>
      <InformationCircleOutline className="state-icon" aria-hidden />
      <h1 className="state-title">{title}</h1>
      <p className="state-description">{description}</p>
      {children}
    </main>
  );
}
