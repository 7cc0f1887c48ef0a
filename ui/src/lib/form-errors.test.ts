import { describe, expect, it } from 'vitest';
import { messageAt, messagesUnder, unplacedMessage } from './form-errors';

const error = {
  code: 'invalid',
  message: '3 problems found; nothing was changed',
  path: 'title',
  fields: [
    { path: 'title', message: 'expected some text' },
    { path: 'themes[1]', message: 'expected a lowercase slug' },
    { path: 'mystery', message: 'something else' },
  ],
};

describe('form errors', () => {
  it('finds the message for a path', () => {
    expect(messageAt(error, 'title')).toBe('expected some text');
    expect(messageAt(error, 'id')).toBeNull();
    expect(messageAt(null, 'title')).toBeNull();
  });

  it('gathers the messages of list rows with their row named', () => {
    expect(messagesUnder(error, 'themes', (i) => `Theme ${i + 1}`)).toBe('Theme 2: expected a lowercase slug');
    expect(messagesUnder(error, 'parties', (i) => `${i}`)).toBeNull();
  });

  it('lists what no control shows, or the whole message when no field is named', () => {
    expect(unplacedMessage(error, (p) => p === 'title' || p.startsWith('themes'))).toBe('mystery: something else');
    expect(unplacedMessage(error, () => true)).toBeNull();
    expect(unplacedMessage({ code: 'refused', message: 'cannot delete', path: null, fields: [] }, () => true)).toBe('cannot delete');
  });
});
