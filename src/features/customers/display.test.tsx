import { render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { Email } from './display';

describe('an email address', () => {
  it('may break before its @ and dots, and reads as the address', () => {
    // React reports a list child without a key here.
    const error = vi.spyOn(console, 'error');
    const { container } = render(
      <span>
        <Email address="ada.lovelace@mail.example.com" />
      </span>,
    );
    const span = container.firstElementChild;
    expect(span?.innerHTML).toBe('ada<wbr>.lovelace<wbr>@mail<wbr>.example<wbr>.com');
    expect(span).toHaveTextContent(/^ada\.lovelace@mail\.example\.com$/);
    const errors = error.mock.calls.length;
    error.mockRestore();
    expect(errors).toBe(0);
  });
});
