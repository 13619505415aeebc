/** Password rules: length and a list of common passwords (checked case-insensitively). */
export const PASSWORD_MIN_LENGTH = 12;

const COMMON = new Set(
  [
    'password1234',
    'password12345',
    'password123456',
    '123456789012',
    '1234567890123',
    'qwertyuiop12',
    'qwertyuiopas',
    'iloveyou1234',
    'administrator',
    'letmein12345',
    'welcome12345',
    'changeme1234',
    'passwordpassword',
    'aaaaaaaaaaaa',
    '111111111111',
    '000000000000',
    'abcdefghijkl',
    'abc123abc123',
    'qwerty123456',
    '1q2w3e4r5t6y',
    'trustno1trustno1',
    'football1234',
    'baseball1234',
    'sunshine1234',
    'princess1234',
    'monkey123456',
    'dragon123456',
    'starwars1234',
    'superman1234',
    'master123456',
    'p@ssw0rd1234',
    'p@ssword1234',
    'passw0rd1234',
    'welcome1welcome1',
    'summer2024!!',
    'winter2024!!',
    'spring2025!!',
    'autumn2025!!',
    'company12345',
    'steward12345',
    'stewardsteward',
    'contract1234',
    'procurement1',
    'procurement12',
    'government12',
    'qazwsxedcrfv',
    '1qaz2wsx3edc',
    'zaq12wsxcde3',
    'asdfghjkl123',
    'zxcvbnm12345',
    'mypassword12',
    'secret123456',
    'default12345',
    'temp12345678',
  ].map((p) => p.toLowerCase()),
);

/** Why a password is not acceptable, or null when it is. */
export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return `must be at least ${PASSWORD_MIN_LENGTH} characters`;
  if (password.length > 200) return 'must be at most 200 characters';
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'is too common; choose another';
  if (/^(.)\1+$/.test(password)) return 'is too easy to guess';
  if (email && lower.includes(email.toLowerCase().split('@')[0]) && email.split('@')[0].length >= 4)
    return 'must not contain your e-mail name';
  return null;
}
