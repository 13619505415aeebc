import { ActionIcon, Tooltip } from '@mantine/core';
import { createLink } from '@tanstack/react-router';
import { forwardRef } from 'react';
import { BellIcon } from './notificationIcons';
import { useUnreadCount } from './notifications.api';

const BellAnchor = createLink(
  forwardRef<HTMLAnchorElement, React.ComponentPropsWithoutRef<'a'> & { active?: boolean }>(({ active, ...props }, ref) => (
    <ActionIcon
      component="a"
      ref={ref}
      variant={active ? 'light' : 'subtle'}
      color="gray"
      size={40}
      radius="md"
      pos="relative"
      {...props}
    />
  )),
);

/** What the bell is called for a screen reader, e.g. "Notifications, 3 unread". */
export function bellLabel(unread: number | undefined): string {
  if (!unread) return 'Notifications, none unread';
  return `Notifications, ${unread > 99 ? 'more than 99' : unread} unread`;
}

const badge: React.CSSProperties = {
  position: 'absolute',
  top: 2,
  right: 0,
  minWidth: 18,
  height: 18,
  padding: '0 5px',
  borderRadius: 9,
  background: 'var(--mantine-color-red-8)',
  color: 'white',
  fontSize: 11,
  fontWeight: 700,
  lineHeight: '18px',
  textAlign: 'center',
  boxShadow: '0 0 0 2px var(--mantine-color-body)',
};

/** The header's bell: the unread count (refreshed every minute), a link to the inbox. */
export function NotificationBell({ active }: { active?: boolean }) {
  const unread = useUnreadCount().data;
  const label = bellLabel(unread);
  return (
    <Tooltip label={label} withArrow openDelay={300}>
      <BellAnchor to="/notifications" aria-label={label} active={active} aria-current={active ? 'page' : undefined}>
        <BellIcon size={22} />
        {!!unread && (
          <span style={badge} aria-hidden="true" data-testid="unread-badge">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </BellAnchor>
    </Tooltip>
  );
}
