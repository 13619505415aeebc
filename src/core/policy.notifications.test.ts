import { describe, expect, it } from 'vitest';
import { type Actor, ROLES, can } from './policy.js';

const actor = (role: Actor['role']): Actor => ({ userId: 'u', email: 'e', role, departmentId: null, vendorId: null });

describe('notification permissions', () => {
  it('give every role its own inbox and preferences', () => {
    for (const role of ROLES) expect(can(actor(role), 'notification.own'), role).toBe(true);
  });
  it('let only admins read the mail outbox and manage webhooks', () => {
    for (const role of ROLES) {
      expect(can(actor(role), 'outbox.read'), role).toBe(role === 'admin');
      expect(can(actor(role), 'webhook.manage'), role).toBe(role === 'admin');
    }
  });
});
