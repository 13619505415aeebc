import { AppShell, Badge, Box, Burger, Button, Container, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { labelOf, useMeta } from '../api/meta';
import type { Permission } from '../api/types';
import { useCan, useLogout, useMe } from '../features/auth/session';
import { AuditIcon, CalendarIcon, ContractIcon, DepartmentIcon, HomeIcon, KeyIcon, LogoutIcon, UsersIcon, VendorIcon } from './icons';
import { FindingIcon } from '../features/findings/FindingIcon';
import { MilestoneIcon } from '../features/milestones/milestoneIcons';
import { UsageIcon } from '../features/usage/usageIcons';
import { HolidayIcon, InvoiceIcon, RateIcon } from '../features/invoices/invoiceIcons';
import { NavItemLink } from './links';
import { SettingsIcon } from '../features/calendar/calendarIcons';
import { QuestionIcon } from '../features/questions/questionIcons';
import { useRouteFocus } from './useRouteFocus';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { MailIcon, WebhookIcon } from '../features/notifications/notificationIcons';

interface NavItem {
  to:
    | '/'
    | '/questions'
    | '/contracts'
    | '/findings'
    | '/milestones'
    | '/usage'
    | '/payables'
    | '/admin/payment-rates'
    | '/admin/payment-holidays'
    | '/calendar'
    | '/vendors'
    | '/admin/users'
    | '/admin/departments'
    | '/admin/settings'
    | '/admin/outbox'
    | '/admin/webhooks'
    | '/audit'
    | '/tokens';
  label: string;
  /** What vendor users see instead (their side of the same records). */
  vendorLabel?: string;
  icon: ReactNode;
  /** Shown only to users holding this permission. */
  permission?: Permission;
}

const NAV: NavItem[] = [
  { to: '/', label: 'Home', icon: <HomeIcon /> },
  { to: '/contracts', label: 'Contracts', icon: <ContractIcon />, permission: 'contract.read' },
  { to: '/findings', label: 'Findings', icon: <FindingIcon />, permission: 'finding.read' },
  { to: '/milestones', label: 'Milestones', icon: <MilestoneIcon />, permission: 'contract.read' },
  { to: '/usage', label: 'Usage', icon: <UsageIcon />, permission: 'usage.read' },
  { to: '/payables', label: 'Payables', vendorLabel: 'Invoices', icon: <InvoiceIcon />, permission: 'invoice.read' },
  { to: '/calendar', label: 'Calendar', icon: <CalendarIcon />, permission: 'deadline.read' },
  { to: '/questions', label: 'Key questions', icon: <QuestionIcon />, permission: 'question.read' },
  { to: '/vendors', label: 'Vendors', icon: <VendorIcon />, permission: 'vendor.read' },
  { to: '/admin/users', label: 'Users', icon: <UsersIcon />, permission: 'user.manage' },
  { to: '/admin/departments', label: 'Departments', icon: <DepartmentIcon />, permission: 'department.manage' },
  { to: '/admin/settings', label: 'Team settings', icon: <SettingsIcon />, permission: 'settings.manage' },
  { to: '/admin/outbox', label: 'Mail outbox', icon: <MailIcon />, permission: 'outbox.read' },
  { to: '/admin/payment-rates', label: 'Payment rates', icon: <RateIcon />, permission: 'payment_rates.manage' },
  { to: '/admin/payment-holidays', label: 'Payment holidays', icon: <HolidayIcon />, permission: 'payment_rates.manage' },
  { to: '/admin/webhooks', label: 'Webhooks', icon: <WebhookIcon />, permission: 'webhook.manage' },
  { to: '/audit', label: 'Audit log', icon: <AuditIcon />, permission: 'audit.read' },
  { to: '/tokens', label: 'API tokens', icon: <KeyIcon />, permission: 'token.own' },
];

export function Logo() {
  return (
    <Group gap={10} wrap="nowrap">
      <ThemeIcon size={34} radius="md" aria-hidden="true">
        <svg
          width="22"
          height="22"
          viewBox="0 0 24 24"
          aria-hidden="true"
          focusable="false"
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        >
          <path d="M12 3l7.5 2.8v5.7c0 4.4-3.1 8.1-7.5 9.5-4.4-1.4-7.5-5.1-7.5-9.5V5.8z" />
          <path d="M8.5 12.2l2.4 2.4 4.6-4.8" />
        </svg>
      </ThemeIcon>
      <Stack gap={0}>
        <Text fw={750} size="lg" lh={1.1} c="steward.9">
          Steward
        </Text>
        <Text size="xs" c="dimmed" lh={1.2} visibleFrom="xs">
          AI contract management
        </Text>
      </Stack>
    </Group>
  );
}

/** The signed-in frame: header with the user, navigation by permission, and the page. */
export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const me = useMe();
  const can = useCan();
  const meta = useMeta();
  const logout = useLogout();
  const navigate = useNavigate();
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  useRouteFocus();

  const isActive = (to: string) => (to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`));
  const items = NAV.filter((item) => !item.permission || can(item.permission));
  const affiliation = me.vendorName ?? me.departmentName;

  const signOut = () => logout.mutate(undefined, { onSettled: () => navigate({ to: '/login', search: { redirect: undefined } }) });

  return (
    <AppShell
      header={{ height: 64 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'md', md: 'xl' }}
    >
      <a href="#main" className="skip-link">
        Skip to main content
      </a>
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
            />
            <Logo />
          </Group>
          <Group gap="md" wrap="nowrap">
            <Box ta="right" visibleFrom="xs">
              <Text size="sm" fw={600} lh={1.2}>
                {me.name}
              </Text>
              <Group gap={6} justify="flex-end" wrap="nowrap">
                <Badge size="xs" color="steward">
                  {labelOf(meta?.roles, me.role)}
                </Badge>
                {affiliation && (
                  <Text size="xs" c="dimmed" lh={1.2} truncate maw={180}>
                    {affiliation}
                  </Text>
                )}
              </Group>
            </Box>
            <NotificationBell active={isActive('/notifications')} />
            <Button variant="default" size="sm" leftSection={<LogoutIcon size={16} />} onClick={signOut} loading={logout.isPending}>
              Log out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <Box hiddenFrom="xs" px="sm" pb="sm" mb="sm" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
          <Text size="sm" fw={600}>
            {me.name}
          </Text>
          <Text size="xs" c="dimmed">
            {labelOf(meta?.roles, me.role)}
            {affiliation ? ` · ${affiliation}` : ''}
          </Text>
        </Box>
        <Stack gap={4}>
          {items.map((item) => (
            <NavItemLink
              key={item.to}
              to={item.to}
              label={me.vendorId && item.vendorLabel ? item.vendorLabel : item.label}
              leftSection={item.icon}
              active={isActive(item.to)}
              aria-current={isActive(item.to) ? 'page' : undefined}
              onClick={close}
              variant="light"
              styles={{ root: { borderRadius: 'var(--mantine-radius-md)' }, label: { fontWeight: 550 } }}
            />
          ))}
        </Stack>
      </AppShell.Navbar>

      <AppShell.Main id="main" tabIndex={-1} style={{ outline: 'none' }}>
        <Container size="xl" px={0}>
          <Outlet />
        </Container>
      </AppShell.Main>
    </AppShell>
  );
}
