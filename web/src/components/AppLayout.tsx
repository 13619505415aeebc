import { AppShell, Badge, Box, Burger, Button, Container, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Outlet, useNavigate, useRouterState } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { labelOf, useMeta } from '../api/meta';
import type { Permission } from '../api/types';
import { useCan, useLogout, useMe } from '../features/auth/session';
import {
  AuditIcon,
  ContractIcon,
  DepartmentIcon,
  HomeIcon,
  KeyIcon,
  LogoutIcon,
  UsersIcon,
  VendorIcon,
} from './icons';
import { NavItemLink } from './links';

interface NavItem {
  to: '/' | '/contracts' | '/vendors' | '/admin/users' | '/admin/departments' | '/audit' | '/tokens';
  label: string;
  icon: ReactNode;
  /** Shown only to users holding this permission. */
  permission?: Permission;
}

const NAV: NavItem[] = [
  { to: '/', label: 'Home', icon: <HomeIcon /> },
  { to: '/contracts', label: 'Contracts', icon: <ContractIcon />, permission: 'contract.read' },
  { to: '/vendors', label: 'Vendors', icon: <VendorIcon />, permission: 'vendor.read' },
  { to: '/admin/users', label: 'Users', icon: <UsersIcon />, permission: 'user.manage' },
  { to: '/admin/departments', label: 'Departments', icon: <DepartmentIcon />, permission: 'department.manage' },
  { to: '/audit', label: 'Audit log', icon: <AuditIcon />, permission: 'audit.read' },
  { to: '/tokens', label: 'API tokens', icon: <KeyIcon />, permission: 'token.own' },
];

export function Logo() {
  return (
    <Group gap={10} wrap="nowrap">
      <ThemeIcon size={34} radius="md" aria-hidden="true">
        <svg width="20" height="20" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
          <path
            d="M9 22.5c1.6 1.3 3.9 2 6.6 2 4 0 6.7-1.9 6.7-5 0-2.7-1.9-4-5.6-4.8l-2-.4c-2-.4-2.8-1-2.8-2 0-1.2 1.2-2 3.1-2 1.8 0 3.3.6 4.4 1.6"
            fill="none"
            stroke="currentColor"
            strokeWidth="3"
            strokeLinecap="round"
          />
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

  const isActive = (to: string) => (to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`));
  const items = NAV.filter((item) => !item.permission || can(item.permission));
  const affiliation = me.vendorName ?? me.departmentName;

  const signOut = () =>
    logout.mutate(undefined, { onSettled: () => navigate({ to: '/login', search: { redirect: undefined } }) });

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
            <Button
              variant="default"
              size="sm"
              leftSection={<LogoutIcon size={16} />}
              onClick={signOut}
              loading={logout.isPending}
            >
              Log out
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Main navigation">
        <Stack gap={4}>
          {items.map((item) => (
            <NavItemLink
              key={item.to}
              to={item.to}
              label={item.label}
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
