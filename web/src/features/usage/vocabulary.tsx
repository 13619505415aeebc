/** Words, badges and number formats of the usage pages, and what the signed-in user may do with a contract's usage. */
import { Badge, type BadgeProps, type MantineColor } from '@mantine/core';
import type { Contract, Permission } from '../../api/types';
import { formatMoney } from '../../lib/format';
import { useMe, useSession } from '../auth/session';
import type { Environment, ServiceStatus, Team, UsageException } from './usage.api';

/** Who sees the usage pages at all. */
export const USAGE_READ: Permission = 'usage.read';

export const ENV_LABELS: Record<Environment, string> = { production: 'Production', pilot: 'Pilot', sandbox: 'Sandbox' };
const ENV_COLORS: Record<Environment, MantineColor> = { production: 'steward', pilot: 'indigo', sandbox: 'gray' };

export const SERVICE_STATUS_LABELS: Record<ServiceStatus, string> = {
  requested: 'Requested',
  approved: 'Approved',
  rejected: 'Rejected',
};
const SERVICE_STATUS_COLORS: Record<ServiceStatus, MantineColor> = { requested: 'yellow', approved: 'green', rejected: 'red' };

export const EXCEPTION_STATUS_LABELS: Record<UsageException['status'], string> = {
  open: 'Open',
  raised: 'Raised with the team',
  resolved: 'Resolved',
};

export const TEAM_LABELS: Record<Team, string> = {
  procurement: 'Procurement team',
  buyer: 'Department buyer',
  it_data: 'IT and data',
};

export const options = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));

/** Text colours that keep 4.5:1 on white and on striped or hovered rows. */
export const BAD_TEXT = '#b02525';
export const WARN_TEXT = '#9a3a08';
export const GOOD_TEXT = '#1f6b2e';

export function EnvironmentBadge({ environment, ...rest }: { environment: string | null } & BadgeProps) {
  if (!environment) return null;
  const env = environment as Environment;
  return (
    <Badge color={ENV_COLORS[env] ?? 'gray'} variant="outline" {...rest}>
      {ENV_LABELS[env] ?? environment}
    </Badge>
  );
}

export function ServiceStatusBadge({ status, ...rest }: { status: ServiceStatus } & BadgeProps) {
  return (
    <Badge color={SERVICE_STATUS_COLORS[status]} {...rest}>
      {SERVICE_STATUS_LABELS[status]}
    </Badge>
  );
}

export function ExceptionStatusBadge({ status, ...rest }: { status: UsageException['status'] } & BadgeProps) {
  const color: MantineColor = status === 'open' ? 'red' : status === 'raised' ? 'orange' : 'green';
  return (
    <Badge color={color} {...rest}>
      {EXCEPTION_STATUS_LABELS[status]}
    </Badge>
  );
}

// ---------- numbers ----------

const compact = new Intl.NumberFormat('en-GB', { notation: 'compact', compactDisplay: 'long', maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

/** A quantity for people: "12.7 billion", "8,400", "3.5". */
export function formatQuantity(quantity: string | number): string {
  const n = typeof quantity === 'number' ? quantity : Number(quantity);
  if (!Number.isFinite(n)) return String(quantity);
  return Math.abs(n) >= 100_000 ? compact.format(n) : whole.format(n);
}

/** An amount rounded for axes and short labels: "$1.2M", "$350K", "$80". */
export function formatMoneyShort(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(amount);
  } catch {
    return `${Math.round(amount)} ${currency}`;
  }
}

/** An amount to the whole unit, for headline figures: "US$245,532". */
export function formatMoneyWhole(amount: string | number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-GB', { style: 'currency', currency, maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(
      Math.round(Number(amount)),
    );
  } catch {
    return `${Math.round(Number(amount))} ${currency}`;
  }
}

/** A price that may be a fraction of a cent: "$0.0009", "$2.50". */
export function formatUnitPrice(amount: number, currency: string): string {
  const digits = amount !== 0 && Math.abs(amount) < 0.01 ? 6 : amount < 1 ? 4 : 2;
  try {
    return new Intl.NumberFormat('en-GB', {
      style: 'currency',
      currency,
      minimumFractionDigits: 2,
      maximumFractionDigits: digits,
    }).format(amount);
  } catch {
    return `${amount.toFixed(digits)} ${currency}`;
  }
}

/** Plain token units are priced per million; anything else per one unit as the provider writes it. */
export function pricingBasis(unit: string): { per: number; label: string } {
  if (/^tokens?$/i.test(unit.trim())) return { per: 1_000_000, label: 'per million tokens' };
  const u = unit.trim();
  return { per: 1, label: `per ${/^\d/.test(u) ? u : u.replace(/s$/i, '').toLowerCase() || 'unit'}` };
}

/** What one unit (or a million tokens) cost: the service's cost over its quantity. */
export function costPerUnit(cost: string, quantity: string, unit: string, currency: string): string | null {
  const c = Number(cost);
  const q = Number(quantity);
  if (!Number.isFinite(c) || !Number.isFinite(q) || q <= 0) return null;
  const basis = pricingBasis(unit);
  return `${formatUnitPrice((c / q) * basis.per, currency)} ${basis.label}`;
}

/** "42.5%" from the API's percentage string (one decimal); null stays null. */
export function percentText(p: string | number | null): string {
  if (p === null || p === '') return '—';
  const n = Number(p);
  return `${n.toLocaleString('en-GB', { maximumFractionDigits: 1 })}%`;
}

/** A share of a budget as a percentage, or null without a budget. */
export function shareOf(amount: string, of: string | null): number | null {
  if (!of) return null;
  const total = Number(of);
  if (!(total > 0)) return null;
  return (Number(amount) / total) * 100;
}

/** An exception's cost so far, in every currency it was billed in. */
export function billedText(billed: Record<string, string>, currency: string): string {
  const entries = Object.entries(billed);
  if (!entries.length) return formatMoney('0', currency);
  return entries.map(([cur, amount]) => formatMoney(amount, cur)).join(' + ');
}

/** A progress colour by the contract's thresholds: red past the ceiling threshold, orange past the notice or forecast level. */
export function burnColor(percent: number | null, t: { forecastPercent: number; ceilingPercent: number }): MantineColor {
  if (percent === null) return 'gray';
  if (percent >= t.ceilingPercent) return 'red';
  if (percent >= t.forecastPercent) return 'orange';
  return 'steward';
}

// ---------- who may do what ----------

export interface UsageRights {
  /** See the contract's usage (procurement and auditors everywhere; buyers and IT & data in their department). */
  read: boolean;
  /** Import cost and usage files. */
  import: boolean;
  /** Ask for catalog entries, raise unmatched usage with a team, change settings. */
  manage: boolean;
  /** Approve or reject catalog requests, change approved entries (procurement). */
  approve: boolean;
}

/** Roles whose usage permissions reach only their own department's contracts. */
const DEPARTMENT_ROLES = new Set(['buyer', 'it_data']);

/**
 * What the signed-in user may do with this contract's usage (the server checks again; this only
 * hides what would be refused).
 */
export function useUsageRights(contract: Contract): UsageRights {
  const { permissions } = useSession();
  const me = useMe();
  const held = (p: Permission) => permissions.includes(p);
  const inScope = !DEPARTMENT_ROLES.has(me.role) || (me.departmentId !== null && me.departmentId === contract.department.id);
  const read = held('usage.read') && inScope;
  return {
    read,
    import: read && held('usage.import'),
    manage: read && held('usage.manage'),
    approve: read && held('usage.approve'),
  };
}
