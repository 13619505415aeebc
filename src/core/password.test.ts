import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password.js';

describe('passwordProblem', () => {
  it('accepts a long, uncommon password', () => expect(passwordProblem('violet-kettle-harbour-42')).toBeNull());
  it('refuses short passwords', () => expect(passwordProblem('short-pass1')).toMatch(/at least 12/));
  it('refuses common passwords whatever the case', () => {
    expect(passwordProblem('Password1234')).toMatch(/too common/);
    expect(passwordProblem('QWERTY123456')).toMatch(/too common/);
  });
  it('refuses a single repeated character', () => expect(passwordProblem('zzzzzzzzzzzzzz')).toMatch(/too easy/));
  it('refuses a password containing the e-mail name', () =>
    expect(passwordProblem('priya.natarajan-2026', 'priya.natarajan@city.example')).toMatch(/e-mail/));
});
