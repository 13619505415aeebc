/** Plain-language validation messages, shown next to form fields. Loaded once by the app. */
import { z } from '@hono/zod-openapi';

const TYPE_NAMES: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

z.config({
  customError: (iss) => {
    switch (iss.code) {
      case 'invalid_type':
        if (iss.input === undefined) return 'is required';
        if (iss.input === null) return 'must not be empty';
        return `must be ${TYPE_NAMES[iss.expected] ?? iss.expected}`;
      case 'invalid_value':
        return `must be one of: ${iss.values.map((v) => String(v)).join(', ')}`;
      case 'too_small':
        if (iss.origin === 'string') return iss.minimum === 1 ? 'is required' : `must be at least ${iss.minimum} characters`;
        if (iss.origin === 'array') return `must have at least ${iss.minimum} items`;
        return `must be at least ${iss.minimum}`;
      case 'too_big':
        if (iss.origin === 'string') return `must be at most ${iss.maximum} characters`;
        if (iss.origin === 'array') return `must have at most ${iss.maximum} items`;
        return `must be at most ${iss.maximum}`;
      case 'unrecognized_keys':
        return 'is not a known field';
      default:
        return undefined;
    }
  },
});
