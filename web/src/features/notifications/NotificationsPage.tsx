import {
  Anchor,
  Badge,
  Box,
  Button,
  Group,
  Pagination,
  Paper,
  SegmentedControl,
  Skeleton,
  Stack,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { useNavigate, useRouter } from '@tanstack/react-router';
import { DateText } from '../../components/DateText';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { TextLink } from '../../components/links';
import { notifySuccess } from '../../components/notify';
import { PageHeader } from '../../components/PageHeader';
import { BellIcon, CheckIcon } from './notificationIcons';
import { type InboxItem, type NotificationKind, useInbox, useMarkAllRead, useMarkRead } from './notifications.api';
import { PreferencesSection } from './PreferencesSection';

export interface NotificationSearch {
  page?: number;
  unread?: boolean;
}

const PAGE_SIZE = 20;

const KIND: Record<NotificationKind, { label: string; color: string }> = {
  finding: { label: 'Finding', color: 'orange' },
  deadline: { label: 'Deadline', color: 'blue' },
  system: { label: 'Steward', color: 'gray' },
};

function Item({ item, onOpen, onRead, reading }: { item: InboxItem; onOpen: () => void; onRead: () => void; reading: boolean }) {
  const unread = !item.readAt;
  const title = item.link ? (
    <Anchor
      href={item.link}
      fw={unread ? 700 : 500}
      c="inherit"
      underline="hover"
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        onOpen();
      }}
    >
      {item.title}
    </Anchor>
  ) : (
    <Text span fw={unread ? 700 : 500}>
      {item.title}
    </Text>
  );
  return (
    <Box
      component="li"
      px="md"
      py="sm"
      style={{
        listStyle: 'none',
        borderBottom: '1px solid var(--mantine-color-gray-2)',
        borderLeft: `4px solid ${unread ? 'var(--mantine-color-steward-6)' : 'transparent'}`,
        background: unread ? 'var(--mantine-color-steward-0)' : undefined,
      }}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="md">
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Group gap="xs" wrap="wrap" align="center">
            <Badge size="sm" variant="light" color={KIND[item.kind].color}>
              {KIND[item.kind].label}
            </Badge>
            {unread && <VisuallyHidden>Unread:</VisuallyHidden>}
            {title}
          </Group>
          {item.body && (
            <Text size="sm" c="dimmed">
              {item.body}
            </Text>
          )}
          <Group gap="xs" wrap="wrap">
            <Text size="xs" c="dimmed">
              <DateText value={item.createdAt} withTime />
            </Text>
            {item.contract && (
              <>
                <Text size="xs" c="dimmed" aria-hidden="true">
                  ·
                </Text>
                <TextLink size="xs" to="/contracts/$id" params={{ id: item.contract.id }}>
                  {item.contract.reference} {item.contract.title}
                </TextLink>
              </>
            )}
          </Group>
        </Stack>
        {unread ? (
          <Button size="compact-sm" variant="subtle" onClick={onRead} loading={reading} aria-label={`Mark “${item.title}” as read`}>
            Mark as read
          </Button>
        ) : (
          <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
            Read
          </Text>
        )}
      </Group>
    </Box>
  );
}

export function NotificationsPage({ search }: { search: NotificationSearch }) {
  const navigate = useNavigate();
  const router = useRouter();
  const page = search.page ?? 1;
  const query = useInbox({ page, pageSize: PAGE_SIZE, unread: search.unread });
  const markRead = useMarkRead();
  const markAll = useMarkAllRead();
  const data = query.data;
  const unreadCount = data?.unreadCount ?? 0;
  const go = (next: NotificationSearch) => navigate({ to: '/notifications', search: next });

  const open = (item: InboxItem) => {
    if (!item.readAt) markRead.mutate(item.id);
    if (item.link) void router.navigate({ href: item.link });
  };

  const list = () => {
    if (query.error && !data)
      return <ErrorAlert error={query.error} title="Could not load your notifications" onRetry={() => query.refetch()} />;
    if (!data)
      return (
        <Stack p="md" gap="md" aria-busy="true">
          {[1, 2, 3].map((i) => (
            <Skeleton key={i} height={48} radius="sm" />
          ))}
        </Stack>
      );
    if (data.items.length === 0)
      return search.unread ? (
        <EmptyState
          icon={<CheckIcon size={26} />}
          title="You are all caught up"
          description="Nothing unread. Earlier notifications are under “All”."
          action={
            <Button variant="default" onClick={() => go({})}>
              Show all notifications
            </Button>
          }
        />
      ) : (
        <EmptyState
          icon={<BellIcon size={26} />}
          title="No notifications yet"
          description="Steward tells you here when a finding is raised or a deadline comes up on a contract you look after. Choose below what you receive."
        />
      );
    return (
      <Box component="ul" m={0} p={0} aria-label="Notifications" aria-busy={query.isFetching || undefined}>
        {data.items.map((item) => (
          <Item
            key={item.id}
            item={item}
            onOpen={() => open(item)}
            onRead={() => markRead.mutate(item.id)}
            reading={markRead.isPending && markRead.variables === item.id}
          />
        ))}
      </Box>
    );
  };

  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <>
      <PageHeader
        title="Notifications"
        description="Findings and deadlines on the contracts you look after, and messages from Steward. The bell at the top shows how many are unread."
        actions={
          <Button
            variant="default"
            leftSection={<CheckIcon size={16} />}
            disabled={!unreadCount}
            loading={markAll.isPending}
            onClick={() =>
              markAll.mutate(undefined, {
                onSuccess: (r) =>
                  notifySuccess(r.updated === 1 ? 'One notification marked as read.' : `${r.updated} notifications marked as read.`),
              })
            }
          >
            Mark all as read
          </Button>
        }
      />
      <Stack gap="lg">
        <Paper p={0} style={{ overflow: 'hidden' }} component="section" aria-label="Your notifications">
          <Group justify="space-between" p="md" wrap="wrap" gap="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
            <SegmentedControl
              aria-label="Show"
              value={search.unread ? 'unread' : 'all'}
              onChange={(v) => go({ unread: v === 'unread' ? true : undefined })}
              data={[
                { value: 'all', label: 'All' },
                { value: 'unread', label: `Unread (${unreadCount})` },
              ]}
            />
            <Text size="sm" c="dimmed" aria-live="polite">
              {data ? (unreadCount === 0 ? 'Nothing unread' : unreadCount === 1 ? '1 unread' : `${unreadCount} unread`) : ''}
            </Text>
          </Group>
          {list()}
        </Paper>
        {data && pages > 1 && (
          <Group justify="flex-end">
            <nav aria-label="Notifications: pages">
              <Pagination
                size="sm"
                total={pages}
                value={page}
                onChange={(p) => go({ ...search, page: p })}
                getItemProps={(p) => ({ 'aria-label': `Page ${p}`, 'aria-current': p === page ? 'page' : undefined })}
                getControlProps={(control) => ({ 'aria-label': `${control[0].toUpperCase()}${control.slice(1)} page` })}
              />
            </nav>
          </Group>
        )}
        <PreferencesSection />
      </Stack>
    </>
  );
}
