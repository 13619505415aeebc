import { createRoute } from '@tanstack/react-router';
import { RequirePermission } from '../components/RequirePermission';
import { type OutboxSearch, OutboxPage } from '../features/admin/OutboxPage';
import { type WebhookSearch, WebhooksPage } from '../features/admin/WebhooksPage';
import { type NotificationSearch, NotificationsPage } from '../features/notifications/NotificationsPage';
import { optionalPositiveInt, optionalString, pageSearch } from '../lib/search';
import { appRoute } from './app';

export const notificationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/notifications',
  validateSearch: (search: Record<string, unknown>): NotificationSearch => ({
    page: optionalPositiveInt(search.page),
    unread: search.unread === true || search.unread === 'true' ? true : undefined,
  }),
  component: function NotificationsRoute() {
    return <NotificationsPage search={notificationsRoute.useSearch()} />;
  },
});

const MAIL_STATUSES = ['pending', 'sent', 'held', 'failed'] as const;

export const outboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/outbox',
  validateSearch: (search: Record<string, unknown>): OutboxSearch => {
    const status = optionalString(search.status);
    return {
      status: (MAIL_STATUSES as readonly string[]).includes(status ?? '') ? (status as OutboxSearch['status']) : undefined,
      q: optionalString(search.q),
      id: optionalString(search.id),
      ...pageSearch(search),
    };
  },
  component: function OutboxRoute() {
    return (
      <RequirePermission permission="outbox.read">
        <OutboxPage search={outboxRoute.useSearch()} />
      </RequirePermission>
    );
  },
});

export const webhooksRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/admin/webhooks',
  validateSearch: (search: Record<string, unknown>): WebhookSearch => ({
    id: optionalString(search.id),
    page: optionalPositiveInt(search.page),
  }),
  component: function WebhooksRoute() {
    return (
      <RequirePermission permission="webhook.manage">
        <WebhooksPage search={webhooksRoute.useSearch()} />
      </RequirePermission>
    );
  },
});
