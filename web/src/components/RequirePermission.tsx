import type { ReactNode } from 'react';
import type { Permission } from '../api/types';
import { useCan } from '../features/auth/session';
import { ForbiddenPage } from './StatusPage';

/** Render children only for users holding the permission; everyone else sees the access page. */
export function RequirePermission({ permission, children }: { permission: Permission; children: ReactNode }) {
  const can = useCan();
  return can(permission) ? children : <ForbiddenPage />;
}
